"""staffopt.batch.signals, and a real `staffopt batch` process stopped by signals.

SIGTERM and SIGHUP must stop a batch as Ctrl-C does: workers gone within seconds, no
process left holding the caller's pipes, finished results kept and covered by the
summary, and the shell's exit code for the signal. SIGKILL cannot be handled; it must
still leave nothing that a later --resume trips over.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TinyBatch
from helpers import (
    BATCH_TIME_LIMIT,
    make_region,
    temporary_files,
    tiny_branches,
    without_seconds,
)

from staffopt.batch import CRASH_ENV, run_batch
from staffopt.batch.signals import BatchInterrupted, SignalGuard

PROC = Path("/proc")
# a guard against a hang, not a timing: generous for a loaded machine
HANG_GUARD = 240

needs_proc = pytest.mark.skipif(
    not (PROC / "self" / "stat").is_file() or not hasattr(signal, "SIGHUP"),
    reason="finding child processes needs Linux's /proc",
)


# ---------------------------------------------------------------- the guard, in-process


def test_stop_signals_raise_batch_interrupted_while_guarded() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(BatchInterrupted) as caught, SignalGuard():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises long before this ends
    assert (caught.value.signum, caught.value.exit_code) == (signal.SIGTERM, 143)
    assert isinstance(caught.value, KeyboardInterrupt)  # handled wherever Ctrl-C is
    assert signal.getsignal(signal.SIGTERM) == before  # restored


def test_a_signal_inside_held_waits_for_the_block_to_end() -> None:
    steps: list[str] = []
    with pytest.raises(BatchInterrupted) as caught, SignalGuard() as guard:
        with guard.held():
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.2)
            steps.append("the write finished")
        steps.append("not reached")
    assert steps == ["the write finished"]
    assert caught.value.exit_code == 129


# ---------------------------------------------------------------- a real batch process


def descendants(pid: int) -> set[int]:
    """The processes below ``pid``, from /proc."""
    parents: dict[int, int] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie has ended)."""
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_for(predicate: object, seconds: float) -> bool:
    """Poll ``predicate`` until it holds or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return bool(predicate())  # type: ignore[operator]


def start_batch(region: Path, out: Path, hang: str | None, *args: str) -> subprocess.Popen[str]:
    """`staffopt batch` as a process in a session of its own, as a terminal would run it."""
    env = dict(os.environ)
    env.pop(CRASH_ENV, None)
    if hang:
        env[CRASH_ENV] = hang
    command = [sys.executable, "-c", "from staffopt.cli import main; main()", "batch",
               str(region), "--out", str(out), "--time-limit", str(BATCH_TIME_LIMIT), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def end(process: subprocess.Popen[str], children: set[int]) -> None:
    """After a failed assertion: end the batch and the processes it started, by PID."""
    if process.poll() is None:
        process.kill()
        process.communicate()
    for pid in children:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def first_result(process: subprocess.Popen[str], out: Path) -> set[int]:
    """Wait until a branch's result lands; the batch's processes at that moment."""
    landed = wait_for(lambda: any(out.glob("T*.json")) or process.poll() is not None, 180)
    assert landed and process.poll() is None, process.communicate()
    wait_for(lambda: len(descendants(process.pid)) >= 3, 30)  # the workers and the tracker
    return descendants(process.pid)


@needs_proc
@pytest.mark.parametrize("signum, to_group", [
    (signal.SIGTERM, False), (signal.SIGHUP, False), (signal.SIGINT, True),
], ids=["SIGTERM", "SIGHUP", "SIGINT-to-the-terminal's-group"])
def test_a_signal_stops_the_batch_as_ctrl_c_does(
    tmp_path: Path, signum: int, to_group: bool
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3"]))
    out = tmp_path / "out"
    process = start_batch(region, out, "T2:hang,T3:hang", "--workers", "2")
    children: set[int] = set()
    try:
        children = first_result(process, out)
        assert children, "the batch runs its branches in child processes"
        if to_group:
            os.killpg(process.pid, signum)  # Ctrl-C reaches every process of the terminal
        else:
            os.kill(process.pid, signum)
        # communicate() returns only once no process holds the pipes open
        stdout, stderr = process.communicate(timeout=HANG_GUARD)
        gone = wait_for(lambda: not any(alive(pid) for pid in children), 10)
    finally:
        end(process, children)

    assert process.returncode == 128 + signum, stderr
    assert gone, "a worker outlived the batch"
    assert "Traceback" not in stdout + stderr
    data = json.loads((out / "summary.json").read_text())
    assert data["interrupted"] is True
    assert [r["id"] for r in data["rows"]] == ["T1"]
    assert data["unfinished"] == ["T2.yaml", "T3.yaml"]
    assert "Interrupted: 1 branches finished" in stderr
    assert "Interrupted:" in stdout and "T1" in stdout  # the region table of what finished
    assert sorted(p.name for p in out.iterdir()) == [
        "T1-roster.csv", "T1.json", "summary.csv", "summary.json"]
    assert temporary_files(out) == []


@needs_proc
def test_after_sigkill_resume_gives_the_uninterrupted_results(
    tiny_batch: TinyBatch, tmp_path: Path
) -> None:
    region = tmp_path / "region"
    shutil.copytree(tiny_batch.region, region)
    out = tmp_path / "out"
    process = start_batch(region, out, None, "--workers", "2")
    children: set[int] = set()
    try:
        children = first_result(process, out)
        process.kill()  # SIGKILL: no handler runs, no cleanup in the parent
        process.communicate(timeout=HANG_GUARD)  # the orphaned workers let go of the pipes too
        gone = wait_for(lambda: not any(alive(pid) for pid in children), 10)
    finally:
        end(process, children)
    assert process.returncode == -signal.SIGKILL
    assert gone, "an orphaned worker lived on"

    summary = run_batch(region, out=out, workers=2, resume=True, time_limit=BATCH_TIME_LIMIT)

    assert summary.failed == [] and summary.skipped  # at least the first result was kept
    clean = tiny_batch.out[1]
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in clean.iterdir())
    for name in names:
        got = without_seconds((out / name).read_text())
        if name != "summary.json":
            assert got == without_seconds((clean / name).read_text()), name
    assert [r.to_dict() | {"seconds": None} for r in summary.rows] == [
        r.to_dict() | {"seconds": None} for r in tiny_batch.runs[1].rows]
    # a temporary file that SIGKILL cut short is hidden and never read as a result
    assert all(name.endswith(".tmp") for name in temporary_files(out))
