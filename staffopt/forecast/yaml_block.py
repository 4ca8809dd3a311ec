"""The branch's ``volume:`` block (design §2.2), as the forecast estimates it.

The block is written by hand rather than by a YAML dumper so that it reads like the
demo files: flow mappings for the factors and the profile, two-space indents, and a
comment saying where the figures come from. The figures are rounded (daily volumes to
0.1, factors and weights to 0.01), so that the same log always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from staffopt.config.models import DAYS, Volume
from staffopt.forecast.estimate import Forecast

DAILY_DIGITS = 1
FACTOR_DIGITS = 2


def number(value: float, digits: int) -> str:
    """A rounded figure without a trailing ``.0``: 88.0 -> "88", 1.204 -> "1.2"."""
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def plain(value: float) -> str:
    """A figure kept from the branch file, written back exactly: 340.0 -> "340"."""
    text = repr(float(value))
    return text.removesuffix(".0")


@dataclass(frozen=True)
class VolumeBlock:
    """The figures of the block, rounded as written, and what was kept from the branch."""

    daily: dict[str, float]
    visitors: float | None
    weekday_factors: dict[str, float]
    intraday_profile: dict[str, float]
    kept: list[str] = field(default_factory=list)  # types not in the log, kept from the branch

    def volume(self) -> Volume:
        """The block as the Branch model reads it."""
        return Volume(
            daily=self.daily, visitors=self.visitors,
            weekday_factors=self.weekday_factors, intraday_profile=self.intraday_profile,
        )

    def to_dict(self) -> dict[str, object]:
        """The block as plain data (for ``--format json``)."""
        out: dict[str, object] = {"daily": dict(self.daily)}
        if self.visitors is not None:
            out["visitors"] = self.visitors
        out["weekday_factors"] = dict(self.weekday_factors)
        out["intraday_profile"] = dict(self.intraday_profile)
        return out


def _rounded(values: dict[str, float], digits: int) -> dict[str, float]:
    return {key: float(number(value, digits)) for key, value in values.items()}


def volume_block(forecast: Forecast, current: Volume | None = None) -> VolumeBlock:
    """The block from the estimates; types the log never shows keep the branch's figure.

    ``visitors`` is kept from the branch where it gives one: a ticket log counts
    tickets, not the people who walk in.
    """
    daily = _rounded(forecast.daily, DAILY_DIGITS)
    kept = []
    if current is not None:
        for name, value in current.daily.items():
            if name not in daily:
                daily[name] = value
                kept.append(name)
    measured = forecast.weekday_factors
    factors = {day: measured[day] for day in DAYS if day in measured}
    return VolumeBlock(
        daily=daily,
        visitors=current.visitors if current is not None else None,
        weekday_factors=_rounded(factors, FACTOR_DIGITS),
        intraday_profile=_rounded(dict(sorted(forecast.intraday_profile.items())), FACTOR_DIGITS),
        kept=kept,
    )


FLOW_PER_LINE = 6  # entries per line of a flow mapping, so that lines stay short


def _flow(values: dict[str, float], digits: int, quote: bool, indent: int) -> str:
    parts = [
        f'"{key}": {number(v, digits)}' if quote else f"{key}: {number(v, digits)}"
        for key, v in values.items()
    ]
    rows = [", ".join(parts[i:i + FLOW_PER_LINE]) for i in range(0, len(parts), FLOW_PER_LINE)]
    return "{" + (",\n" + " " * (indent + 1)).join(rows) + "}"


def render_block(block: VolumeBlock, forecast: Forecast, source: str) -> str:
    """The ``volume:`` section as YAML text, ending in a newline.

    ``source`` is the log's file name, said in the comment (a name, not a path, so that
    the block does not change with the folder it is run from).
    """
    lines = [
        "volume:",
        f"  # staffopt forecast of {source}: {forecast.first_day} to {forecast.last_day}, "
        f"{forecast.open_days} open days, {forecast.tickets} tickets",
        "  daily:",
    ]
    width = max((len(name) for name in block.daily), default=0)
    for name, value in block.daily.items():
        shown = plain(value) if name in block.kept else number(value, DAILY_DIGITS)
        note = "  # kept: not in the log" if name in block.kept else ""
        lines.append(f"    {name + ':':<{width + 1}} {shown}{note}")
    if block.visitors is not None:
        lines.append(f"  visitors: {plain(block.visitors)}"
                     "  # kept: the log counts tickets, not visitors")
    if block.weekday_factors:
        lines.append(f"  weekday_factors: {_flow(block.weekday_factors, FACTOR_DIGITS, False, 19)}")
    if block.intraday_profile:
        profile = _flow(block.intraday_profile, FACTOR_DIGITS, True, 20)
        lines.append(f"  intraday_profile: {profile}")
    return "\n".join(lines) + "\n"
