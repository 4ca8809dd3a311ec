"""The pool's result contract (design §6.1): PoolResult, counted from its own roster."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict

from staffopt.counting import Shift, SlotKey, coverage, day_order
from staffopt.pool.members import Member
from staffopt.requirements import clock
from staffopt.result import Hours, hours_of


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PoolMember(_Row):
    member: str
    name: str | None
    home: str
    used: bool
    hours: Hours
    contract_hours: Hours


class PoolShift(_Row):
    member: str
    home: str
    branch: str
    post: str
    day: str
    start: str
    end: str
    break_start: str | None
    break_end: str | None
    hours: Hours


class PoolBranch(_Row):
    id: str
    uncovered_hours_before: Hours
    uncovered_hours_after: Hours
    pooled_hours: Hours


class PoolResult(_Row):
    """The regional pool's outcome: who works where, and the hours it covers."""

    kind: Literal["PoolResult"] = "PoolResult"
    version: Literal[1] = 1
    region: str
    scope: Literal["district", "region"]
    status: Literal["optimal", "feasible"]
    gap: float
    # What the pool was solved from (settings and branch results), so that --resume
    # keeps a pool whose inputs did not change; empty when not solved by a batch.
    input_sha256: str = ""
    uncovered_hours_before: Hours
    uncovered_hours_after: Hours
    members: list[PoolMember]
    roster: list[PoolShift]
    branches: list[PoolBranch]

    def to_json(self) -> str:
        """The result as stable JSON text."""
        return json.dumps(self.model_dump(), ensure_ascii=False, indent=2) + "\n"


def _row(member: Member, branch: str, s: Shift) -> PoolShift:
    return PoolShift(
        member=member.member, home=member.home, branch=branch, post=s.post, day=s.day,
        start=clock(s.start), end=clock(s.end),
        break_start=None if s.break_start is None else clock(s.break_start),
        break_end=None if s.break_end is None else clock(s.break_end),
        hours=hours_of(s.paid),
    )


def left_after(need: Counter[SlotKey], shifts: list[Shift], slot: int) -> int:
    """Missing slot-units that remain once the pooled shifts are counted (as any shift is)."""
    have = coverage(shifts, slot)
    return sum(max(0, n - have[k]) for k, n in need.items())


def pool_result(region: str, scope: str, status: str, gap: float, members: list[Member],
                shifts: list[tuple[Member, str, Shift]], demand: dict[str, Counter[SlotKey]],
                slot: int) -> PoolResult:
    """The contract's figures, each recounted from the pooled shifts."""
    worked: Counter[str] = Counter()
    at: dict[str, list[Shift]] = {}
    for member, bid, s in shifts:
        worked[member.member] += s.paid
        at.setdefault(bid, []).append(s)
    rows = []
    for bid in sorted(set(demand) | set(at)):
        before = sum(demand.get(bid, Counter()).values())
        after = left_after(demand.get(bid, Counter()), at.get(bid, []), slot)
        rows.append(PoolBranch(
            id=bid, uncovered_hours_before=hours_of(before * slot),
            uncovered_hours_after=hours_of(after * slot),
            pooled_hours=hours_of(sum(s.paid for s in at.get(bid, []))),
        ))
    roster = sorted((_row(m, b, s) for m, b, s in shifts),
                    key=lambda r: (r.member, day_order(r.day), r.start))
    return PoolResult(
        region=region, scope=scope, status=status, gap=round(gap, 6),  # type: ignore[arg-type]
        uncovered_hours_before=hours_of(sum(sum(d.values()) for d in demand.values()) * slot),
        uncovered_hours_after=hours_of(sum(
            left_after(d, at.get(b, []), slot) for b, d in demand.items()) * slot),
        members=[PoolMember(member=m.member, name=m.name, home=m.home,
                            used=worked[m.member] > 0, hours=hours_of(worked[m.member]),
                            contract_hours=hours_of(m.contract_minutes)) for m in members],
        roster=roster, branches=rows,
    )


def pool_roster_csv(result: PoolResult) -> str:
    """The pooled roster as CSV, one shift per row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = list(PoolShift.model_fields)
    writer.writerow(names)
    for r in result.roster:
        writer.writerow(["" if getattr(r, n) is None else getattr(r, n) for n in names])
    return buf.getvalue()
