"""Generate a queue-ticket log (design §2.5) for one branch, from known parameters.

    python bench/make_tickets.py BRANCH.yaml OUT.csv [--days N] [--start YYYY-MM-DD]
        [--seed S] [--standards FILE] [--handling X] [--wait MIN] [--walkout P]

Arrivals follow §3 forwards: in every open slot the tickets of type t are Poisson with
mean ``daily[t] × weekday_factor(d) × share(d, s)``, issued uniformly inside the slot.
Waits are exponential with mean ``--wait`` minutes, handling times exponential with mean
``standard minutes × --handling``; a share ``--walkout`` of customers leave uncalled.
(This is no queue simulation: waits do not depend on the load. It is a test log whose
truth is known.) The same arguments and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from staffopt.config import load_branch
from staffopt.config.models import DAYS, Branch, Standards
from staffopt.requirements.arrivals import weekday_factor
from staffopt.requirements.grid import day_shares, intraday_profile, opening_hours, slot_starts

HEADER = "branch,ticket,type,issued,called,finished\n"


@dataclass
class Truth:
    """The parameters a log is drawn from."""

    start: dt.date = dt.date(2026, 11, 2)  # a Monday
    days: int = 28
    seed: int = 1
    handling: dict[str, float] = field(default_factory=dict)  # type -> mean minutes
    handling_scale: float = 1.0  # for types not in ``handling``: standard minutes × this
    wait: float = 4.0  # mean minutes from issue to call
    walkout: float = 0.03  # share of customers who leave uncalled


def _slot_rates(std: Standards, branch: Branch, day: str) -> tuple[list[int], np.ndarray]:
    """The slot starts of a weekday and the mean arrivals per slot and type."""
    span = opening_hours(std, branch).get(day)
    if span is None:
        return [], np.zeros((0, len(std.transactions)))
    starts = list(slot_starts(std, *span))
    shares = np.array(day_shares(std, *span, intraday_profile(std, branch)))
    daily = np.array([branch.volume.daily.get(t, 0.0) for t in std.transactions])
    return starts, np.outer(shares, daily) * weekday_factor(std, branch, day)


def _stamp(base: np.datetime64, minutes: np.ndarray) -> np.ndarray:
    """ISO-8601 local times, to the second, ``minutes`` after ``base``."""
    seconds = np.round(minutes * 60).astype("timedelta64[s]")
    return np.datetime_as_string(base + seconds, unit="s")


def _day_rows(
    std: Standards, branch: Branch, date: dt.date, truth: Truth, rng: np.random.Generator
) -> list[str]:
    starts, rates = _slot_rates(std, branch, DAYS[date.weekday()])
    if not starts:
        return []
    counts = rng.poisson(rates)  # slots × types
    slot_index, type_index = np.nonzero(counts)
    repeat = counts[slot_index, type_index]
    slot_of = np.repeat(np.asarray(starts, dtype=float)[slot_index], repeat)
    type_of = np.repeat(type_index, repeat)
    issued = slot_of + rng.uniform(0, std.calendar.slot_minutes, len(slot_of))
    order = np.argsort(issued, kind="stable")
    issued, type_of = issued[order], type_of[order]
    names = list(std.transactions)
    means = np.array([
        truth.handling.get(t, spec.minutes * truth.handling_scale)
        for t, spec in std.transactions.items()
    ])
    called = issued + rng.exponential(truth.wait, len(issued))
    finished = called + rng.exponential(means[type_of])
    left = rng.random(len(issued)) < truth.walkout
    base = np.datetime64(date.isoformat(), "s")
    texts = [_stamp(base, x) for x in (issued, called, finished)]
    prefix = f"{branch.id},{date:%m%d}-"
    return [
        f"{prefix}{i + 1:04d},{names[t]},{texts[0][i]},"
        + (",\n" if left[i] else f"{texts[1][i]},{texts[2][i]}\n")
        for i, t in enumerate(type_of)
    ]


def ticket_log(std: Standards, branch: Branch, truth: Truth) -> str:
    """A whole log as CSV text: the header, then the tickets day by day."""
    rng = np.random.default_rng(truth.seed)
    rows = [HEADER]
    for offset in range(truth.days):
        rows += _day_rows(std, branch, truth.start + dt.timedelta(days=offset), truth, rng)
    return "".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Write a ticket log for a branch file; print how many tickets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("branch", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--standards", type=Path)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2026, 11, 2))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--handling", type=float, default=1.0,
                        help="handling minutes as a multiple of the standard's")
    parser.add_argument("--wait", type=float, default=4.0, help="mean wait in minutes")
    parser.add_argument("--walkout", type=float, default=0.03)
    args = parser.parse_args(argv)
    inp = load_branch(args.branch, args.standards)
    truth = Truth(start=args.start, days=args.days, seed=args.seed,
                  handling_scale=args.handling, wait=args.wait, walkout=args.walkout)
    text = ticket_log(inp.standards, inp.branch, truth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="")
    print(f"{args.out}: {text.count(chr(10)) - 1} tickets over {args.days} days", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
