"""The forecast's report (rich tables, for stderr) and its JSON form (for stdout)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from staffopt.config.models import DAYS
from staffopt.forecast import ForecastRun
from staffopt.forecast.yaml_block import number


def _now_factor(run: ForecastRun, day: str) -> float:
    """The weekday factor the branch uses today (§3: branch, else standards, else 1)."""
    own = run.branch.volume.weekday_factors if run.branch else {}
    return own.get(day, run.standards.weekday_factors.get(day, 1.0))


def _now_weight(run: ForecastRun, hour: str) -> float:
    own = run.branch.volume.intraday_profile if run.branch else {}
    return own.get(hour, run.standards.intraday_profile.get(hour, 0.0))


def _summary(run: ForecastRun) -> str:
    fc, log = run.forecast, run.log
    left = sum(s.left for s in fc.service)
    parts = [
        f"{fc.branch}: {fc.tickets:,} tickets on {fc.open_days} open days "
        f"({fc.first_day} to {fc.last_day})",
        f"{log.malformed:,} malformed rows skipped",
    ]
    if log.other_branches:
        parts.append(f"{log.other_branches:,} rows of other branches ignored")
    parts.append(f"{left:,} customers left uncalled")
    return "; ".join(parts)


def _daily_table(run: ForecastRun) -> Table:
    table = Table(title="Daily volume (per open day)", title_justify="left")
    for name in ("type", "measured", "branch file", "change"):
        table.add_column(name, justify="left" if name == "type" else "right")
    now = run.branch.volume.daily if run.branch else {}
    for name, value in run.block.daily.items():
        before = now.get(name)
        kept = name in run.block.kept
        change = "kept" if kept else (
            f"{(value - before) / before:+.0%}" if before else ("new" if before is None else "")
        )
        table.add_row(name, "—" if kept else number(value, 1),
                      "" if before is None else number(before, 1), change)
    return table


def _pattern_table(run: ForecastRun) -> Table:
    fc = run.forecast
    table = Table(title="Weekday factors and intraday profile", title_justify="left")
    for name in ("day", "open days", "factor", "now", "hour", "weight", "now "):
        table.add_column(name, justify="left" if name in ("day", "hour") else "right")
    days = [d for d in DAYS if d in fc.weekday_factors]
    hours = list(fc.intraday_profile)
    for i in range(max(len(days), len(hours))):
        day = days[i] if i < len(days) else None
        hour = hours[i] if i < len(hours) else None
        table.add_row(
            day or "", str(fc.days_seen[day]) if day else "",
            number(fc.weekday_factors[day], 2) if day else "",
            number(_now_factor(run, day), 2) if day else "",
            f"{hour}:00" if hour else "",
            number(fc.intraday_profile[hour], 2) if hour else "",
            number(_now_weight(run, hour), 2) if hour else "",
        )
    return table


def _service_tables(run: ForecastRun) -> list[Table]:
    handling = Table(title="Handling minutes (finished − called)", title_justify="left")
    for name in ("type", "served", "measured", "standard", "ratio"):
        handling.add_column(name, justify="left" if name == "type" else "right")
    for h in run.forecast.handling:
        handling.add_row(
            h.type, f"{h.served:,}", "—" if h.minutes is None else f"{h.minutes:.2f}",
            number(h.standard, 2), "—" if h.ratio is None else f"{h.ratio:.2f}",
        )
    service = Table(title="Called within the target wait", title_justify="left")
    for name in ("zone", "tickets", "wait", "called in time", "target", "left uncalled"):
        service.add_column(name, justify="left" if name == "zone" else "right")
    for s in run.forecast.service:
        service.add_row(
            s.zone, f"{s.tickets:,}", f"{number(s.wait_minutes, 1)} min", f"{s.share:.1%}",
            f"{number(s.target_percent, 1)}%", f"{s.left:,}",
        )
    return [handling, service]


def print_report(run: ForecastRun, console: Console) -> None:
    """The figures behind the block, against the branch's and the standards' own."""
    console.print(_summary(run), markup=False, highlight=False, soft_wrap=True)
    for table in (_daily_table(run), _pattern_table(run), *_service_tables(run)):
        console.print(table)
    if run.forecast.outside_hours:
        console.print(
            f"{run.forecast.outside_hours:,} tickets were issued while the branch's hours "
            "say it is closed; they count in the volumes but not in the profile",
            markup=False, highlight=False,
        )
    if run.written is not None:
        console.print(f"wrote the volume section of {run.written.name}", markup=False)


def forecast_json(run: ForecastRun) -> str:
    """The block and every measured figure, as JSON."""
    fc, log = run.forecast, run.log
    data = {
        "kind": "Forecast",
        "version": 1,
        "branch": fc.branch,
        "log": {
            "file": log.file, "rows": log.rows, "usable": fc.tickets,
            "malformed": log.malformed, "other_branches": log.other_branches,
            "first_day": fc.first_day, "last_day": fc.last_day, "open_days": fc.open_days,
            "outside_hours": fc.outside_hours,
        },
        "volume": run.block.to_dict(),
        "kept": run.block.kept,
        "measured": {
            "daily": fc.daily, "days_seen": fc.days_seen,
            "weekday_factors": fc.weekday_factors, "intraday_profile": fc.intraday_profile,
        },
        "handling": [
            {"type": h.type, "served": h.served, "minutes": h.minutes,
             "standard_minutes": h.standard, "ratio": h.ratio}
            for h in fc.handling
        ],
        "service": [
            {"zone": s.zone, "tickets": s.tickets, "called_within": s.within, "left": s.left,
             "wait_minutes": s.wait_minutes, "share": s.share,
             "target_percent": s.target_percent}
            for s in fc.service
        ],
        "problems": [p.to_dict() for p in run.warnings],
        "written": run.written is not None,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
