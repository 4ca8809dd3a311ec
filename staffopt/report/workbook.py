"""The Excel workbook of a report, written with XlsxWriter: Summary, Roles, Headcount,
Moves, Shortages, Pool (when present) and one Roster sheet per branch."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from staffopt.batch.summary import biggest_cause, role_totals
from staffopt.report.cells import days_of, merged_shortages, roster_cells, sheet_names, shift_cell
from staffopt.report.inputs import ReportInput
from staffopt.result import BranchResult

Cell = str | int | float | None
MAX_WIDTH = 80

SUMMARY_HEAD = (
    "id", "name", "district", "status", "gap", "solve seconds", "staff", "kept", "moved",
    "freed", "under floor", "uncovered hours", "uncovered after pool", "shortage slots",
    "headcount", "role changes", "idle hours", "paid hours", "biggest cause", "error",
)
HEADCOUNT_HEAD = (
    "branch", "role", "current", "required", "kept", "moved in", "moved out", "freed",
    "floor", "under floor", "uncovered hours",
)


def _table(ws: Any, head: Sequence[str], rows: list[list[Cell]], bold: Any) -> None:
    """Header, rows (numbers as numbers), frozen header, autofilter, widths that fit."""
    widths = [len(h) for h in head]
    ws.write_row(0, 0, head, bold)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(i, j, value)
            elif isinstance(value, int | float):
                ws.write_number(i, j, value)
            else:
                ws.write_string(i, j, value)
            widths[j] = max(widths[j], len(str(value)))
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(w + 2, MAX_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(head) - 1)


def _after_pool(inp: ReportInput) -> dict[str, float]:
    if inp.pool is None:
        return {}
    return {b.id: b.uncovered_hours_after for b in inp.pool.branches}


def _summary_rows(inp: ReportInput) -> list[list[Cell]]:
    after = _after_pool(inp)
    rows: list[list[Cell]] = []
    for r in inp.results:
        t, o = r.totals, r.objective
        figures: list[Cell] = [None] * 12
        if t is not None and o is not None:
            figures = [t.staff, t.kept, t.moved, t.freed, t.under_floor, t.uncovered_hours,
                       after.get(r.branch, t.uncovered_hours) if inp.pool else None,
                       o.shortage_slots, o.headcount, o.role_changes, o.idle_hours,
                       o.paid_hours]
        rows.append([r.branch, r.name, r.district, r.status, r.gap, r.solve_seconds,
                     *figures, biggest_cause(r), r.error])
    return rows


def _roster_rows(r: BranchResult, days: list[str], inp: ReportInput) -> list[list[Cell]]:
    cells = roster_cells(r)
    rows: list[list[Cell]] = [
        [a.employee, a.name, a.role or "freed", a.team, a.hours,
         *(cells.get(a.employee, {}).get(d) for d in days)]
        for a in r.assignments
    ]
    if inp.pool is not None:  # pooled people who work here, from other branches
        pooled: dict[str, dict[str, str]] = {}
        hours: dict[str, float] = {}
        for s in inp.pool.roster:
            if s.branch == r.branch:
                pooled.setdefault(s.member, {})[s.day] = shift_cell(
                    s.start, s.end, s.break_start, s.post)
                hours[s.member] = hours.get(s.member, 0) + s.hours
        names = {m.member: m.name for m in inp.pool.members}
        rows += [[m, names.get(m), "pool", None, hours[m], *(c.get(d) for d in days)]
                 for m, c in sorted(pooled.items())]
    return rows


def _write_rosters(wb: Any, inp: ReportInput, bold: Any) -> None:
    names = sheet_names([r.branch for r in inp.results])
    for r in inp.results:
        ws = wb.add_worksheet(names[r.branch])
        days = days_of(r)
        _table(ws, ("id", "name", "role", "team", "hours", *days), _roster_rows(r, days, inp),
               bold)
        ws.freeze_panes(1, 2)


def _pool_rows(inp: ReportInput) -> list[list[Cell]]:
    assert inp.pool is not None
    return [[s.member, s.home, s.branch, s.post, s.day, s.start, s.end, s.break_start,
             s.break_end, s.hours] for s in inp.pool.roster]


def workbook_bytes(inp: ReportInput) -> bytes:
    """The workbook's bytes (the same input gives the same bytes)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": f"staffopt report: {inp.region}", "created": _EPOCH})
    bold = wb.add_format({"bold": True, "bg_color": "#dde4ee", "border": 1})
    ok = [r for r in inp.results if r.status != "error"]
    _table(wb.add_worksheet("Summary"), SUMMARY_HEAD, _summary_rows(inp), bold)
    roles = [vars(t) for t in role_totals(ok, [])]
    _table(wb.add_worksheet("Roles"), HEADCOUNT_HEAD[1:],
           [[t["role"], *(t[k] for k in list(t)[1:])] for t in roles], bold)
    _table(wb.add_worksheet("Headcount"), HEADCOUNT_HEAD, [
        [r.branch, h.role, h.current, h.required, h.kept, h.moved_in, h.moved_out, h.freed,
         h.floor, h.under_floor, h.uncovered_hours] for r in ok for h in r.headcount], bold)
    names = {(r.branch, a.employee): a.name for r in ok for a in r.assignments}
    _table(wb.add_worksheet("Moves"),
           ("branch", "employee", "name", "from", "from team", "to", "to team"),
           [[r.branch, m.employee, names.get((r.branch, m.employee)), m.from_, m.from_team,
             m.to or "freed", m.to_team] for r in ok for m in r.moves], bold)
    _table(wb.add_worksheet("Shortages"),
           ("branch", "post", "day", "from", "to", "most missing", "slot-units", "hours",
            "cause"),
           [[r.branch, s.post, s.day, s.start, s.end, s.most, s.slot_units,
             s.slot_units * (r.slot_minutes or 60) / 60, s.cause]
            for r in ok for s in merged_shortages(r.shortages, r.slot_minutes or 60)], bold)
    if inp.pool is not None:
        _table(wb.add_worksheet("Pool"),
               ("member", "home", "branch", "post", "day", "start", "end", "break start",
                "break end", "hours"), _pool_rows(inp), bold)
    _write_rosters(wb, inp, bold)
    wb.close()
    return buf.getvalue()


import datetime as _dt  # noqa: E402  (a fixed creation time keeps the bytes repeatable)

_EPOCH = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)
