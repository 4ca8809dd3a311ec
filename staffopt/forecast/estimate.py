"""Estimates from a ticket log (design §10): the inverse of the arrivals of §3.

§3 spreads ``daily[t] × weekday_factors[d]`` over a day's slots by the intraday weight
of each slot's clock hour. Read backwards: the daily volume is the mean count per open
day, a weekday factor is that weekday's mean over the mean of all open days, and an
hour's weight is its arrival rate per open minute once each day's own level is taken
out (a Poisson fit with one level per day and one weight per hour). Handling minutes
and waits come straight from the ticket times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from staffopt.config.models import DAYS, QueueRole, Standards
from staffopt.forecast.tickets import TicketLog

FIT_ROUNDS = 200  # the two-way fit settles to 1e-12 in a few dozen rounds on real logs
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Handling:
    """Measured handling minutes (finished − called) of one type, against the standard."""

    type: str
    served: int  # tickets with both called and finished
    minutes: float | None  # their mean; None when no ticket was served
    standard: float

    @property
    def ratio(self) -> float | None:
        """Measured over standard minutes."""
        return None if self.minutes is None else self.minutes / self.standard


@dataclass(frozen=True)
class ZoneService:
    """The share of a zone's customers called within the standards' wait."""

    zone: str
    tickets: int  # every ticket of the zone's types, walk-outs included
    within: int  # called within wait_minutes of being issued
    left: int  # never called
    wait_minutes: float
    target_percent: float

    @property
    def share(self) -> float:
        """Called within the wait, over all tickets (a walk-out was not called in time)."""
        return self.within / self.tickets if self.tickets else 0.0


@dataclass(frozen=True)
class Forecast:
    """Everything ``forecast`` measures in one branch's log."""

    branch: str
    first_day: str
    last_day: str
    open_days: int  # distinct days with at least one ticket
    tickets: int
    daily: dict[str, float]  # mean tickets per open day, by type, in the standards' order
    days_seen: dict[str, int]  # open days of each weekday
    weekday_factors: dict[str, float]
    intraday_profile: dict[str, float]  # clock hour "HH" -> weight
    outside_hours: int  # tickets issued at an hour the branch's calendar has closed
    handling: list[Handling]
    service: list[ZoneService]


def _open_minutes(hours: dict[str, tuple[int, int]]) -> np.ndarray:
    """Open minutes of each clock hour, by weekday: a 7 × 24 array (Monday first)."""
    table = np.zeros((len(DAYS), 24))
    for d, day in enumerate(DAYS):
        if day in hours:
            start, end = hours[day]
            for h in range(24):
                table[d, h] = max(0, min(end, 60 * h + 60) - max(start, 60 * h))
    return table


def _fit_weights(counts: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Hour weights w from counts[day, hour] ≈ level[day] × w[hour] × exposure[day, hour].

    The maximum-likelihood fit of that Poisson model, by alternating its two closed-form
    steps; hours never open get weight 0.
    """
    seen = exposure.sum(axis=0) > 0
    weights = seen.astype(float)
    day_totals = counts.sum(axis=1)
    hour_totals = counts.sum(axis=0)
    for _ in range(FIT_ROUNDS):
        reach = exposure @ weights
        level = np.divide(day_totals, reach, out=np.zeros_like(reach), where=reach > 0)
        spread = level @ exposure
        new = np.divide(hour_totals, spread, out=np.zeros_like(spread), where=spread > 0)
        top = new.max()
        new = new / top if top > 0 else new  # the scale is free: keep it at max 1
        if np.abs(new - weights).max() < 1e-12:
            weights = new
            break
        weights = new
    return weights


def _profile(
    frame: pd.DataFrame, hours: dict[str, tuple[int, int]], mean_weight: float
) -> tuple[dict[str, float], int]:
    """The intraday profile, scaled to ``mean_weight``, and the tickets outside opening hours."""
    day = frame["issued"].dt.normalize()
    dates, day_index = np.unique(day.to_numpy(), return_inverse=True)
    hour = frame["issued"].dt.hour.to_numpy()
    counts = np.zeros((len(dates), 24))
    np.add.at(counts, (day_index, hour), 1)
    weekday = pd.DatetimeIndex(dates).day_of_week.to_numpy()
    exposure = _open_minutes(hours)[weekday]
    outside = int(counts[exposure == 0].sum())
    counts[exposure == 0] = 0  # arrivals the calendar cannot place
    weights = _fit_weights(counts, exposure)
    seen = np.flatnonzero(exposure.sum(axis=0) > 0)
    if len(seen) == 0 or weights[seen].sum() <= 0:
        return {}, outside
    scale = mean_weight * len(seen) / weights[seen].sum()
    return {f"{h:02d}": float(weights[h] * scale) for h in seen}, outside


def _weekdays(frame: pd.DataFrame) -> tuple[dict[str, int], dict[str, float]]:
    """Open days seen per weekday, and each weekday's mean over the mean of all open days."""
    per_day = frame.groupby(frame["issued"].dt.normalize()).size()
    weekday = pd.DatetimeIndex(per_day.index).day_of_week
    overall = per_day.mean()
    by_day = per_day.groupby(weekday).agg(["size", "mean"])
    seen = {DAYS[d]: int(row["size"]) for d, row in by_day.iterrows()}
    factors = {DAYS[d]: float(row["mean"] / overall) for d, row in by_day.iterrows()}
    return seen, factors


def _handling(frame: pd.DataFrame, std: Standards) -> list[Handling]:
    served = frame.dropna(subset=["called", "finished"])
    minutes = (served["finished"] - served["called"]).dt.total_seconds() / 60.0
    stats = minutes.groupby(served["type"]).agg(["size", "mean"])
    seen = set(frame["type"].unique())
    return [
        Handling(
            t, int(stats.at[t, "size"]) if t in stats.index else 0,
            float(stats.at[t, "mean"]) if t in stats.index else None, spec.minutes,
        )
        for t, spec in std.transactions.items() if t in seen
    ]


def zone_targets(std: Standards) -> dict[str, tuple[float, float]]:
    """Each queue zone's (wait_minutes, percent): from the first queue role serving it."""
    targets: dict[str, tuple[float, float]] = {}
    for role in std.roles.values():
        if isinstance(role, QueueRole) and role.service_level is not None:
            for zone in role.zones:
                level = role.service_level
                targets.setdefault(zone, (level.wait_minutes, level.percent))
    return targets


def _service(frame: pd.DataFrame, std: Standards) -> list[ZoneService]:
    zone = frame["type"].map({t: spec.zone for t, spec in std.transactions.items()})
    wait = (frame["called"] - frame["issued"]).dt.total_seconds() / 60.0
    out = []
    for name, (wait_minutes, percent) in zone_targets(std).items():
        mine = (zone == name).to_numpy()
        if not mine.any():
            continue
        waits = wait[mine]
        out.append(ZoneService(
            name, int(mine.sum()), int((waits <= wait_minutes + TOLERANCE).sum()),
            int(waits.isna().sum()), wait_minutes, percent,
        ))
    return out


def mean_weight(std: Standards) -> float:
    """The standards' mean intraday weight (1 where the standards give no profile)."""
    values = list(std.intraday_profile.values())
    return sum(values) / len(values) if values else 1.0


def estimate(log: TicketLog, std: Standards, hours: dict[str, tuple[int, int]]) -> Forecast:
    """Every estimate of §10 from a branch's usable tickets and its opening hours."""
    frame = log.frame
    days = frame["issued"].dt.normalize()
    open_days = int(days.nunique())
    counts = frame["type"].value_counts()
    daily = {t: int(counts[t]) / open_days for t in std.transactions if t in counts.index}
    seen, factors = _weekdays(frame)
    profile, outside = _profile(frame, hours, mean_weight(std))
    return Forecast(
        branch=log.branch,
        first_day=str(days.min().date()),
        last_day=str(days.max().date()),
        open_days=open_days,
        tickets=len(frame),
        daily=daily,
        days_seen=seen,
        weekday_factors=factors,
        intraday_profile=profile,
        outside_hours=outside,
        handling=_handling(frame, std),
        service=_service(frame, std),
    )
