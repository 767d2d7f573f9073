"""Sweeps in-process, on a Dask LocalCluster (loopback, no network) and after an interruption:
the same figures every way, because every grid point uses the same draws and seed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from distributed import LocalCluster

import cardtable.sweep._run as sweep_run
from cardtable.engine import simulate
from cardtable.errors import CardtableWarning, InputError
from cardtable.scenarios import load_scenario, with_overrides
from cardtable.sweep import SweepResult, output_quantiles, parse_grid, points_per_task, sweep

SALE = "actors[0].sell.amount_usd_bn"
GRID = [f"{SALE}=100:300:100", "flow_impact_bp_per_100bn=40,60"]
DRAWS, SEED = 200, 7


@pytest.fixture(scope="module")
def in_process() -> SweepResult:
    return sweep("japan-fire-sale", GRID, draws=DRAWS, seed=SEED, task_seconds=1e-3)


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=":0"
    ) as c:
        yield c


def test_every_point_is_the_simulation_of_its_overrides(in_process: SweepResult) -> None:
    assert len(in_process.points) == 6
    assert in_process.points[1] == {SALE: 100, "flow_impact_bp_per_100bn": 60}
    for point, outputs in zip(in_process.points, in_process.outputs, strict=True):
        sc = with_overrides(load_scenario("japan-fire-sale"), point)
        assert outputs == output_quantiles(simulate(sc, draws=DRAWS, seed=SEED))


def test_tidy_frame_has_one_row_per_point_and_output(in_process: SweepResult) -> None:
    frame = in_process.to_frame()
    n_out = len(in_process.output_names)
    assert len(frame) == 6 * n_out
    assert list(frame.columns) == [
        "point",
        SALE,
        "flow_impact_bp_per_100bn",
        "output",
        "p5",
        "p50",
        "p95",
    ]
    assert (frame["p5"] <= frame["p50"]).all()
    assert (frame["p50"] <= frame["p95"]).all()
    # a larger sale never lowers the median 10y peak (at either impact)
    tenyr = frame[frame["output"] == "yield_10y_peak_bp"]
    for _, g in tenyr.groupby("flow_impact_bp_per_100bn"):
        assert np.all(np.diff(g.sort_values(SALE)["p50"].to_numpy()) >= 0)


def test_cluster_gives_identical_results(in_process: SweepResult, cluster: LocalCluster) -> None:
    on_cluster = sweep(
        "japan-fire-sale",
        GRID,
        draws=DRAWS,
        seed=SEED,
        scheduler=cluster.scheduler_address,
        task_seconds=1e-3,
    )
    assert on_cluster.outputs == in_process.outputs
    pd.testing.assert_frame_equal(on_cluster.to_frame(), in_process.to_frame())
    assert len(on_cluster.task_seconds) >= 2  # several tasks really ran


def test_interrupted_sweep_resumes_and_matches(
    in_process: SweepResult,
    cluster: LocalCluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = sweep_run.evaluate_chunk
    calls: list[int] = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(len(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(sweep_run, "evaluate_chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sweep("japan-fire-sale", GRID, draws=DRAWS, seed=SEED, out_dir=tmp_path, task_seconds=1e-3)
    (store,) = (tmp_path / ".sweep").iterdir()
    assert len(list(store.glob("part-*.json"))) == 3
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["key"] == store.name
    assert manifest["seed"] == SEED

    # resume (on the cluster): only the three unfinished points are evaluated
    monkeypatch.setattr(sweep_run, "evaluate_chunk", real)
    seen: list[int] = []
    monkeypatch.setattr(sweep_run, "run_on_cluster", _counting(sweep_run.run_on_cluster, seen))
    resumed = sweep(
        "japan-fire-sale",
        GRID,
        draws=DRAWS,
        seed=SEED,
        out_dir=tmp_path,
        scheduler=cluster.scheduler_address,
        task_seconds=1e-3,
    )
    assert resumed.resumed_points == 3
    assert sum(seen) == 6 - 3 - 1  # one point in-process to time the tasks, two on the cluster
    assert resumed.outputs == in_process.outputs
    # a third run finds everything on disk
    again = sweep("japan-fire-sale", GRID, draws=DRAWS, seed=SEED, out_dir=tmp_path)
    assert again.resumed_points == 6
    assert again.outputs == in_process.outputs
    # another seed is another sweep
    other = sweep(
        "japan-fire-sale", [f"{SALE}=100,200"], draws=DRAWS, seed=SEED + 1, out_dir=tmp_path
    )
    assert other.resumed_points == 0
    assert other.key != again.key


def _counting(fn: Any, seen: list[int]) -> Any:
    def wrapped(address: str, base: Any, tasks: Any, draws: int, seed: int) -> Any:
        seen.extend(len(t) for t in tasks)
        return fn(address, base, tasks, draws, seed)

    return wrapped


def test_write_tables_atomically(in_process: SweepResult, tmp_path: Path) -> None:
    written = in_process.write(tmp_path / "out")
    assert sorted(p.name for p in written) == [
        "elasticities.csv",
        "elasticities.parquet",
        "sweep.csv",
        "sweep.parquet",
    ]
    assert not list((tmp_path / "out").glob(".*.tmp"))
    back = pd.read_parquet(tmp_path / "out" / "sweep.parquet")
    pd.testing.assert_frame_equal(back, in_process.to_frame())
    assert len(pd.read_csv(tmp_path / "out" / "sweep.csv")) == len(back)
    json.loads(in_process.to_json())  # strict JSON (NaN written as null)
    assert "strict" not in in_process.to_json()


def test_elasticity_of_a_power_law_is_its_exponent() -> None:
    axes = parse_grid({"x": [1.0, 2.0, 4.0], "z": [10, 20]})
    points = tuple({"x": x, "z": z} for x in (1.0, 2.0, 4.0) for z in (10, 20))

    def out(x: float, z: int) -> dict[str, dict[str, float]]:
        y = 3.0 * x**0.5 * z**-2.0
        return {
            "y": {"p5": y, "p50": 2 * y, "p95": -y},
            "flat": {"p5": 0.0, "p50": 1.0, "p95": 1.0},
        }

    res = SweepResult("t", "default", 1, 0, axes, points, tuple(out(**p) for p in points), "k")
    el = res.elasticities().set_index(["axis", "output"])
    assert res.centre() == {"x": 2.0, "z": 10}
    assert el.loc[("x", "y"), "elasticity_p50"] == pytest.approx(0.5)
    assert el.loc[("x", "y"), "elasticity_p95"] == pytest.approx(0.5)  # negative, same sign
    assert el.loc[("z", "y"), "elasticity_p50"] == pytest.approx(-2.0)  # one-sided at the end
    assert np.isnan(el.loc[("x", "flat"), "elasticity_p5"])  # y = 0: undefined
    assert el.loc[("x", "flat"), "elasticity_p50"] == 0.0


def test_bad_inputs_name_the_parameter(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        sweep("japan-fire-sale", ["no_such_field=1,2"], draws=10)
    assert err.value.field == "grid"
    with pytest.raises(InputError) as err:
        sweep("japan-fire-sale", [f"{SALE}=100,200"], draws=0)
    assert err.value.field == "draws"
    with pytest.raises(InputError) as err:
        sweep("japan-fire-sale", ["flow_impact_bp_per_100bn=20,40"], draws=10, strict=True)
    assert "params.flow_impact_bp_per_100bn" in str(err.value)
    with pytest.warns(CardtableWarning, match="outside the plausible range"):
        sweep("japan-fire-sale", ["flow_impact_bp_per_100bn=20,40"], draws=10)


def test_points_per_task_targets_the_task_length() -> None:
    assert points_per_task(0.1, 1.0) == 10
    assert points_per_task(3.0, 1.0) == 1
    assert points_per_task(0.0, 1.0) == 1


def test_worker_processes_give_identical_results(in_process: SweepResult) -> None:
    # worker processes run BLAS on one thread: the sweep does the same in-process, so the
    # figures agree to the last bit (BLAS's sums depend on how many threads split them)
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0"
    ) as c:
        remote = sweep(
            "japan-fire-sale",
            [GRID[0], "flow_impact_bp_per_100bn=40"],
            draws=DRAWS,
            seed=SEED,
            scheduler=c.scheduler_address,
            task_seconds=1e-3,
        )
    assert remote.outputs == in_process.outputs[::2]
