"""An independent check of a PoolResult against every pool rule of design §6.1.

It recounts from the branch files, the branch results and the pooled roster alone, using
only the config models, never the pool's own code.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from staffopt.config.models import Branch, Standards, parse_hours, parse_window

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _m(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _opening(std: Standards, b: Branch, day: str) -> tuple[int, int] | None:
    return parse_hours(b.opening_hours.get(day, std.calendar.opening_hours.get(day, "closed")))


def _rows(post: str) -> list[str]:
    role = post.split(".")[0]
    return [post] if role == post else [post, role]


def _shift_problems(std: Standards, b: Branch, r: dict) -> list[str]:
    out = []
    span = _opening(std, b, r["day"])
    start, end, slot = _m(r["start"]), _m(r["end"]), std.calendar.slot_minutes
    if span is None or start < span[0] or end > span[1] or start % slot:
        out.append(f"{r['member']} {r['day']} outside {b.id}'s hours")
    rule = std.labor.break_rule(r["hours"])
    if r["hours"] not in std.labor.shift_hours:
        out.append(f"{r['member']} {r['day']}: {r['hours']} h is no shift length")
    if rule is None:
        if r["break_start"] is not None or end - start != r["hours"] * 60:
            out.append(f"{r['member']} {r['day']}: wrong span for {r['hours']} h")
        return out
    if r["break_start"] is None:
        return [*out, f"{r['member']} {r['day']}: no break"]
    bs, be = _m(r["break_start"]), _m(r["break_end"])
    lo, hi = parse_window(rule.window)
    if be - bs != rule.minutes or bs < lo or be > hi or bs <= start or be >= end:
        out.append(f"{r['member']} {r['day']}: break breaks the rule")
    paid = end - start - (0 if rule.paid else rule.minutes)
    if paid != r["hours"] * 60:
        out.append(f"{r['member']} {r['day']}: paid minutes differ")
    return out


def check_pool(pool: dict, branches: dict[str, Branch], results: dict[str, dict],
               std: Standards, roles: list[str]) -> list[str]:
    """Every broken rule, as a sentence; an empty list means the pool is right."""
    problems: list[str] = []
    slot = std.calendar.slot_minutes
    freed = {f"{bid}/{a['employee']}" for bid, res in results.items()
             for a in res["assignments"] if a["role"] is None}
    staff = {f"{b.id}/{e.id}": (b, e) for b in branches.values() for e in b.staff}
    by_day: Counter[tuple[str, str]] = Counter()
    paid: Counter[str] = Counter()
    have: dict[str, Counter] = defaultdict(Counter)
    for r in pool["roster"]:
        if r["member"] not in freed:
            problems.append(f"{r['member']} is not freed")
            continue
        home, emp = staff[r["member"]]
        dest = branches[r["branch"]]
        if pool["scope"] == "district" and home.id != dest.id and (
                home.district is None or home.district != dest.district):
            problems.append(f"{r['member']} works outside their district at {dest.id}")
        if r["post"].split(".")[0] not in roles:
            problems.append(f"{r['member']}: {r['post']} is not a pool role's post")
        if not any(s in (r["post"], r["post"].split(".")[0]) for s in emp.skills):
            problems.append(f"{r['member']} has no skill for {r['post']}")
        if r["day"] in emp.unavailable:
            problems.append(f"{r['member']} works on a day off ({r['day']})")
        problems += _shift_problems(std, dest, r)
        by_day[(r["member"], r["day"])] += 1
        paid[r["member"]] += r["hours"]
        worked = range(_m(r["start"]), _m(r["end"]), slot)
        for t in worked:
            if r["break_start"] is None or not _m(r["break_start"]) <= t < _m(r["break_end"]):
                for row in _rows(r["post"]):
                    have[r["branch"]][(row, r["day"], t)] += 1
    problems += [f"{m} works twice on {d}" for (m, d), n in by_day.items() if n > 1]
    days = Counter(m for m, _ in by_day)
    for m, n in days.items():
        _, emp = staff[m]
        if n > std.labor.max_days_per_week:
            problems.append(f"{m} works {n} days")
        contract = emp.max_hours_per_week or std.labor.max_hours_per_week
        if paid[m] > contract + 1e-9:
            problems.append(f"{m} works {paid[m]} h over {contract}")
    before = after = 0
    for bid, res in results.items():
        for s in res["shortages"]:
            key = (s["post"], s["day"], _m(s["start"]))
            before += s["missing"]
            after += max(0, s["missing"] - have[bid][key])
    if pool["uncovered_hours_before"] * 60 != before * slot:
        problems.append(f"uncovered before: {before * slot / 60} h by recount")
    if pool["uncovered_hours_after"] * 60 != after * slot:
        problems.append(f"uncovered after: {after * slot / 60} h by recount")
    used = {m["member"] for m in pool["members"] if m["used"]}
    if used != set(paid):
        problems.append("members marked used differ from the roster")
    return problems
