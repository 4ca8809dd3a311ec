"""SIGTERM and SIGHUP stop a batch the way Ctrl-C does.

While a batch runs, SIGINT, SIGTERM and SIGHUP raise ``BatchInterrupted`` in the main
thread: the executors stop their workers, the finished results stay, and the summary
covers them. Inside ``SignalGuard.held()`` a signal waits until the block ends, so that a
branch's two files are never cut apart by one.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from staffopt.batch.summary import RegionSummary

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class BatchInterrupted(KeyboardInterrupt):
    """A batch stopped by a signal; ``summary`` covers the branches that finished."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.summary: RegionSummary | None = None

    @property
    def exit_code(self) -> int:
        """The shell's code for death by this signal: 130, 143 or 129."""
        return 128 + self.signum


class SignalGuard:
    """Turns the stop signals into BatchInterrupted while active (main thread only)."""

    def __init__(self) -> None:
        self._previous: dict[int, Any] = {}
        self._holding = 0
        self._pending: int | None = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._holding:
            self._pending = self._pending or signum
            return
        raise BatchInterrupted(signum)

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Defer the stop signals until the block ends, then raise for the first one."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding and self._pending is not None:
            signum, self._pending = self._pending, None
            raise BatchInterrupted(signum)
