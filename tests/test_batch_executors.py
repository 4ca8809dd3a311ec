"""staffopt.batch.executors: spawned local workers and Ray, fault isolation, stopping."""

from __future__ import annotations

import importlib.util
import multiprocessing
import signal
import sys
from pathlib import Path

import pytest
from conftest import TinyBatch
from helpers import BATCH_TIME_LIMIT, make_region, tiny_branches, without_seconds

from staffopt.batch import CRASH_ENV, run_batch
from staffopt.batch.executors import Task, need_ray, run_local
from staffopt.batch.signals import SignalGuard
from staffopt.batch.worker import Outcome
from staffopt.problems import ConfigError
from staffopt.result import BranchResult


def tasks_of(region: Path) -> list[Task]:
    """A task per branch file of the region, in name order."""
    return [Task(p.absolute(), p.name) for p in sorted((region / "branches").glob("*.yaml"))]


def test_a_dying_worker_costs_only_its_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3", "T4"]))
    monkeypatch.setenv(CRASH_ENV, "T2:raise,T4:exit")  # spawned workers inherit it
    outcomes: dict[str, Outcome] = {}

    run_local(tasks_of(region), 2, region / "standards.yaml", BATCH_TIME_LIMIT,
              lambda task, outcome: outcomes.__setitem__(task.file, outcome))

    assert sorted(outcomes) == ["T1.yaml", "T2.yaml", "T3.yaml", "T4.yaml"]  # each once
    for name in ("T1.yaml", "T3.yaml"):
        result = outcomes[name]["result"]
        assert result is not None and BranchResult.model_validate_json(result).status == "optimal"
    assert "test fault injected for T2" in (outcomes["T2.yaml"]["error"] or "")
    assert "worker process died" in (outcomes["T4.yaml"]["error"] or "")
    assert multiprocessing.active_children() == []  # every pool was shut down


def test_a_failure_in_the_parent_stops_the_workers_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3"]))
    monkeypatch.setenv(CRASH_ENV, "T2:hang,T3:hang")  # they would run for an hour
    done: list[str] = []

    class Stop(Exception):
        pass

    def on_done(task: Task, outcome: Outcome) -> None:
        done.append(task.file)
        raise Stop  # as a write that fails, or a signal

    with pytest.raises(Stop):
        run_local(tasks_of(region), 2, region / "standards.yaml", BATCH_TIME_LIMIT, on_done)
    assert done == ["T1.yaml"]
    assert multiprocessing.active_children() == []  # terminated and reaped, not left hanging


def test_a_failure_in_the_parent_stops_the_suspects_pools_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3"]))
    # T1 breaks the shared pool; the three then run again, each in a pool of its own
    monkeypatch.setenv(CRASH_ENV, "T1:exit,T2:hang,T3:hang")
    done: list[Outcome] = []

    class Stop(Exception):
        pass

    def on_done(task: Task, outcome: Outcome) -> None:
        done.append(outcome)
        raise Stop

    with pytest.raises(Stop):
        run_local(tasks_of(region), 2, region / "standards.yaml", BATCH_TIME_LIMIT, on_done)
    assert [Path(o["file"]).name for o in done] == ["T1.yaml"]
    assert "worker process died" in (done[0]["error"] or "")  # it ran alone, so it was isolated
    assert multiprocessing.active_children() == []  # the hanging suspects' workers too


def test_ray_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail
    with pytest.raises(ConfigError, match=r"pip install 'staffopt\[ray\]'"):
        need_ray()


@pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                    reason="needs the ray extra (installed by .ci/run)")
def test_ray_executor_gives_the_local_results(tiny_batch: TinyBatch, tmp_path: Path) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T3"]))
    out = tmp_path / "out"
    handlers: list[object] = []

    summary = run_batch(region, out=out, workers=2, time_limit=BATCH_TIME_LIMIT, executor="ray",
                        on_result=lambda row: handlers.append(signal.getsignal(signal.SIGTERM)))

    assert [r.id for r in summary.rows] == ["T1", "T3"] and summary.failed == []
    for name in ("T1.json", "T1-roster.csv", "T3.json", "T3-roster.csv"):
        local = (tiny_batch.out[1] / name).read_text()
        assert without_seconds((out / name).read_text()) == without_seconds(local), name
    # ray.init sets a SIGTERM handler of its own; the batch's must still be the one in force
    assert len(handlers) == 2
    assert all(isinstance(getattr(h, "__self__", None), SignalGuard) for h in handlers)
