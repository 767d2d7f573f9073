"""The shape of the code: the layers of docs/model.md, the flat public API, and no imports
hidden inside functions across packages."""

from __future__ import annotations

import ast
from pathlib import Path

import cardtable

SRC = Path(__file__).resolve().parents[1] / "src" / "cardtable"

#: docs/model.md's order: a package may import only packages of a lower or equal rank.
RANK = {
    "_typing": 0,
    "_calendar": 0,
    "_io": 0,
    "_json": 0,
    "_version": 0,
    "_quantiles": 0,
    "errors": 0,
    "_spec": 1,
    "params": 1,
    "data": 2,
    "trade": 3,
    "market": 4,
    "costs": 4,
    "scenarios": 5,
    "game": 6,
    "views": 6,
    "engine": 7,
    "leverage": 8,
    "backtest": 9,
    "sweep": 9,
    "factcheck": 9,
    "report": 10,
    "uncertainty": 11,
    "web": 11,
    "cli": 12,
    "__main__": 13,
}


def _package(module_path: Path) -> str:
    rel = module_path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """``(imported cardtable package, inside a function)`` for every import in ``tree``."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            ):
                continue  # annotations only: no import at run time
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.module:
                parts = child.module.split(".")
                if parts[0] == "cardtable":
                    if len(parts) > 1:
                        found.append((parts[1], inner))
                    else:  # from cardtable import data, trade
                        found.extend((alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    parts = alias.name.split(".")
                    if parts[0] == "cardtable" and len(parts) > 1:
                        found.append((parts[1], inner))
            visit(child, inner)

    visit(tree, False)
    return found


def test_packages_import_only_lower_layers_and_never_inside_functions() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "__init__.py":
            continue
        own = _package(path)
        assert own in RANK, f"{path}: package {own!r} is missing from the layer table"
        for target, in_function in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if target == own:
                continue
            if target not in RANK:
                problems.append(f"{path.relative_to(SRC)}: imports unknown cardtable.{target}")
            elif RANK[target] > RANK[own]:
                problems.append(f"{path.relative_to(SRC)}: {own} imports higher layer {target}")
            elif in_function:
                problems.append(f"{path.relative_to(SRC)}: imports {target} inside a function")
    assert problems == []


def test_public_api_is_flat_sorted_and_complete() -> None:
    assert len(set(cardtable.__all__)) == len(cardtable.__all__)  # ruff (RUF022) keeps it sorted
    for name in cardtable.__all__:
        assert hasattr(cardtable, name), name
    assert {
        "simulate",
        "negotiate",
        "coalition",
        "holders",
        "load_scenario",
        "SimulationResult",
        "ScenarioNegotiation",
        "CoalitionResult",
        "CardtableError",
        "InputError",
    } <= set(cardtable.__all__)
    public = {n for n in vars(cardtable) if not n.startswith("_")} - set(cardtable.__all__)
    # subpackages are importable attributes, not part of the flat API
    public -= {"annotations"}  # from __future__ import annotations
    assert all(isinstance(getattr(cardtable, n), type(cardtable)) for n in public), public
