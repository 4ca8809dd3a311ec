"""Where branches run: spawned local worker processes, or Ray tasks.

- ``local``: a ``ProcessPoolExecutor`` on the ``spawn`` start method. A worker process
  that dies breaks the whole pool; the branches it held are then run again, each in a
  pool of its own, so that only the branch that kills its worker becomes an error.
- ``ray``: the same task function as Ray tasks, on a local Ray instance or a cluster
  (``address``). The branch files must be readable at the same paths on every node.

Both call ``on_done`` in the parent as each branch finishes. Whatever stops a run early
(Ctrl-C, a signal, a write that fails in ``on_done``) stops the workers at once, then
propagates.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing import connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from staffopt.batch.worker import Outcome, failed_outcome, ray_task, solve_task, worker_init
from staffopt.problems import ConfigError, Problem

EXECUTORS = ("local", "ray")
_STOP_SECONDS = 5.0  # how long a terminated worker gets before it is killed


@dataclass(frozen=True)
class Task:
    """One branch file to solve; ``file`` names it in the summary."""

    path: Path
    file: str
    isolate: bool = False  # run in a pool of its own: it was in a pool that broke
    args: tuple[str, ...] = ()  # more arguments for the task function, after the common ones


Done = Callable[[Task, Outcome], None]
Work = Callable[..., Outcome]  # (branch path, standards path, time limit, *Task.args)


def _crashed(task: Task, reason: str) -> Outcome:
    return failed_outcome(str(task.path), reason)


class _Spawner(SpawnContext):
    """The spawn start method, keeping every process that a pool makes through it.

    A pool spawns its workers on demand as tasks arrive, and forgets them on shutdown;
    this list holds each from before it starts, whatever the pool does with it later.
    """

    def __init__(self) -> None:
        super().__init__()
        self.processes: list[BaseProcess] = []

    def Process(self, *args: Any, **kwargs: Any) -> BaseProcess:  # the name pools call
        """A worker process, remembered before it is started."""
        process: BaseProcess = super().Process(*args, **kwargs)
        self.processes.append(process)
        return process


def _end_now(processes: list[BaseProcess]) -> None:
    """Terminate the processes; kill those still running after ``_STOP_SECONDS``.

    This waits on their sentinels only: the pool's own thread may be reaping them too,
    and two threads waiting on one pid can leave its exit status unrecorded for a while.
    """
    for process in processes:
        process.terminate()
    alive = {process.sentinel: process for process in processes}
    deadline = time.monotonic() + _STOP_SECONDS
    while alive and (left := deadline - time.monotonic()) > 0:
        for sentinel in connection.wait(list(alive), left):
            del alive[sentinel]
    for process in alive.values():
        process.kill()


@dataclass(frozen=True, eq=False)  # one pool is equal to itself only
class _Pool:
    """A process pool with the processes it ever started."""

    executor: ProcessPoolExecutor
    spawner: _Spawner

    def end(self, now: bool) -> None:
        """Shut the pool down and reap every worker it started: at once, or once idle.

        Its workers are reaped only after the pool's own thread has finished joining
        them, so that each exit status is recorded by the time this returns.
        """
        started = [process for process in self.spawner.processes if process.pid is not None]
        if now:
            _end_now(started)
        self.executor.shutdown(wait=True, cancel_futures=now)
        stragglers = [process for process in started if process.exitcode is None]
        _end_now(stragglers)  # only if the pool lost track of one (an interrupted spawn)
        for process in stragglers:
            process.join()


class _LocalRun:
    """The pools of one local run: a shared one, and one per isolated suspect."""

    def __init__(self, workers: int, size: int, standards: Path, time_limit: float,
                 work: Work = solve_task) -> None:
        self.workers = workers
        self.size = size
        self.args = (str(standards), time_limit)
        self.work = work
        self.shared: _Pool | None = None
        self.running: dict[Future[Outcome], tuple[Task, _Pool]] = {}
        self.pools: list[_Pool] = []  # every pool not yet ended

    def _new_pool(self, size: int) -> _Pool:
        spawner = _Spawner()
        pool = _Pool(ProcessPoolExecutor(size, mp_context=spawner, initializer=worker_init,
                                        initargs=(os.getpid(),)),
                     spawner)
        self.pools.append(pool)
        return pool

    def _pool(self, isolate: bool) -> _Pool:
        if isolate:
            return self._new_pool(1)
        if self.shared is None:
            self.shared = self._new_pool(self.size)
        return self.shared

    def _drop(self, pool: _Pool, now: bool) -> None:
        if pool is self.shared:
            self.shared = None
        pool.end(now)
        self.pools.remove(pool)

    def submit(self, task: Task) -> None:
        """Start a task, in a fresh pool if the shared one broke after its last result."""
        pool = self._pool(task.isolate)
        try:
            future = pool.executor.submit(self.work, str(task.path), *self.args, *task.args)
        except BrokenProcessPool:
            self._drop(pool, now=True)
            self.submit(task)
            return
        self.running[future] = (task, pool)

    def finish(self, future: Future[Outcome]) -> tuple[Task, Outcome | None]:
        """The outcome of a finished future; None when its task must run again, alone."""
        task, pool = self.running.pop(future)
        try:
            outcome = future.result()
        except BrokenProcessPool:
            if not task.isolate:
                if pool is self.shared:
                    self._drop(pool, now=True)  # its workers were terminated as it broke
                return replace(task, isolate=True), None
            outcome = _crashed(task, "its worker process died while solving it "
                                     "(killed, out of memory, or a crash in native code)")
        except Exception as exc:  # e.g. an outcome that could not be sent back
            outcome = _crashed(task, f"the worker failed: {type(exc).__name__}: {exc}")
        if task.isolate:
            self._drop(pool, now=False)  # its one task is done: its worker is idle
        return task, outcome

    def stop(self) -> None:
        """End every worker now; what finished has been handed over already."""
        while self.pools:
            self._drop(self.pools[-1], now=True)

    def close(self) -> None:
        """Wait for the pools' processes to exit after a complete run."""
        while self.pools:
            self._drop(self.pools[-1], now=False)


def run_local(tasks: Iterable[Task], workers: int, standards: Path, time_limit: float,
              on_done: Done, work: Work = solve_task) -> None:
    """Run tasks in spawned worker processes, keeping ``workers`` + 1 in flight.

    ``work`` is the task function, called as ``work(path, standards, time_limit,
    *task.args)`` in a worker; a module-level function, so that it pickles.

    The one extra task waits in the pool's queue, so that no process idles while the
    parent writes a result. Keeping the count in flight that low means that when a
    process dies, the broken futures are the branches that were running and the one
    waiting: the suspects. Each suspect then runs alone, and only the one that kills
    its own pool fails.
    """
    queue = deque(tasks)
    run = _LocalRun(workers, max(1, min(workers, len(queue))), standards, time_limit, work)
    try:
        while queue or run.running:
            while queue and len(run.running) < workers + 1:
                run.submit(queue.popleft())
            finished, _ = wait(run.running, return_when=FIRST_COMPLETED)
            for future in finished:
                task, outcome = run.finish(future)
                if outcome is None:
                    queue.appendleft(task)
                else:
                    on_done(task, outcome)
    except BaseException:  # Ctrl-C, a signal, a failed write: keep what finished, stop now
        run.stop()
        raise
    run.close()


def need_ray() -> Any:
    """The ray module; a ConfigError saying how to install it when it is missing."""
    try:
        import ray
    except ImportError:
        raise ConfigError([Problem(
            "--executor ray", 0, 0, "error", "no-ray",
            "the ray executor needs Ray; install it with: pip install 'staffopt[ray]'",
        )]) from None
    return ray


def _start_ray(ray: Any, workers: int, address: str | None) -> bool:
    """Connect to Ray unless connected already; whether this call started it."""
    import logging

    if ray.is_initialized():
        return False
    sigterm = signal.getsignal(signal.SIGTERM)
    if address:
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False,
                 logging_level=logging.WARNING, log_to_driver=False)
    # ray.init makes SIGTERM a bare sys.exit; the batch's own handler stops it cleanly
    if sigterm is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, sigterm)
    return True


def run_ray(tasks: Iterable[Task], workers: int, standards: Path, time_limit: float,
            on_done: Done, address: str | None = None) -> None:
    """Run tasks as Ray tasks: on the cluster at ``address``, else on a local instance."""
    ray = need_ray()
    started_here = _start_ray(ray, workers, address)
    # One CPU per task, as the solver uses one thread; no retries, so a branch that
    # kills its worker is reported rather than run again.
    remote = ray.remote(num_cpus=1, max_retries=0)(ray_task)
    cwd = os.getcwd()
    pending: dict[Any, Task] = {}
    try:
        for task in tasks:
            ref = remote.remote(cwd, str(task.path), str(standards), time_limit)
            pending[ref] = task
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
            for ref in ready:
                task = pending.pop(ref)
                try:
                    outcome = ray.get(ref)
                except Exception as exc:  # the worker died or the task could not run
                    outcome = _crashed(task, f"its Ray worker failed: {type(exc).__name__}")
                on_done(task, outcome)
    except BaseException:
        for ref in pending:
            ray.cancel(ref, force=True)
        raise
    finally:
        if started_here:
            ray.shutdown()
