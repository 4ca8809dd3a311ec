"""An independent checker of solve results against design §3-§5.

It reads the branch and standards YAML as plain data and recomputes everything a
result claims: the requirements (with ``tests/spec.py``, not ``staffopt.requirements``),
the legality of every shift, the coverage arithmetic, the floors, the objective, the
headcount rows and the moves. It imports nothing of the package's model, solve,
sizing or shortage code, so a mistake there cannot hide itself here.

    problems = check_result(branch_yaml, standards_yaml, result_dict)
    assert_valid(branch_yaml, standards_yaml, result_dict)  # raises with every problem
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from spec import DAY_NAMES, minutes_of, spec_requirements

Data = dict[str, Any]

STATUSES = ("optimal", "feasible", "error")
RESULT_KEYS = [
    "kind", "version", "branch", "input_sha256", "standards", "status", "gap",
    "solve_seconds", "slot_minutes", "objective", "requirements", "roster", "headcount",
    "assignments", "moves", "shortages", "warnings",
]
OBJECTIVE_KEYS = ["shortage_slots", "floor_shortage", "headcount", "role_changes", "paid_hours"]
ROW_KEYS = {
    "requirements": ["post", "day", "start", "required"],
    "roster": ["employee", "post", "day", "start", "end"],
    "headcount": ["role", "current", "required", "freed", "floor"],
    "assignments": ["employee", "role", "team"],
    "moves": ["employee", "from", "to"],
    "shortages": ["post", "day", "start", "missing", "cause"],
    "warnings": ["code", "post", "day", "start", "message"],
}


def _load(source: Data | Path | str) -> Data:
    """A YAML document as plain data: a mapping is taken as it is, else a path is read."""
    if isinstance(source, dict):
        return source
    return yaml.safe_load(Path(source).read_text(encoding="utf-8"))


def clock(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _day_key(day: str) -> int:
    # an unknown day sorts last rather than crashing the checker; it is reported elsewhere
    return DAY_NAMES.index(day) if day in DAY_NAMES else len(DAY_NAMES)


def posts_of(std: Data, role: str) -> list[str]:
    """The posts of a role: one per zone (queue) or team (portfolio), else the role itself."""
    spec = std["roles"][role]
    if spec["sizing"] == "queue":
        return [f"{role}.{zone}" for zone in spec["zones"]]
    if spec["sizing"] == "portfolio":
        return [f"{role}.{team}" for team in spec["teams"]]
    return [role]


def opening(std: Data, branch: Data) -> dict[str, tuple[int, int]]:
    """Open days and their (open, close) minutes; the branch overrides key by key."""
    hours = {**std["calendar"]["opening_hours"], **branch.get("opening_hours", {})}
    out = {}
    for day in DAY_NAMES:
        text = hours.get(day, "closed")
        if text != "closed":
            first, last = (minutes_of(part) for part in text.split("-"))
            out[day] = (first, last)
    return out


def paid_hours(minutes: int) -> int | float:
    """Paid hours as the contract writes them: a whole number where the minutes allow."""
    return minutes // 60 if minutes % 60 == 0 else minutes / 60


class _Report:
    """Collects problems; a few of each kind, so that one bad roster reads well."""

    def __init__(self, limit: int = 8) -> None:
        self.problems: list[str] = []
        self._seen: Counter[str] = Counter()
        self._limit = limit

    def add(self, kind: str, message: str) -> None:
        self._seen[kind] += 1
        if self._seen[kind] <= self._limit:
            self.problems.append(f"{kind}: {message}")
        elif self._seen[kind] == self._limit + 1:
            self.problems.append(f"{kind}: (further problems of this kind left out)")

    def equal(self, kind: str, what: str, got: object, want: object) -> None:
        if got != want:
            self.add(kind, f"{what} is {got!r}, expected {want!r}")


def check_result(branch_src: Data | Path | str, standards_src: Data | Path | str,
                 result: Data) -> list[str]:
    """Every way ``result`` departs from design §3-§5 for this branch and standards.

    A result that claims ``optimal`` must also admit none of the one-step improvements
    that ``_check_no_local_improvement`` looks for.
    """
    branch, std = _load(branch_src), _load(standards_src)
    rep = _Report()
    _check_header(rep, branch, std, result)
    if result.get("status") == "error":
        return rep.problems
    need, floors, capped = spec_requirements(std, branch)
    _check_requirements(rep, result, need, capped)
    staff = {e["id"]: e for e in branch.get("staff", [])}
    roles = _check_assignments(rep, std, staff, result)
    cover, minutes = _check_roster(rep, std, branch, staff, roles, result)
    _check_coverage(rep, need, cover, result)
    _check_objective_and_headcount(rep, std, staff, roles, floors, minutes, result)
    if result.get("status") == "optimal":
        _check_no_local_improvement(rep, std, branch, staff, roles, need, floors, cover, result)
    return rep.problems


def assert_valid(branch_src: Data | Path | str, standards_src: Data | Path | str,
                 result: Data) -> None:
    """Raise AssertionError listing every problem ``check_result`` finds."""
    problems = check_result(branch_src, standards_src, result)
    if problems:
        raise AssertionError(
            f"{result.get('branch')}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)
        )


# ---------------------------------------------------------------- the parts


def _check_header(rep: _Report, branch: Data, std: Data, result: Data) -> None:
    keys = list(result)
    want = RESULT_KEYS + (["error"] if "error" in result else [])
    rep.equal("contract", "the key order", keys, want)
    rep.equal("contract", "kind", result.get("kind"), "BranchResult")
    rep.equal("contract", "version", result.get("version"), 1)
    rep.equal("contract", "branch", result.get("branch"), branch["id"])
    rep.equal("contract", "standards", result.get("standards"), std["name"])
    status = result.get("status")
    if status not in STATUSES:
        rep.add("contract", f"status {status!r} is not one of {STATUSES}")
    if status == "error":
        return
    rep.equal("contract", "slot_minutes", result.get("slot_minutes"),
              std["calendar"]["slot_minutes"])
    gap = result.get("gap")
    if status == "optimal" and gap != 0:
        rep.add("contract", f"status optimal with gap {gap!r}")
    if status == "feasible" and not (isinstance(gap, int | float) and gap > 0):
        rep.add("contract", f"status feasible without a positive gap ({gap!r})")
    objective = result.get("objective") or {}
    rep.equal("contract", "the objective's key order", list(objective), OBJECTIVE_KEYS)
    for name, columns in ROW_KEYS.items():
        for row in result.get(name, []):
            if list(row) != columns:
                rep.add("contract", f"a {name} row has keys {list(row)}, expected {columns}")
                break
    sort_keys = {
        "requirements": lambda r: (r["post"], _day_key(r["day"]), r["start"]),
        "roster": lambda r: (r["employee"], _day_key(r["day"]), r["start"]),
        "assignments": lambda r: r["employee"],
        "moves": lambda r: r["employee"],
    }
    for name, key in sort_keys.items():
        rows = [key(r) for r in result.get(name, [])]
        if rows != sorted(rows):
            rep.add("order", f"{name} are not sorted as §5 says")


def _check_requirements(rep: _Report, result: Data, need: dict[tuple[str, str, int], int],
                        capped: set[tuple[str, str, int]]) -> None:
    want = {(p, d, clock(s)): n for (p, d, s), n in need.items() if n > 0}
    rows = result.get("requirements", [])
    got = {(r["post"], r["day"], r["start"]): r["required"] for r in rows}
    if len(got) != len(rows):
        rep.add("requirements", "a post, day and slot appears twice")
    for key in sorted(want.keys() - got.keys()):
        rep.add("requirements", f"missing row {key} (required {want[key]})")
    for key in sorted(got.keys() - want.keys()):
        rep.add("requirements", f"unexpected row {key} (required {got[key]})")
    for key in sorted(want.keys() & got.keys()):
        if want[key] != got[key]:
            rep.add("requirements", f"{key} requires {got[key]}, the rules give {want[key]}")
    warned = {(w["post"], w["day"], w["start"]) for w in result.get("warnings", [])
              if w["code"] == "counter-capacity"}
    rep.equal("warnings", "the counter-capacity slots", sorted(warned),
              sorted((p, d, clock(s)) for p, d, s in capped))


def _check_assignments(rep: _Report, std: Data, staff: dict[str, Data],
                       result: Data) -> dict[str, tuple[str | None, str | None]]:
    """Check the assignments; return each employee's (role, team post)."""
    rows = result.get("assignments", [])
    ids = [a["employee"] for a in rows]
    rep.equal("assignments", "the employees listed", sorted(ids), sorted(staff))
    if len(ids) != len(set(ids)):
        rep.add("assignments", "an employee is listed twice")
    out: dict[str, tuple[str | None, str | None]] = {}
    for a in rows:
        eid, role, team = a["employee"], a["role"], a["team"]
        if role is None:
            if team is not None:
                rep.add("assignments", f"{eid} is freed but has team {team!r}")
            out[eid] = (None, None)
            continue
        if role not in std["roles"]:
            rep.add("assignments", f"{eid} has role {role!r}, which the standards lack")
            out[eid] = (role, None)
            continue
        portfolio = std["roles"][role]["sizing"] == "portfolio"
        if portfolio and team not in std["roles"][role]["teams"]:
            rep.add("assignments", f"{eid} in portfolio role {role} has team {team!r}")
        if not portfolio and team is not None:
            rep.add("assignments", f"{eid} in {role} has team {team!r}; only portfolio roles do")
        team_post = f"{role}.{team}" if portfolio and team is not None else None
        posts = [team_post] if team_post else posts_of(std, role)
        skills = staff.get(eid, {}).get("skills", [])
        if not any(s in (p, role) for s in skills for p in posts):
            rep.add("assignments", f"{eid} is given {team_post or role} without a skill for it")
        out[eid] = (role, team_post)
    return out


def _check_roster(rep: _Report, std: Data, branch: Data, staff: dict[str, Data],
                  roles: dict[str, tuple[str | None, str | None]], result: Data
                  ) -> tuple[Counter[tuple[str, str, int]], int]:
    """Check every shift; return the people per (row, day, slot start) and the paid minutes."""
    slot = std["calendar"]["slot_minutes"]
    labor = std["labor"]
    lengths = {round(h * 60) for h in labor["shift_hours"]}
    hours = opening(std, branch)
    all_posts = {p for r in std["roles"] for p in posts_of(std, r)}
    cover: Counter[tuple[str, str, int]] = Counter()
    days: dict[str, list[str]] = {}
    worked: Counter[str] = Counter()
    total = 0
    for row in result.get("roster", []):
        eid, post, day = row["employee"], row["post"], row["day"]
        start, end = minutes_of(row["start"]), minutes_of(row["end"])
        what = f"{eid} {post} {day} {row['start']}-{row['end']}"
        emp = staff.get(eid)
        if emp is None:
            rep.add("roster", f"{what}: no such employee")
            continue
        role = post.split(".", 1)[0]
        if post not in all_posts:
            rep.add("roster", f"{what}: {post} is not a post of the standards")
        assigned, team_post = roles.get(eid, (None, None))
        if assigned != role:
            rep.add("roster", f"{what}: the employee's role for the week is {assigned!r}")
        elif team_post is not None and post != team_post:
            rep.add("roster", f"{what}: the employee's team post is {team_post}")
        if not any(s in (post, role) for s in emp.get("skills", [])):
            rep.add("roster", f"{what}: no skill for {post} (skills {emp.get('skills', [])})")
        if end - start not in lengths:
            rep.add("roster", f"{what}: {end - start} minutes is no allowed shift length")
        if day not in hours:
            rep.add("roster", f"{what}: the branch is closed on {day}")
        else:
            first, last = hours[day]
            if (start - first) % slot:
                rep.add("roster", f"{what}: the start is off the {slot}-minute slot grid")
            if start < first or end > last:
                rep.add("roster", f"{what}: outside the opening hours {clock(first)}-{clock(last)}")
        if day in emp.get("unavailable", []):
            rep.add("roster", f"{what}: the employee is unavailable on {day}")
        days.setdefault(eid, []).append(day)
        worked[eid] += end - start
        total += end - start
        # a shift counts towards its post's row and, for a sub-post, its role's row
        rows = [post] if role == post else [post, role]
        for t in range(start, end, slot):
            for r in rows:
                cover[(r, day, t)] += 1
    for eid, on in days.items():
        twice = sorted(d for d, n in Counter(on).items() if n > 1)
        if twice:
            rep.add("roster", f"{eid} works more than one shift on {', '.join(twice)}")
        if len(on) > labor["max_days_per_week"]:
            rep.add("roster", f"{eid} works {len(on)} days, above {labor['max_days_per_week']}")
        limit = staff[eid].get("max_hours_per_week")
        limit = labor["max_hours_per_week"] if limit is None else limit
        if worked[eid] > limit * 60 + 1e-9:
            rep.add("roster", f"{eid} works {worked[eid] / 60:g} h, above {limit:g} h")
    return cover, total


def _check_coverage(rep: _Report, need: dict[tuple[str, str, int], int],
                    cover: Counter[tuple[str, str, int]], result: Data) -> None:
    missing = {
        (post, day, clock(start)): n - cover[(post, day, start)]
        for (post, day, start), n in need.items()
        if n > cover[(post, day, start)]
    }
    uncovered = sum(missing.values())
    objective = result.get("objective") or {}
    rep.equal("coverage", "objective.shortage_slots", objective.get("shortage_slots"), uncovered)
    rows = result.get("shortages", [])
    got = sorted((s["post"], s["day"], s["start"], s["missing"]) for s in rows)
    want = sorted((p, d, s, n) for (p, d, s), n in missing.items())
    if got != want:
        extra = sorted(set(got) - set(want))[:5]
        lacking = sorted(set(want) - set(got))[:5]
        rep.add("coverage", f"shortage rows differ: not true {extra}, not reported {lacking}")
    rep.equal("coverage", "the sum of shortage rows", sum(s["missing"] for s in rows),
              objective.get("shortage_slots"))
    for s in rows:
        if not isinstance(s["cause"], str) or not s["cause"].strip():
            rep.add("coverage", f"shortage {s['post']} {s['day']} {s['start']} gives no cause")


def _check_objective_and_headcount(
    rep: _Report, std: Data, staff: dict[str, Data],
    roles: dict[str, tuple[str | None, str | None]], floors: dict[str, int], minutes: int,
    result: Data,
) -> None:
    objective = result.get("objective") or {}
    assigned: Counter[str] = Counter()
    for role, team_post in roles.values():
        for name in (role, team_post):
            if name is not None:
                assigned[name] += 1
    # presence and grade floors bind the role; portfolio floors bind each team
    floor_shortage = sum(max(0, f - assigned[name]) for name, f in floors.items())
    rep.equal("objective", "floor_shortage", objective.get("floor_shortage"), floor_shortage)
    headcount = sum(1 for role, _ in roles.values() if role is not None)
    rep.equal("objective", "headcount", objective.get("headcount"), headcount)
    changes = sum(
        1 for eid, (role, _) in roles.items()
        if role is not None and role != staff.get(eid, {}).get("role")
    )
    rep.equal("objective", "role_changes", objective.get("role_changes"), changes)
    rep.equal("objective", "paid_hours", objective.get("paid_hours"), paid_hours(minutes))

    rows = {h["role"]: h for h in result.get("headcount", [])}
    if len(rows) != len(result.get("headcount", [])):
        rep.add("headcount", "a role has two rows")
    want_rows = [p for r in std["roles"] for p in
                 ([r, *posts_of(std, r)] if std["roles"][r]["sizing"] == "portfolio" else [r])]
    rep.equal("headcount", "the rows", sorted(rows), sorted(want_rows))
    for name in want_rows:
        row = rows.get(name)
        if row is None:
            continue
        portfolio_role = std["roles"].get(name, {}).get("sizing") == "portfolio"
        floor = (sum(floors.get(p, 0) for p in posts_of(std, name)) if portfolio_role
                 else floors.get(name, 0))
        rep.equal("headcount", f"{name} floor", row["floor"], floor)
        rep.equal("headcount", f"{name} required", row["required"], assigned[name])
        rep.equal("headcount", f"{name} freed", row["freed"], row["current"] - row["required"])
        if "." not in name:
            current = sum(1 for e in staff.values() if e.get("role") == name)
            rep.equal("headcount", f"{name} current", row["current"], current)

    want_moves = sorted(
        (eid, staff[eid].get("role"), role)
        for eid, (role, _) in roles.items()
        if eid in staff and role != staff[eid].get("role")
    )
    got_moves = sorted((m["employee"], m["from"], m["to"]) for m in result.get("moves", []))
    if got_moves != want_moves:
        rep.add("moves", f"moves are {got_moves}, expected {want_moves}")



# ---------------------------------------------------------------- optimality certificates


def _check_no_local_improvement(
    rep: _Report, std: Data, branch: Data, staff: dict[str, Data],
    roles: dict[str, tuple[str | None, str | None]], need: dict[tuple[str, str, int], int],
    floors: dict[str, int], cover: Counter[tuple[str, str, int]], result: Data,
) -> None:
    """Look for a single change that keeps every hard rule and improves the objective.

    Any such change disproves a claim of lexicographic optimality (design §4):
    - level 1: a free day of someone (in their role, or freed and qualified) could carry
      a shift that covers an uncovered slot;
    - level 2: a freed person qualified for a role or team under its floor;
    - level 3: someone with a role, no shift, and no floor that needs them;
    - level 5: a rostered person could work another free day within their contract.
    """
    slot = std["calendar"]["slot_minutes"]
    labor = std["labor"]
    lengths = sorted({round(h * 60) for h in labor["shift_hours"]})
    hours = opening(std, branch)
    missing = {k: n - cover[k] for k, n in need.items() if n > cover[k]}
    shifts: dict[str, list[Data]] = {}
    for row in result.get("roster", []):
        shifts.setdefault(row["employee"], []).append(row)
    assigned: Counter[str] = Counter()
    for role, team_post in roles.values():
        assigned.update(name for name in (role, team_post) if name is not None)

    def rows_of(post: str) -> list[str]:
        role = post.split(".", 1)[0]
        return [post] if role == post else [post, role]

    def skilled(emp: Data, post: str) -> bool:
        return any(s in (post, post.split(".", 1)[0]) for s in emp.get("skills", []))

    def floor_slack(role: str, team_post: str | None) -> bool:
        """Whether one person fewer in this role (and team) leaves its floor met."""
        name = team_post or role
        return assigned[name] > floors.get(name, 0)

    for eid, emp in sorted(staff.items()):
        role, team_post = roles.get(eid, (None, None))
        worked = shifts.get(eid, [])
        limit = emp.get("max_hours_per_week")
        limit = labor["max_hours_per_week"] if limit is None else limit
        used = sum(minutes_of(s["end"]) - minutes_of(s["start"]) for s in worked)
        if role is None:
            posts = [p for r in std["roles"] for p in posts_of(std, r) if skilled(emp, p)]
        else:
            posts = [team_post] if team_post else [
                p for p in posts_of(std, role) if skilled(emp, p)
            ]
        # level 1: one more shift on a free day
        busy = {s["day"] for s in worked} | set(emp.get("unavailable", []))
        if len(worked) < labor["max_days_per_week"]:
            found = _covering_shift(posts, hours, busy, lengths, slot, limit * 60 - used,
                                    missing, rows_of)
            if found:
                rep.add("optimality", f"{eid} could work {found} and cover an uncovered slot")
        # level 2: a freed person under a floor they could fill
        if role is None:
            under = [p for p in posts
                     if assigned[p] < floors.get(p, 0)
                     or assigned[p.split(".", 1)[0]] < floors.get(p.split(".", 1)[0], 0)]
            if under:
                rep.add("optimality", f"{eid} is freed but could fill the floor of {under[0]}")
        # level 3: a role with no shift that no floor needs
        elif not worked and floor_slack(role, team_post):
            rep.add("optimality", f"{eid} has role {role}, no shift and no floor to meet; "
                                  "freeing them lowers the headcount")
        # level 5: a rostered person with a free day and contract hours left
        rostered = role is not None and any(n > 0 and r.split(".", 1)[0] == role
                                            for (r, _, _), n in need.items())
        if rostered and not labor.get("breaks") and len(worked) < labor["max_days_per_week"]:
            free = [d for d, (first, last) in hours.items() if d not in busy
                    and any(n <= min(last - first, limit * 60 - used) for n in lengths)]
            if free:
                rep.add("optimality", f"{eid} could work {free[0]} too: fewer idle contract "
                                      "hours")


def _covering_shift(posts: list[str], hours: dict[str, tuple[int, int]], busy: set[str],
                    lengths: list[int], slot: int, minutes_left: float,
                    missing: dict[tuple[str, str, int], int], rows_of: Any) -> str | None:
    """A legal extra shift that covers some uncovered slot, as text; None if there is none."""
    for day, (first, last) in hours.items():
        if day in busy:
            continue
        for post in posts:
            for length in lengths:
                if length > minutes_left + 1e-9:
                    continue
                for start in range(first, last - length + 1, slot):
                    if any((r, day, t) in missing for r in rows_of(post)
                           for t in range(start, start + length, slot)):
                        return f"{post} {day} {clock(start)}-{clock(start + length)}"
    return None
