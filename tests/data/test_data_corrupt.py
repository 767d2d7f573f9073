"""Corrupted official files and a tampered store (issue 14): each refused with one line naming
the file, the line and the rule, and nothing stored.

Every case copies a real file from ../shared/data into a temporary tree, changes one thing and
runs ``cardtable data import`` (in-process through click's CliRunner) on a store that already
holds a good import, which must come out byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cardtable.cli import cli
from cardtable.data import Store, import_dir
from cardtable.data.loaders import read_mfhhis
from cardtable.errors import ParseError, StoreError

Snapshot = Callable[[Path], dict[str, bytes]]

TIC = "tic/mfhhis01.txt"
MSPD = "fiscaldata/mspd_summary.csv"
PAR = "treasury/daily_par_yield_curve.csv"
MSPD_TOTAL_ROW = "2026-05-31,Total Public Debt Outstanding,_,31515369.9184452,7692390.23430083,"


def _tree(shared: Path, target: Path, files: list[str]) -> Path:
    """Copies of some reference files below ``target``."""
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared / name, target / name)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def good_home(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A store holding an import of every reference file (copied per test)."""
    home = tmp_path_factory.mktemp("good")
    import_dir(shared, store=Store(home))
    return home


@pytest.fixture
def home(good_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "home"
    shutil.copytree(good_home, target, symlinks=True)
    monkeypatch.setenv("CARDTABLE_HOME", str(target))
    return target


# file, old text, new text, what the one-line error must say
CASES = [
    pytest.param(
        TIC,
        "Japan\t1185.5\t",
        "Japan\t4,25\t",
        r"mfhhis01\.txt line 10: holdings_usd_bn for 'Japan' at 2025-12 is '4,25'; allowed: a "
        r"decimal number",
        id="tic-decimal-comma",
    ),
    pytest.param(
        TIC,
        "\tDec\tNov\tOct",
        "\tJan\tNov\tOct",
        r"mfhhis01\.txt line 6: column 2 is 2025-11 after 2025-01 in column 1; the official "
        r"header runs newest first",
        id="tic-month-header-dec-to-jan",
    ),
    pytest.param(
        TIC,
        "Grand Total\t9271\t",
        "Grand Total\t1e308\t",
        r"mfhhis01\.txt line 47: holdings_usd_bn for 'Grand Total' at 2025-12 is '1e308'",
        id="tic-grand-total-1e308",
    ),
    pytest.param(
        TIC,
        "Grand Total\t9271\t",
        "Grand Total\t92710\t",
        r"mfhhis01\.txt line 47: Grand Total at 2025-12 \(column 1\) is 92710 but the 37 rows "
        r"above it sum to 9271\.3; allowed: a difference up to 1\.90",
        id="tic-grand-total-not-the-sum",
    ),
    pytest.param(
        TIC,
        "Japan\t1185.5\t",
        "Japan\t-1185.5\t",
        r"mfhhis01\.txt line 10: holdings_usd_bn for 'Japan' at 2025-12 is -1185\.5; allowed: "
        r"\[0, 100000\] USD bn",
        id="tic-negative-holding",
    ),
    pytest.param(
        MSPD,
        MSPD_TOTAL_ROW + "39207760.152746",
        MSPD_TOTAL_ROW + "inf",
        r"mspd_summary\.csv line 4618: total_mil_amt is 'inf'; allowed: an amount in USD "
        r"millions",
        id="mspd-total-inf",
    ),
    pytest.param(
        MSPD,
        MSPD_TOTAL_ROW + "39207760.152746",
        MSPD_TOTAL_ROW + "nan",
        r"mspd_summary\.csv line 4618: total_mil_amt is 'nan'",
        id="mspd-total-nan",
    ),
    pytest.param(
        MSPD,
        MSPD_TOTAL_ROW + "39207760.152746",
        MSPD_TOTAL_ROW + "-5",
        r"mspd_summary\.csv line 4618: total_mil_amt is '-5' \(USD millions\); allowed: \[0, ",
        id="mspd-total-minus-5",
    ),
    pytest.param(
        MSPD,
        MSPD_TOTAL_ROW + "39207760.152746",
        MSPD_TOTAL_ROW + "3920776.152746",
        r"mspd_summary\.csv line 4618: total_mil_amt 3920776\.153 differs from debt held by the "
        r"public plus intragovernmental holdings",
        id="mspd-total-inconsistent",
    ),
    pytest.param(
        "fred/DGS10.csv",
        "1962-02-09,4.05",
        "1962-02-09,1e308",
        r"DGS10\.csv line 30: DGS10 value '1e308' is not a number",
        id="fred-1e308",
    ),
    pytest.param(
        "fred/DGS10.csv",
        "1962-02-09,4.05",
        "1962-02-09,40.5",
        r"DGS10\.csv line 30: DGS10 value 40\.5 is implausible; allowed: \[-5, 30\] percent",
        id="fred-yield-out-of-range",
    ),
    pytest.param(
        "fred/DEXJPUS.csv",
        "1971-01-13,358.44",
        "1971-01-13,3584.4",
        r"DEXJPUS\.csv line 9: DEXJPUS value 3584\.4 is implausible; allowed: \[50, 500\] JPY",
        id="fred-fx-out-of-range",
    ),
    pytest.param(
        PAR,
        "2025-07-11,4.37,",
        "2025-07-11,1e308,",
        r"daily_par_yield_curve\.csv line 2: y_1m_pct is '1e308'; allowed: a rate in percent",
        id="par-yield-1e308",
    ),
    pytest.param(
        PAR,
        "2025-07-11,4.37,",
        "2025-07-11,43.7,",
        r"daily_par_yield_curve\.csv line 2: y_1m_pct is 43\.7; allowed: \[-5, 30\] percent",
        id="par-yield-out-of-range",
    ),
    pytest.param(
        PAR,
        "Date,1 Mo,1.5 Mo,",
        "Date,1.5 Mo,1 Mo,",
        r"daily_par_yield_curve\.csv line 1: column '1 Mo' comes after '1\.5 Mo'",
        id="par-yield-tenors-swapped",
    ),
]


def _run(runner: CliRunner, root: Path) -> tuple[int, str]:
    result = runner.invoke(cli, ["data", "import", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(("name", "old", "new", "needle"), CASES)
def test_corrupted_file_is_refused_and_nothing_stored(
    shared: Path,
    home: Path,
    tmp_path: Path,
    snapshot: Snapshot,
    name: str,
    old: str,
    new: str,
    needle: str,
) -> None:
    root = _tree(shared, tmp_path / "in", [name, "fred/DGS2.csv"])
    _edit(root / name, old, new)
    before = snapshot(home)
    code, output = _run(CliRunner(), root)
    assert code == 1
    assert output.startswith("error: ")
    assert output.count("\n") == 1, output
    assert re.search(needle, output), output
    assert snapshot(home) == before


def test_unchanged_copy_imports(shared: Path, home: Path, tmp_path: Path) -> None:
    """The control: the same copies, unedited, import cleanly."""
    root = _tree(shared, tmp_path / "in", [TIC, MSPD, PAR, "fred/DGS10.csv", "fred/DEXJPUS.csv"])
    code, output = _run(CliRunner(), root)
    assert code == 0, output


def test_thousands_separators_follow_the_official_format(shared: Path, tmp_path: Path) -> None:
    """``1,185.5`` (groups of three) is read as 1185.5; ``4,25`` is refused (above)."""
    root = _tree(shared, tmp_path / "in", [TIC])
    _edit(root / TIC, "Grand Total\t9271\t", "Grand Total\t9,271.0\t")
    table = read_mfhhis(root / TIC)
    main = table.main.set_index(["month", "country"])["holdings_usd_bn"]
    assert main[("2025-12", "Grand Total")] == 9271.0


def test_fred_file_whose_header_names_another_series(
    shared: Path, home: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    root = tmp_path / "in"
    (root / "fred").mkdir(parents=True)
    (root / "fred" / "DGS2.csv").write_bytes((shared / "fred" / "DGS10.csv").read_bytes())
    before = snapshot(home)
    code, output = _run(CliRunner(), root)
    assert code == 1
    assert "DGS2.csv line 1: the header names series 'DGS10' but the file is DGS2.csv" in output
    assert output.count("\n") == 1
    assert snapshot(home) == before
    assert Store(home).read("fred_DGS10")["series_id"].eq("DGS10").all()


def test_header_only_par_yield_file(shared: Path, home: Path, tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "treasury").mkdir(parents=True)
    header = (shared / PAR).read_text().splitlines()[0]
    (root / PAR).write_text(header + "\n")
    code, output = _run(CliRunner(), root)
    assert code == 1
    assert output == (
        "error: daily_par_yield_curve.csv: a header and no rates; expected at least one dated "
        "row below the header\n"
    )
    with pytest.raises(ParseError, match="a header and no rates"):
        import_dir(root, store=Store(tmp_path / "other"))
    assert not (tmp_path / "other").exists()


# --- a tampered store ------------------------------------------------------------------------


def _manifest(home: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((home / "manifest.json").read_text())
    return data


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda m: m["datasets"]["tic_holders"].update(rows="12712"), "datasets.tic_holders.rows"),
        (lambda m: m["datasets"]["tic_holders"].update(rows=True), "datasets.tic_holders.rows"),
        (lambda m: m["datasets"]["mspd"].update(rows=-3), "datasets.mspd.rows"),
        (lambda m: m["datasets"]["mspd"].update(sha256=12), "datasets.mspd.sha256"),
        (lambda m: m["datasets"]["mspd"].pop("sha256"), "datasets.mspd.sha256 is missing"),
        (lambda m: m["datasets"]["mspd"].update(origin="web"), "datasets.mspd.origin"),
        (lambda m: m["datasets"]["mspd"].update(file="../x.parquet"), "datasets.mspd.file"),
        (lambda m: m["datasets"]["mspd"].update(file="fred_DGS2.parquet"), "datasets.mspd.file"),
        (lambda m: m["datasets"]["mspd"].update(dataset="fred_DGS2"), "datasets.mspd.dataset"),
        (lambda m: m.update(datasets=[1, 2]), "key datasets"),
        (lambda m: m.update(format="2"), "key format"),
        (lambda m: m.update(format=3), "key format"),
        (lambda m: m.update(version="../../etc"), "key version"),
        (lambda m: m.pop("version"), "key version is missing"),
        (lambda m: m["datasets"].update(ecb=m["datasets"]["mspd"]), "key datasets.ecb"),
    ],
)
def test_manifest_with_wrong_types_is_one_store_error(
    home: Path, edit: Callable[[dict[str, object]], object], key: str
) -> None:
    manifest = _manifest(home)
    edit(manifest)
    (home / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="not a valid cardtable manifest") as info:
        Store(home).manifest()
    message = str(info.value)
    assert key in message
    assert "\n" not in message
    runner = CliRunner()
    result = runner.invoke(cli, ["holders", "--top", "3"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert result.output.count("\n") == 1
    assert key in result.output
    status = runner.invoke(cli, ["data", "status", "--json"])
    assert status.exit_code == 1
    assert key in json.loads(status.output)["problems"][0]


@pytest.mark.parametrize("text", ["[]", '"x"', "{", "", '{"format": 2}', "1e999999"])
def test_manifest_that_is_not_an_object(home: Path, text: str) -> None:
    (home / "manifest.json").write_text(text)
    with pytest.raises(StoreError, match="not a valid cardtable manifest"):
        Store(home).manifest()


def _tamper(home: Path, name: str, data: bytes) -> None:
    """Replace a dataset's file by ``data`` and update its sha256 in the manifest."""
    store = Store(home)
    store.path(name).write_bytes(data)
    manifest = _manifest(home)
    entry = manifest["datasets"]
    assert isinstance(entry, dict)
    entry[name]["sha256"] = hashlib.sha256(data).hexdigest()
    (home / "manifest.json").write_text(json.dumps(manifest))


def test_garbage_parquet_with_updated_sha256(home: Path) -> None:
    _tamper(home, "tic_holders", b"PAR1 this is not parquet at all PAR1")
    store = Store(home)
    assert store.verify("tic_holders")  # the checksum alone cannot tell
    with pytest.raises(StoreError, match=r"tic_holders\.parquet: not a readable Parquet file"):
        store.read("tic_holders")
    runner = CliRunner()
    result = runner.invoke(cli, ["holders", "--top", "3"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "not a readable Parquet file" in result.output
    status = runner.invoke(cli, ["data", "status"])
    assert status.exit_code == 1
    assert "problem: " in status.output
    assert "not a readable Parquet file" in status.output


def test_valid_parquet_of_the_wrong_content_with_updated_sha256(home: Path) -> None:
    """Another dataset's file under tic_holders' name decodes but fails validation."""
    _tamper(home, "tic_holders", Store(home).path("fred_DGS2").read_bytes())
    with pytest.raises(StoreError, match=r"tic_holders\.parquet: tic_holders: columns are"):
        Store(home).read("tic_holders")
