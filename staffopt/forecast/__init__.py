"""``staffopt forecast``: volumes, factors and profile from a queue-ticket log (design §10).

``run_forecast`` reads the log, estimates, renders the ``volume:`` block and, with
``write``, puts it into the branch file. Reports and JSON live in ``forecast.report``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from staffopt.config import load_branch, load_standards
from staffopt.config.loading import DEFAULT_STANDARDS, display_path
from staffopt.config.models import Branch, Standards, parse_hours
from staffopt.forecast.estimate import Forecast, estimate
from staffopt.forecast.tickets import TicketLog, read_tickets
from staffopt.forecast.write import write_volume
from staffopt.forecast.yaml_block import VolumeBlock, render_block, volume_block
from staffopt.problems import Problem
from staffopt.requirements.grid import opening_hours

__all__ = ["ForecastRun", "run_forecast"]


@dataclass
class ForecastRun:
    """One forecast: the log as read, the estimates, the block, and what was written."""

    log: TicketLog
    forecast: Forecast
    block: VolumeBlock
    text: str  # the volume block as YAML
    standards: Standards
    branch: Branch | None  # the branch file as it was, when one was given
    warnings: list[Problem]  # malformed rows, then the branch's own warnings
    written: Path | None = None


def _calendar_hours(std: Standards) -> dict[str, tuple[int, int]]:
    """The standards' open days and hours (no branch file to override them)."""
    spans = {day: parse_hours(hours) for day, hours in std.calendar.opening_hours.items()}
    return {day: span for day, span in spans.items() if span is not None}


def run_forecast(
    tickets: Path, branch: Path | None = None, standards: Path | None = None,
    write: bool = False,
) -> ForecastRun:
    """Estimate a branch's volume block from its ticket log; with ``write``, put it in.

    Raises ConfigError for unusable inputs (the branch or standards file, a log with no
    usable row) and OutputError when the branch file cannot be written.
    """
    if branch is not None:
        inp = load_branch(branch, standards)
        std, model, warnings = inp.standards, inp.branch, inp.warnings
        hours = opening_hours(std, model)
    else:
        std, _, warnings = load_standards(standards or DEFAULT_STANDARDS)
        model, hours = None, _calendar_hours(std)
    log = read_tickets(
        tickets, display_path(tickets), list(std.transactions), model.id if model else None
    )
    forecast = estimate(log, std, hours)
    block = volume_block(forecast, model.volume if model else None)
    text = render_block(block, forecast, tickets.name)
    run = ForecastRun(log, forecast, block, text, std, model, log.problems + warnings)
    if write and branch is not None and model is not None:
        write_volume(branch, text, model, block.volume(), standards)
        run.written = branch
    return run
