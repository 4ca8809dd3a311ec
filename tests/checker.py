"""An independent checker of version-2 results against design §3-§5 (result contract 2).

It reads the branch and standards YAML as plain data and recounts everything a result
claims: the requirements (with ``tests/spec.py``), the legality of every shift and its
break, contract hours and working days, the coverage with breaks left out, the
shortages, the objective levels, the gains-and-needs rows per role and per portfolio
team, the totals, the assignments, the moves and the warnings. It imports nothing from
staffopt, so a mistake there cannot hide itself here.

    problems = check_result(branch_yaml, standards_yaml, result_dict)
    assert_valid(branch_yaml, standards_yaml, result_dict)  # raises with every problem

Readings of the design that this checker fixes (where the text leaves room):
- a move is a change of (role, portfolio team), on every row: someone who changes team
  is moved out of and into their portfolio role's row as well as its team rows, so that
  ``totals.moved`` (the sum of the role rows' ``moved_in``) counts the moves list's
  rows that name a role;
- an employee with no role today who is given none is neither freed nor moved;
- a current portfolio employee's team is the first team, in the standards' order, that
  one of their skills covers (a skill naming the whole role covers every team);
- ``role_changes`` counts changes of role only, as §4 level 4 says;
- ``totals`` add up the role rows (``moved`` from ``moved_in``); ``staff`` counts
  everyone on the staff list.
A result that claims ``optimal`` must also admit none of the one-step improvements that
``_check_optimality`` looks for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spec import DAY_NAMES, spec_requirements_needed

Data = dict[str, Any]
Key = tuple[str, str, int]  # (post or role row, day, slot start in minutes)
Plan = dict[str, tuple[str | None, str | None]]  # employee -> (role, team) for the week

STATUSES = ("optimal", "feasible", "error")
RESULT_KEYS = [
    "kind", "version", "branch", "name", "district", "input_sha256", "standards", "status",
    "gap", "solve_seconds", "slot_minutes", "objective", "totals", "requirements", "roster",
    "headcount", "assignments", "moves", "shortages", "warnings",
]
OBJECTIVE_KEYS = [
    "shortage_slots", "floor_shortage", "headcount", "role_changes", "idle_hours", "paid_hours",
]
TOTALS_KEYS = ["staff", "kept", "moved", "freed", "under_floor", "uncovered_hours"]
FIGURES = [
    "current", "required", "kept", "moved_in", "moved_out", "freed", "floor", "under_floor",
    "uncovered_hours",
]
ROW_KEYS = {
    "requirements": ["post", "day", "start", "required"],
    "roster": ["employee", "post", "day", "start", "end", "break_start", "break_end", "hours"],
    "headcount": ["role", *FIGURES],
    "assignments": ["employee", "name", "role", "team", "hours", "contract_hours"],
    "moves": ["employee", "from", "to", "from_team", "to_team"],
    "shortages": ["post", "day", "start", "missing", "cause"],
    "warnings": ["code", "post", "day", "start", "needed", "counters", "message"],
}
_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_TOL = 1e-6


# ---------------------------------------------------------------- small helpers


def _load(source: Data | Path | str) -> Data:
    """A YAML document as plain data: a mapping is taken as it is, else a path is read."""
    if isinstance(source, dict):
        return source
    return yaml.safe_load(Path(source).read_text(encoding="utf-8"))


def clock(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def minute(text: object) -> int | None:
    """'HH:MM' as minutes after midnight; None for anything else."""
    match = _TIME.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    value = int(match.group(1)) * 60 + int(match.group(2))
    return value if value <= 24 * 60 else None


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(got: object, want: float) -> bool:
    return _number(got) and abs(float(got) - want) <= _TOL  # type: ignore[arg-type]


def _day_key(day: object) -> int:
    # an unknown day sorts last rather than crashing the checker; it is reported elsewhere
    return DAY_NAMES.index(day) if day in DAY_NAMES else len(DAY_NAMES)


def _window(text: str) -> tuple[int, int]:
    first, last = text.split("-")
    start, end = minute(first), minute(last)
    assert start is not None and end is not None, text
    return start, end


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

    def count(self, kind: str, what: str, got: object, want: int) -> None:
        """A count: a whole number (not a bool) equal to ``want``."""
        if isinstance(got, bool) or not isinstance(got, int) or got != want:
            self.add(kind, f"{what} is {got!r}, expected {want!r}")

    def hours(self, kind: str, what: str, got: object, want: float) -> None:
        """A figure in hours, equal to ``want`` within rounding."""
        if not _same(got, want):
            self.add(kind, f"{what} is {got!r}, expected {want:g}")


# ---------------------------------------------------------------- the branch as the rules see it


@dataclass
class _Case:
    """The branch and standards, with the figures every check needs."""

    std: Data
    branch: Data
    slot: int
    hours: dict[str, tuple[int, int]]
    staff: dict[str, Data]
    need: dict[Key, int]
    floors: dict[str, int]
    capped: dict[Key, int]
    rostered: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, std: Data, branch: Data) -> _Case:
        """Read the files; size the requirements with tests/spec.py."""
        hours_text = {**std["calendar"]["opening_hours"], **branch.get("opening_hours", {})}
        hours = {d: _window(hours_text[d]) for d in DAY_NAMES
                 if hours_text.get(d, "closed") != "closed"}
        need, floors, capped = spec_requirements_needed(std, branch)
        case = cls(std, branch, std["calendar"]["slot_minutes"], hours,
                   {e["id"]: e for e in branch.get("staff", [])}, need, floors, capped)
        case.rostered = {p.split(".", 1)[0] for (p, _, _), n in need.items() if n > 0}
        return case

    @property
    def labor(self) -> Data:
        return self.std["labor"]

    def posts_of(self, role: str) -> list[str]:
        """The posts of a role: one per zone (queue) or team (portfolio), else the role."""
        spec = self.std["roles"][role]
        if spec["sizing"] == "queue":
            return [f"{role}.{zone}" for zone in spec["zones"]]
        if spec["sizing"] == "portfolio":
            return [f"{role}.{team}" for team in spec["teams"]]
        return [role]

    def portfolio(self, role: str | None) -> bool:
        return role in self.std["roles"] and self.std["roles"][role]["sizing"] == "portfolio"

    def skilled(self, eid: str, post: str) -> bool:
        """§2.6: a skill names the post or its whole role."""
        skills = self.staff.get(eid, {}).get("skills", [])
        return any(s in (post, post.split(".", 1)[0]) for s in skills)

    def contract(self, eid: str) -> float:
        """§4: the employee's max_hours_per_week, else labor's."""
        own = self.staff[eid].get("max_hours_per_week")
        return float(self.labor["max_hours_per_week"] if own is None else own)

    def current(self, eid: str) -> tuple[str | None, str | None]:
        """Today's (role, team): a portfolio team is the first team a skill covers."""
        role = self.staff[eid].get("role")
        if not self.portfolio(role):
            return role, None
        for team in self.std["roles"][role]["teams"]:
            if self.skilled(eid, f"{role}.{team}"):
                return role, team
        return role, None

    def rule_for(self, hours: float) -> Data | None:
        """§4: the break rule with the largest min_shift_hours not above the paid length."""
        rules = [r for r in self.labor.get("breaks") or []
                 if r["min_shift_hours"] <= hours + 1e-9]
        return max(rules, key=lambda r: r["min_shift_hours"], default=None)

    @staticmethod
    def rows_of(post: str) -> list[str]:
        """The coverage rows a shift on a post counts for: the post, and its role's row."""
        role = post.split(".", 1)[0]
        return [post] if role == post else [post, role]

    def floor_name(self, role: str, team: str | None) -> str:
        """The name whose floor a person in (role, team) counts towards."""
        return f"{role}.{team}" if self.portfolio(role) else role


@dataclass
class _Shift:
    """A roster row, read: times in minutes, the break (or None) and the paid minutes."""

    employee: str
    post: str
    day: str
    start: int
    end: int
    break_start: int | None
    break_end: int | None
    paid: int

    def worked(self, slot: int) -> list[int]:
        """The slot starts worked: the span without the break."""
        return [t for t in range(self.start, self.end, slot)
                if self.break_start is None or not self.break_start <= t < self.break_end]

    def times(self) -> str:
        lunch = "" if self.break_start is None else f" (break {clock(self.break_start)})"
        return f"{clock(self.start)}-{clock(self.end)}{lunch}"

    def text(self) -> str:
        return f"{self.post} {self.day} {self.times()}"


@dataclass
class _Work:
    """What the roster gives: people per (row, day, slot), and each employee's shifts."""

    cover: Counter[Key] = field(default_factory=Counter)
    shifts: dict[str, list[_Shift]] = field(default_factory=dict)
    hours: Counter[str] = field(default_factory=Counter)  # paid hours as the rows claim

    def missing(self, case: _Case) -> dict[Key, int]:
        return {k: n - self.cover[k] for k, n in case.need.items() if n > self.cover[k]}


# ---------------------------------------------------------------- entry points


def check_result(branch_src: Data | Path | str, standards_src: Data | Path | str,
                    result: Data) -> list[str]:
    """Every way ``result`` departs from design §3-§5 (contract version 2)."""
    branch, std = _load(branch_src), _load(standards_src)
    rep = _Report()
    _check_header(rep, branch, std, result)
    if result.get("status") == "error" or not _check_shapes(rep, result):
        return rep.problems
    case = _Case.build(std, branch)
    _check_requirements(rep, case, result)
    plan = _check_assignments(rep, case, result)
    work = _check_roster(rep, case, plan, result)
    _check_hours(rep, case, work, result)
    missing = work.missing(case)
    _check_coverage(rep, case, missing, result)
    _check_objective(rep, case, plan, work, missing, result)
    _check_headcount(rep, case, plan, missing, result)
    _check_totals(rep, case, plan, missing, result)
    _check_moves(rep, case, plan, result)
    if result.get("status") == "optimal":
        _check_optimality(rep, case, plan, work, missing)
    return rep.problems


def assert_valid(branch_src: Data | Path | str, standards_src: Data | Path | str,
                    result: Data) -> None:
    """Raise AssertionError listing every problem ``check_result`` finds."""
    problems = check_result(branch_src, standards_src, result)
    if problems:
        raise AssertionError(
            f"{result.get('branch')}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)
        )


# ---------------------------------------------------------------- contract shape


def _check_header(rep: _Report, branch: Data, std: Data, result: Data) -> None:
    status = result.get("status")
    want = RESULT_KEYS + (["error"] if status == "error" else [])
    rep.equal("contract", "the key order", list(result), want)
    rep.equal("contract", "kind", result.get("kind"), "BranchResult")
    rep.equal("contract", "version", result.get("version"), 2)
    rep.equal("contract", "branch", result.get("branch"), branch["id"])
    rep.equal("contract", "name", result.get("name"), branch.get("name"))
    rep.equal("contract", "district", result.get("district"), branch.get("district"))
    sha = result.get("input_sha256")
    if not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)):
        rep.add("contract", f"input_sha256 {sha!r} is not a sha256 hex digest")
    if status not in STATUSES:
        rep.add("contract", f"status {status!r} is not one of {STATUSES}")
    if status == "error":
        error = result.get("error")
        if not (isinstance(error, str) and error.strip()):
            rep.add("contract", "an error result must say what went wrong in 'error'")
        return
    rep.equal("contract", "standards", result.get("standards"), std["name"])
    rep.equal("contract", "slot_minutes", result.get("slot_minutes"),
              std["calendar"]["slot_minutes"])
    gap, seconds = result.get("gap"), result.get("solve_seconds")
    if status == "optimal" and gap != 0:
        rep.add("contract", f"status optimal with gap {gap!r}")
    if status == "feasible" and not (_number(gap) and gap > 0):
        rep.add("contract", f"status feasible without a positive gap ({gap!r})")
    if not (_number(seconds) and seconds >= 0):
        rep.add("contract", f"solve_seconds {seconds!r} is not a number of seconds")


def _check_shapes(rep: _Report, result: Data) -> bool:
    """Key sets and sort orders; False where rows cannot even be read."""
    before = len(rep.problems)
    objective, totals = result.get("objective"), result.get("totals")
    rep.equal("contract", "the objective's keys",
              list(objective) if isinstance(objective, dict) else objective, OBJECTIVE_KEYS)
    rep.equal("contract", "the totals' keys",
              list(totals) if isinstance(totals, dict) else totals, TOTALS_KEYS)
    for name, columns in ROW_KEYS.items():
        rows = result.get(name)
        if not isinstance(rows, list):
            rep.add("contract", f"{name} is {rows!r}, not a list")
            continue
        for row in rows:
            if not isinstance(row, dict) or list(row) != columns:
                shown = list(row) if isinstance(row, dict) else row
                rep.add("contract", f"a {name} row has keys {shown}, expected {columns}")
                break
    if len(rep.problems) > before:
        return False
    sort_keys = {
        "requirements": lambda r: (r["post"], _day_key(r["day"]), str(r["start"])),
        "roster": lambda r: (r["employee"], _day_key(r["day"]), str(r["start"])),
        "assignments": lambda r: r["employee"],
        "moves": lambda r: r["employee"],
    }
    for name, key in sort_keys.items():
        rows = [key(r) for r in result[name]]
        if rows != sorted(rows):
            rep.add("order", f"{name} are not sorted as §5 says")
    return True


# ---------------------------------------------------------------- requirements and warnings


def _check_requirements(rep: _Report, case: _Case, result: Data) -> None:
    want = {(p, d, clock(s)): n for (p, d, s), n in case.need.items() if n > 0}
    rows = result["requirements"]
    got = {(r["post"], r["day"], r["start"]): r["required"] for r in rows}
    if len(got) != len(rows):
        rep.add("requirements", "a post, day and slot appears twice")
    for key in sorted(want.keys() - got.keys()):
        rep.add("requirements", f"missing row {key} (required {want[key]})")
    for key in sorted(got.keys() - want.keys()):
        rep.add("requirements", f"unexpected row {key} (required {got[key]})")
    for key in sorted(want.keys() & got.keys()):
        if want[key] != got[key]:
            rep.add("requirements", f"{key} requires {got[key]!r}, the rules give {want[key]}")
    capped = {(p, d, clock(s)): n for (p, d, s), n in case.capped.items()}
    counters = case.branch.get("counters", {})
    warned = {}
    for w in result["warnings"]:
        if w["code"] == "counter-capacity":
            warned[(w["post"], w["day"], w["start"])] = w
    rep.equal("warnings", "the counter-capacity slots", sorted(warned), sorted(capped))
    for key in sorted(warned.keys() & capped.keys()):
        w = warned[key]
        rep.equal("warnings", f"{key} needed", w["needed"], capped[key])
        rep.equal("warnings", f"{key} counters", w["counters"],
                  counters.get(key[0].split(".", 1)[1], 0))
    for w in result["warnings"]:
        if not (isinstance(w["message"], str) and w["message"].strip()):
            rep.add("warnings", f"warning {w['code']} {w['post']} {w['day']} has no message")


# ---------------------------------------------------------------- assignments


def _check_assignments(rep: _Report, case: _Case, result: Data) -> Plan:
    """Check the assignments (hours come later); return each employee's (role, team)."""
    rows = result["assignments"]
    ids = [a["employee"] for a in rows]
    rep.equal("assignments", "the employees listed", sorted(set(ids)), sorted(case.staff))
    for eid, n in sorted(Counter(ids).items()):
        if n > 1:
            rep.add("assignments", f"{eid} is listed {n} times")
    plan: Plan = {}
    for a in rows:
        eid, role, team = a["employee"], a["role"], a["team"]
        if eid not in case.staff:
            continue
        rep.equal("assignments", f"{eid}'s name", a["name"], case.staff[eid].get("name"))
        rep.hours("assignments", f"{eid}'s contract_hours", a["contract_hours"],
                  case.contract(eid))
        plan[eid] = (role, team)
        if role is None:
            if team is not None:
                rep.add("assignments", f"{eid} is freed but has team {team!r}")
            continue
        if role not in case.std["roles"]:
            rep.add("assignments", f"{eid} has role {role!r}, which the standards lack")
            continue
        if case.portfolio(role):
            if team not in case.std["roles"][role]["teams"]:
                rep.add("assignments", f"{eid} in portfolio role {role} has team {team!r}")
                continue
            posts = [f"{role}.{team}"]
        else:
            if team is not None:
                rep.add("assignments", f"{eid} in {role} has team {team!r}; only portfolio "
                                       "roles have teams")
                plan[eid] = (role, None)  # reported once here, not again in every count
            posts = case.posts_of(role)
        if not any(case.skilled(eid, p) for p in posts):
            rep.add("assignments", f"{eid} is given {posts[0] if team else role} without a "
                                   "skill for it")
    return plan


# ---------------------------------------------------------------- roster


def _check_roster(rep: _Report, case: _Case, plan: Plan, result: Data) -> _Work:
    """Check every roster row; return the coverage (breaks left out) and the shifts."""
    work = _Work()
    all_posts = {p for r in case.std["roles"] for p in case.posts_of(r)}
    for row in result["roster"]:
        eid, post, day = row["employee"], row["post"], row["day"]
        what = f"{eid} {post} {day} {row['start']}-{row['end']}"
        if eid not in case.staff:
            rep.add("roster", f"{what}: no such employee")
            continue
        if post not in all_posts:
            rep.add("roster", f"{what}: {post!r} is not a post of the standards")
            continue
        _check_post(rep, case, plan, what, eid, post)
        shift = _read_shift(rep, case, what, row)
        if shift is None:
            continue
        work.shifts.setdefault(eid, []).append(shift)
        work.hours[eid] += row["hours"] if _number(row["hours"]) else 0
        for t in shift.worked(case.slot):
            for r in case.rows_of(post):
                work.cover[(r, day, t)] += 1
    return work


def _check_post(rep: _Report, case: _Case, plan: Plan, what: str, eid: str, post: str) -> None:
    """The post is the employee's: within skills, the role and team, a rostered role."""
    role = post.split(".", 1)[0]
    assigned, team = plan.get(eid, (None, None))
    if assigned != role:
        rep.add("roster", f"{what}: the employee's role for the week is {assigned!r}")
    elif case.portfolio(role) and post != f"{role}.{team}":
        rep.add("roster", f"{what}: the employee's team for the week is {team!r}")
    if not case.skilled(eid, post):
        rep.add("roster", f"{what}: no skill for {post} "
                          f"(skills {case.staff[eid].get('skills', [])})")
    if role not in case.rostered:
        rep.add("roster", f"{what}: role {role} has no positive requirement in any slot, so "
                          "it gets no shifts")


def _read_shift(rep: _Report, case: _Case, what: str, row: Data) -> _Shift | None:
    """Check a row's day, times, length and break; None where it cannot be read."""
    day, eid = row["day"], row["employee"]
    start, end = minute(row["start"]), minute(row["end"])
    if start is None or end is None or start >= end:
        rep.add("roster", f"{what}: the times do not make a shift")
        return None
    if day not in case.hours:
        rep.add("roster", f"{what}: the branch is closed on {day}")
    else:
        first, last = case.hours[day]
        if start < first or end > last:
            rep.add("roster", f"{what}: outside the opening hours {clock(first)}-{clock(last)}")
    if start % case.slot:
        rep.add("roster", f"{what}: the start is off the {case.slot}-minute slot grid")
    if day in case.staff[eid].get("unavailable", []):
        rep.add("roster", f"{what}: the employee is unavailable on {day}")
    hours = row["hours"]
    if not any(_same(hours, h) for h in case.labor["shift_hours"]):
        rep.add("roster", f"{what}: hours {hours!r} is no allowed shift length "
                          f"({case.labor['shift_hours']})")
        return None
    paid = round(float(hours) * 60)
    rule = case.rule_for(float(hours))
    span = paid + (rule["minutes"] if rule is not None and not rule["paid"] else 0)
    if end - start != span:
        lunch = ("" if rule is None or rule["paid"]
                 else f" with its unpaid {rule['minutes']}-minute break")
        rep.add("roster", f"{what}: runs {end - start} minutes; a shift of {hours:g} h{lunch} "
                          f"runs {span}")
    shift = _Shift(eid, row["post"], day, start, end, None, None, paid)
    if rule is None:
        if row["break_start"] is not None or row["break_end"] is not None:
            rep.add("roster", f"{what}: has a break, but no break rule applies to a shift "
                              f"of {hours:g} h")
        return shift
    _check_break(rep, case, what, row, rule, shift)
    return shift


def _check_break(rep: _Report, case: _Case, what: str, row: Data, rule: Data,
                 shift: _Shift) -> None:
    """§4: the break starts on the grid, inside the window and strictly inside the shift."""
    rule_text = (f"the rule for shifts of {rule['min_shift_hours']:g} h or more "
                 f"({rule['minutes']} minutes in {rule['window']})")
    b_start, b_end = minute(row["break_start"]), minute(row["break_end"])
    if b_start is None or b_end is None:
        rep.add("roster", f"{what}: has no break, but {rule_text} applies")
        return
    shift.break_start, shift.break_end = b_start, b_end
    if b_end - b_start != rule["minutes"]:
        rep.add("roster", f"{what}: the break {row['break_start']}-{row['break_end']} lasts "
                          f"{b_end - b_start} minutes, not the {rule['minutes']} of {rule_text}")
    if b_start % case.slot:
        rep.add("roster", f"{what}: the break starts off the {case.slot}-minute slot grid")
    low, high = _window(rule["window"])
    if b_start < low or b_end > high:
        rep.add("roster", f"{what}: the break {row['break_start']}-{row['break_end']} is "
                          f"outside the window {rule['window']}")
    if b_start < shift.start + case.slot or b_end > shift.end - case.slot:
        rep.add("roster", f"{what}: the break {row['break_start']}-{row['break_end']} is not "
                          "strictly inside the shift (its first and last slots are worked)")


def _check_hours(rep: _Report, case: _Case, work: _Work, result: Data) -> None:
    """One shift a day, max_days_per_week, contract hours; the assignments' hours."""
    max_days = case.labor["max_days_per_week"]
    for eid, shifts in sorted(work.shifts.items()):
        days = Counter(s.day for s in shifts)
        twice = [d for d in DAY_NAMES if days[d] > 1]
        if twice:
            rep.add("roster", f"{eid} works more than one shift on {', '.join(twice)}")
        if len(days) > max_days:
            rep.add("roster", f"{eid} works {len(days)} days, above max_days_per_week "
                              f"{max_days}")
        if work.hours[eid] > case.contract(eid) + _TOL:
            rep.add("roster", f"{eid} works {work.hours[eid]:g} h, above the contract's "
                              f"{case.contract(eid):g} h")
    for a in result["assignments"]:
        if a["employee"] in case.staff:
            rep.hours("assignments", f"{a['employee']}'s hours", a["hours"],
                      work.hours[a["employee"]])


# ---------------------------------------------------------------- coverage and objective


def _check_coverage(rep: _Report, case: _Case, missing: dict[Key, int], result: Data) -> None:
    rows = result["shortages"]
    got = Counter((s["post"], s["day"], s["start"]) for s in rows)
    for key, n in sorted(got.items()):
        if n > 1:
            rep.add("coverage", f"shortage {key} is listed {n} times")
    want = {(p, d, clock(s)): n for (p, d, s), n in missing.items()}
    reported = {(s["post"], s["day"], s["start"]): s["missing"] for s in rows}
    for key in sorted(want.keys() - reported.keys()):
        rep.add("coverage", f"{key} is {want[key]} short, but no shortage row says so")
    for key in sorted(reported.keys() - want.keys()):
        rep.add("coverage", f"shortage {key} (missing {reported[key]!r}) is covered by the "
                            "roster")
    for key in sorted(want.keys() & reported.keys()):
        rep.count("coverage", f"shortage {key} missing", reported[key], want[key])
    total = result["objective"]["shortage_slots"]
    missing_sum = sum(s["missing"] for s in rows if _number(s["missing"]))
    if missing_sum != total:
        rep.add("coverage", f"the shortage rows sum to {missing_sum}, not shortage_slots "
                            f"{total!r}")
    for s in rows:
        if not (isinstance(s["cause"], str) and s["cause"].strip()):
            rep.add("coverage", f"shortage {s['post']} {s['day']} {s['start']} gives no cause")


def _assigned(case: _Case, plan: Plan) -> Counter[str]:
    """People per role and per portfolio team post."""
    out: Counter[str] = Counter()
    for role, team in plan.values():
        if role is not None:
            out[role] += 1
            if case.portfolio(role):
                out[f"{role}.{team}"] += 1
    return out


def _check_objective(rep: _Report, case: _Case, plan: Plan, work: _Work,
                     missing: dict[Key, int], result: Data) -> None:
    objective = result["objective"]
    assigned = _assigned(case, plan)
    rep.count("objective", "shortage_slots", objective["shortage_slots"], sum(missing.values()))
    floor_shortage = sum(max(0, f - assigned[name]) for name, f in case.floors.items())
    rep.count("objective", "floor_shortage", objective["floor_shortage"], floor_shortage)
    rep.count("objective", "headcount", objective["headcount"],
              sum(1 for role, _ in plan.values() if role is not None))
    changes = sum(1 for eid, (role, _) in plan.items()
                  if role is not None and role != case.staff[eid].get("role"))
    rep.count("objective", "role_changes", objective["role_changes"], changes)
    idle = sum(case.contract(eid) - work.hours[eid]
               for eid, (role, _) in plan.items() if role in case.rostered)
    rep.hours("objective", "idle_hours", objective["idle_hours"], idle)
    rep.hours("objective", "paid_hours", objective["paid_hours"], sum(work.hours.values()))


# ---------------------------------------------------------------- what the branch gains and needs


def _figures(case: _Case, plan: Plan, missing: dict[Key, int], name: str) -> dict[str, float]:
    """§4's row for a role, or for a portfolio team post ``role.team``."""
    role, _, team = name.partition(".")

    def here(pair: tuple[str | None, str | None]) -> bool:
        return pair[0] == role and (not team or pair[1] == team)

    current = [e for e in case.staff if here(case.current(e))]
    required = [e for e, pair in plan.items() if here(pair)]
    kept = [e for e in current if plan.get(e) == case.current(e)]
    assigned = _assigned(case, plan)
    if team or not case.portfolio(role):
        floor = case.floors.get(name, 0)
        under = max(0, floor - len(required))
    else:  # a portfolio role: the sums over its teams
        posts = case.posts_of(role)
        floor = sum(case.floors.get(p, 0) for p in posts)
        under = sum(max(0, case.floors.get(p, 0) - assigned[p]) for p in posts)
    rows = {name} if team else {name, *case.posts_of(role)}
    uncovered = sum(n for (p, _, _), n in missing.items() if p in rows) * case.slot / 60
    return {
        "current": len(current), "required": len(required), "kept": len(kept),
        "moved_in": sum(1 for e in required if plan[e] != case.current(e)),
        "moved_out": sum(1 for e in current if plan.get(e, (None, None))[0] is not None
                         and plan[e] != case.current(e)),
        "freed": sum(1 for e in current if plan.get(e, (None, None))[0] is None),
        "floor": floor, "under_floor": under, "uncovered_hours": uncovered,
    }


def _headcount_names(case: _Case) -> list[str]:
    return [name for role in case.std["roles"]
            for name in ([role, *case.posts_of(role)] if case.portfolio(role) else [role])]


def _check_headcount(rep: _Report, case: _Case, plan: Plan, missing: dict[Key, int],
                     result: Data) -> None:
    rows = result["headcount"]
    by_name = {h["role"]: h for h in rows}
    for name, n in sorted(Counter(h["role"] for h in rows).items()):
        if n > 1:
            rep.add("headcount", f"{name} has {n} rows")
    want = _headcount_names(case)
    rep.equal("headcount", "the rows", sorted(by_name), sorted(want))
    for name in want:
        row = by_name.get(name)
        if row is None:
            continue
        figures = _figures(case, plan, missing, name)
        for key in FIGURES:
            if key == "uncovered_hours":
                rep.hours("headcount", f"{name} {key}", row[key], figures[key])
            else:
                rep.count("headcount", f"{name} {key}", row[key], int(figures[key]))
        if all(_number(row[k]) for k in FIGURES):
            if row["current"] != row["kept"] + row["moved_out"] + row["freed"]:
                rep.add("headcount", f"{name}: current {row['current']} is not kept + "
                                     "moved_out + freed")
            if row["required"] != row["kept"] + row["moved_in"]:
                rep.add("headcount", f"{name}: required {row['required']} is not kept + "
                                     "moved_in")
            if not case.portfolio(name) and row["under_floor"] != max(
                    0, row["floor"] - row["required"]):
                rep.add("headcount", f"{name}: under_floor {row['under_floor']} is not "
                                     "max(0, floor - required)")


def _check_totals(rep: _Report, case: _Case, plan: Plan, missing: dict[Key, int],
                  result: Data) -> None:
    totals = result["totals"]
    roles = [_figures(case, plan, missing, role) for role in case.std["roles"]]
    rep.count("totals", "staff", totals["staff"], len(case.staff))
    for key, figure in (("kept", "kept"), ("moved", "moved_in"), ("freed", "freed"),
                        ("under_floor", "under_floor")):
        rep.count("totals", key, totals[key], int(sum(r[figure] for r in roles)))
    rep.hours("totals", "uncovered_hours", totals["uncovered_hours"],
              sum(missing.values()) * case.slot / 60)


def _check_moves(rep: _Report, case: _Case, plan: Plan, result: Data) -> None:
    want = []
    for eid in sorted(case.staff):
        before, after = case.current(eid), plan.get(eid, (None, None))
        if after != before:
            want.append((eid, before[0], after[0], before[1], after[1]))
    got = [(m["employee"], m["from"], m["to"], m["from_team"], m["to_team"])
           for m in result["moves"]]
    for row in sorted(set(want) - set(got)):
        rep.add("moves", f"missing move {row} (employee, from, to, from_team, to_team)")
    for row in sorted(set(got) - set(want)):
        rep.add("moves", f"move {row} is not a change of role or team")


# ---------------------------------------------------------------- optimality certificates


def _day_shifts(case: _Case, day: str) -> list[_Shift]:
    """Every legal shift on a day, breaks placed every way they may be (employee blank)."""
    first, last = case.hours[day]
    out = []
    for hours in case.labor["shift_hours"]:
        paid = round(hours * 60)
        if paid % case.slot:
            continue
        rule = case.rule_for(hours)
        extra = rule["minutes"] if rule is not None and not rule["paid"] else 0
        begin = -(-first // case.slot) * case.slot
        for start in range(begin, last - paid - extra + 1, case.slot):
            end = start + paid + extra
            if rule is None:
                out.append(_Shift("", "", day, start, end, None, None, paid))
                continue
            low, high = _window(rule["window"])
            low = max(start + case.slot, -(-low // case.slot) * case.slot)
            for at in range(low, min(end - case.slot, high) - rule["minutes"] + 1, case.slot):
                out.append(_Shift("", "", day, start, end, at, at + rule["minutes"], paid))
    return out


def _role_posts(case: _Case, plan: Plan, eid: str) -> list[str]:
    """The posts of an employee's role (their team's, in a portfolio role) they may work."""
    role, team = plan.get(eid, (None, None))
    if role not in case.rostered:
        return []
    posts = [f"{role}.{team}"] if case.portfolio(role) else case.posts_of(role)
    return [p for p in posts if case.skilled(eid, p)]


def _any_posts(case: _Case, plan: Plan, eid: str, work: _Work) -> list[str]:
    """Where one more shift may go when coverage comes first: with no shift yet, any
    rostered post the employee has a skill for (a change of role is then allowed)."""
    if work.shifts.get(eid):
        return _role_posts(case, plan, eid)
    return [p for r in case.std["roles"] if r in case.rostered for p in case.posts_of(r)
            if case.skilled(eid, p)]


def _check_optimality(rep: _Report, case: _Case, plan: Plan, work: _Work,
                      missing: dict[Key, int]) -> None:
    """Look for one change that keeps every hard rule and improves the lexicographic objective.

    - level 1: someone could take one more shift that covers an uncovered slot;
    - level 2: someone with no shift could fill a floor that is short, leaving theirs met;
    - level 3: someone with a role, no shift and a floor met without them could be freed;
    - level 5: someone in a rostered role under their contract could work one more shift,
      or a longer one, where a slot still needs people, without uncovering anything.
    """
    shifts = {day: _day_shifts(case, day) for day in case.hours}
    assigned = _assigned(case, plan)
    for eid in sorted(case.staff):
        role, team = plan.get(eid, (None, None))
        own = work.shifts.get(eid, [])
        left = round((case.contract(eid) - work.hours[eid]) * 60)
        free = [d for d in case.hours if d not in {s.day for s in own}
                and d not in case.staff[eid].get("unavailable", [])]
        if len(own) >= case.labor["max_days_per_week"]:
            free = []
        found = _extra_shift(case, shifts, free, _any_posts(case, plan, eid, work), left,
                             lambda key: key in missing)
        if found:
            rep.add("optimality", f"{eid} could work {found} and cover an uncovered slot")
        if not own:
            _check_idle_person(rep, case, assigned, eid, role, team)
        if role in case.rostered and left > 0:
            _check_idle_hours(rep, case, work, shifts, eid, _role_posts(case, plan, eid), free,
                              left)


def _check_idle_person(rep: _Report, case: _Case, assigned: Counter[str], eid: str,
                       role: str | None, team: str | None) -> None:
    """Levels 2 and 3 for someone with no shift."""
    own = None if role is None else case.floor_name(role, team)
    spare = own is None or assigned[own] > case.floors.get(own, 0)
    if not spare:
        return
    for name, floor in case.floors.items():
        posts = [name] if "." in name else case.posts_of(name)
        if name != own and assigned[name] < floor and any(case.skilled(eid, p) for p in posts):
            rep.add("optimality", f"{eid} could fill the floor of {name}, which is short")
            return
    if role is not None:
        rep.add("optimality", f"{eid} has role {role}, no shift and no floor to meet; "
                              "freeing them lowers the headcount")


def _check_idle_hours(rep: _Report, case: _Case, work: _Work,
                      shifts: dict[str, list[_Shift]], eid: str, posts: list[str],
                      free: list[str], left: int) -> None:
    """Level 5: idle contract hours that one more, or one longer, shift would use,
    staying in the same role and team (a change of role would cost level 4)."""
    found = _extra_shift(case, shifts, free, posts, left, lambda key: case.need.get(key, 0) > 0)
    if found:
        rep.add("optimality", f"{eid} works {work.hours[eid]:g} of {case.contract(eid):g} "
                              f"contract hours and could also work {found}")
        return
    for old in work.shifts.get(eid, []):
        for new in shifts.get(old.day, []):
            if not old.paid < new.paid <= old.paid + left:
                continue
            if _swap_keeps_coverage(case, work, old, new):
                rep.add("optimality", f"{eid} works {work.hours[eid]:g} of "
                                      f"{case.contract(eid):g} contract hours and could work "
                                      f"{new.times()} instead of {old.text()}")
                return


def _extra_shift(case: _Case, shifts: dict[str, list[_Shift]], days: list[str],
                 posts: list[str], minutes_left: int, wanted: Any) -> str | None:
    """A legal extra shift on a free day that works a slot ``wanted`` accepts, as text."""
    for day in days:
        for post in posts:
            rows = case.rows_of(post)
            for s in shifts[day]:
                if s.paid <= minutes_left and any(
                        wanted((r, day, t)) for t in s.worked(case.slot) for r in rows):
                    return f"{post} {day} {s.times()}"
    return None


def _swap_keeps_coverage(case: _Case, work: _Work, old: _Shift, new: _Shift) -> bool:
    """Whether ``new`` in place of ``old`` (same post and day) leaves no slot more uncovered,
    and works a slot that needs people."""
    rows = case.rows_of(old.post)
    gone, added = set(old.worked(case.slot)), set(new.worked(case.slot))
    if not any(case.need.get((r, old.day, t), 0) > 0 for t in added for r in rows):
        return False
    for t in gone - added:
        for r in rows:
            key = (r, old.day, t)
            if work.cover[key] - 1 < case.need.get(key, 0):
                return False
    return True
