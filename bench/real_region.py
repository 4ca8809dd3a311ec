"""Generate a region of branches with real calendars, for batch runs and solver benchmarks.

    python bench/real_region.py N SEED OUT [--lunch] [--districts] [--shift-hours 4,5,8]
                                           [--prefix BR]

writes ``OUT/region.yaml``, ``OUT/standards.yaml`` and ``OUT/branches/<id>.yaml``, like
``bench/make_region.py``, but on the calendars city branches keep: weekdays 08:30-17:30
(some 08:00-18:00, 09:00-17:30 or 09:00-17:00), Saturdays and most Sundays open, shorter;
days longer than the longest shift; shifts of 4, 5 and 8 hours (``--shift-hours``); a fifth
presence role, the security guard; a branch head on duty in every open slot (a grade role
with ``min_on_duty: 1``, so deputies hold the role too); part-timers on 20-32 hours, and
leave. Every branch is balanced, surplus or short, as in make_region, with two more short
kinds: too few guards, too few heads on duty.

The standards are the bundled ones (configs/standards.yaml) with those changes. Two options:

- ``--lunch`` adds the meal-break rule ``labor.breaks: [{min_shift_hours: 6, minutes: 60,
  window: "11:00-14:00", paid: false}]`` to the standards;
- ``--districts`` gives every branch a ``district``.

Neither changes anything else: the branch files are the same bytes with or without
``--lunch``, and ``--districts`` only adds the district line. So a region with and one
without lunch rules differ only in the rule. Branch and employee names are written always.
The same N, SEED and options give the same bytes.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from make_region import (
    DEFAULT_STANDARDS,
    GRADE_WEIGHTS,
    PLACES,
    SUFFIXES,
    TEAMS,
    TELLER_SKILLS,
    VOLUME_BY_GRADE,
    Needs,
    Plan,
    Summary,
    _capacity,
    _count,
    _cover_zones,
    _customers,
    _fit_plan,
    _Names,
    _portfolio_teams,
    _shrink,
    _volume,
    estimate_needs,
    people_bound,
    to_yaml,
)

from staffopt.config import DAYS, Branch, GradeRole, Standards
from staffopt.requirements import compute

SHIFT_HOURS = (4, 5, 8)
LUNCH = {"min_shift_hours": 6, "minutes": 60, "window": "11:00-14:00", "paid": False}
STANDARD_HOURS = {**dict.fromkeys(DAYS[:5], "08:30-17:30"), "sat": "09:00-17:00",
                  "sun": "10:00-16:00"}
# Opening hours a branch keeps, with how common each is; the first is the standards'.
WEEKDAY_HOURS = (("08:30-17:30", 60), ("08:00-18:00", 15), ("09:00-17:30", 15),
                 ("09:00-17:00", 10))
SATURDAY_HOURS = (("09:00-17:00", 50), ("same", 25), ("09:00-16:00", 20), ("closed", 5))
SUNDAY_HOURS = (("10:00-16:00", 45), ("09:30-15:30", 15), ("10:00-15:00", 15),
                ("closed", 25))
DISTRICTS = ("Xuhui", "Huangpu", "Jing'an", "Pudong", "Minhang", "Changning", "Putuo",
             "Yangpu", "Hongkou", "Baoshan")
PART_TIME_HOURS = (20, 24, 28, 32)
# The share of part-timers by role; heads, supervisors and account managers work full time.
PART_TIME = {"teller": 0.2, "security_guard": 0.25, "lobby_manager": 0.1}
LEAVE = 0.15  # the share of staff with one or two days of leave this week
LIMITS = (10, 45)  # staff a branch
SHORT_KINDS = ("vip", "lobby", "supervisor", "account_manager", "tellers", "guard", "head")
SURPLUS_KINDS = ("tellers", "tellers", "lobby", "account_manager", "supervisor", "guard")


# ---------------------------------------------------------------- the standards


def real_standards(shift_hours: tuple[float, ...] = SHIFT_HOURS, lunch: bool = False,
                   base: Path = DEFAULT_STANDARDS) -> dict[str, Any]:
    """The bundled standards on a real calendar, as plain data."""
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    data["name"] = "real-calendar-2026" + ("-lunch" if lunch else "")
    data["calendar"]["opening_hours"] = dict(STANDARD_HOURS)
    labor = data["labor"]
    labor["shift_hours"] = [int(h) if float(h).is_integer() else h for h in shift_hours]
    labor.pop("breaks", None)  # the bundled rule may differ: only --lunch writes one
    if lunch:
        labor["breaks"] = [dict(LUNCH)]
    roles = data["roles"]
    roles["branch_head"]["min_on_duty"] = 1
    roles["security_guard"] = {"sizing": "presence", "on_duty": 1}
    return data


# ---------------------------------------------------------------- needs


def _day_people(curve: list[int], span: int) -> int:
    """People a day needs at least: its peak; r(a) + r(b) for two slots no one shift spans;
    and its person-slots over the most slots one shift covers (``span``)."""
    best = max(curve, default=0)
    for a in range(len(curve)):
        for b in range(a + span, len(curve)):
            best = max(best, curve[a] + curve[b])
    return max(best, math.ceil(sum(curve) / span))


def needs_of(std: Standards, data: dict[str, Any]) -> Needs:
    """What a branch dict needs: make_region's estimate, with the per-day bound of
    person-slots over the longest shift, which a day longer than any shift makes bind."""
    branch = Branch.model_validate(data)
    req = compute(std, branch)
    needs = estimate_needs(std, req)
    by_role: dict[str, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
    by_post: dict[str, dict[tuple[str, int], int]] = defaultdict(dict)
    for s in req.slots:
        by_post[s.post][(s.day, s.start)] = s.required
        by_role[s.post.split(".", 1)[0]][(s.day, s.start)] += s.required
    def bound(curve: dict[tuple[str, int], int]) -> int:
        return people_bound(curve, std, req.slot_minutes, _day_people)

    for post, curve in by_post.items():
        needs.posts[post] = max(needs.posts[post], bound(curve))
    for role, curve in by_role.items():
        needs.roles[role] = max(needs.roles[role], bound(curve))
    return needs


# ---------------------------------------------------------------- one branch


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _opening(rng: random.Random, plan: Plan) -> dict[str, str]:
    """The branch's overrides of the standards' hours. A branch short of supervisors, guards
    or heads opens on Sunday, so that the shortage shows."""
    week = _pick(rng, WEEKDAY_HOURS)
    sat = _pick(rng, SATURDAY_HOURS)
    sun = _pick(rng, SUNDAY_HOURS)
    if plan.scenario == "short" and plan.kind in ("supervisor", "guard", "head"):
        sun = sun if sun != "closed" else STANDARD_HOURS["sun"]
    hours = dict.fromkeys(DAYS[:5], week)
    hours["sat"] = week if sat == "same" else sat
    hours["sun"] = "closed" if hours["sat"] == "closed" else sun
    return {d: h for d, h in hours.items() if h != STANDARD_HOURS[d]}


def _plan(rng: random.Random) -> Plan:
    scenario = rng.choices(("balanced", "surplus", "short"), weights=(40, 30, 30))[0]
    if scenario == "balanced":
        return Plan(scenario, "")
    return Plan(scenario, rng.choice(SURPLUS_KINDS if scenario == "surplus" else SHORT_KINDS))


def _size(rng: random.Random, std: Standards, data: dict[str, Any], counter: int,
          customers: dict[str, int], headroom: int) -> tuple[Needs, dict[str, int]]:
    """Draw the volume and size the counters, shrinking the branch until it fits LIMITS.

    Returns the needs and the uncapped peak of every post."""
    for _ in range(20):
        volume = _volume(rng, counter, data["grade"])
        served = {std.transactions[tx].zone for tx, n in volume["daily"].items() if n > 0}
        data["counters"] = {z: 99 for z in ("cash", "non_cash", "vip") if z in served}
        data["volume"] = volume
        data["customers"] = customers
        data["staff"] = []
        needs = needs_of(std, data)
        total = sum(needs.roles.values())
        if total + headroom > LIMITS[1] and needs.roles["account_manager"] > 3:
            customers = _shrink(rng, customers, _portfolio_teams(std))
        elif total + headroom > LIMITS[1] and counter > VOLUME_BY_GRADE[8][0]:
            counter = max(VOLUME_BY_GRADE[8][0], round(counter * 0.9))
        else:
            break
    req = compute(std, Branch.model_validate(data))
    peaks: dict[str, int] = defaultdict(int)
    for s in req.slots:
        peaks[s.post] = max(peaks[s.post], s.uncapped or s.required)
    return needs, peaks


def make_branch(rng: random.Random, std: Standards, branch_id: str) -> tuple[
    dict[str, Any], Plan
]:
    """One branch profile as plain data, and the plan it was staffed to."""
    plan = _plan(rng)
    grade = rng.choices(list(GRADE_WEIGHTS), weights=list(GRADE_WEIGHTS.values()))[0]
    low, high = VOLUME_BY_GRADE[grade]
    counter = round(rng.triangular(low, high, low))
    size = "small" if grade <= 9 else "middle" if grade <= 11 else "big"
    data: dict[str, Any] = {"kind": "Branch", "version": 1, "id": branch_id,
                            "name": f"{rng.choice(PLACES)} {rng.choice(SUFFIXES)}",
                            "grade": grade}
    hours = _opening(rng, plan)
    if hours:
        data["opening_hours"] = hours
    headroom = 7 if plan.scenario == "surplus" else 2
    needs, peaks = _size(rng, std, data, counter, _customers(rng, size, std), headroom)
    counters = {}
    for zone in ("cash", "non_cash", "vip"):
        if zone in data["counters"]:
            counters[zone] = max(1, peaks[f"teller.{zone}"] + rng.choice((0, 0, 1, 1, 2)))
    counters["self_service"] = max(2, min(12, round(data["volume"]["daily"]["self_service"] / 70)))
    data["counters"] = counters
    if not data["customers"]:
        del data["customers"]
    _fit_plan(plan, needs, data)
    data["staff"] = _staff(rng, std, needs, plan, data)
    return data, plan


# ---------------------------------------------------------------- staff


class _Hiring:
    """The people of one branch as they are drawn, with leave and part-time contracts."""

    def __init__(self, rng: random.Random, std: Standards, data: dict[str, Any]) -> None:
        self.rng, self.std = rng, std
        self.names = _Names(rng)
        self.open_days = [d for d in DAYS if _is_open(data, d)]
        self.staff: list[dict[str, Any]] = []

    def person(self, role: str, skills: list[str]) -> dict[str, Any]:
        """A new employee of ``role``, kept in the branch's list."""
        person: dict[str, Any] = {"id": "", "name": self.names.take(), "role": role,
                                  "skills": skills}
        if self.rng.random() < PART_TIME.get(role, 0.0):
            person["max_hours_per_week"] = self.rng.choice(PART_TIME_HOURS)
        if self.rng.random() < LEAVE and self.open_days:
            days = self.rng.sample(self.open_days, self.rng.choice((1, 1, 2)))
            person["unavailable"] = sorted(days, key=DAYS.index)
        self.staff.append(person)
        return person

    def fte(self, person: dict[str, Any]) -> float:
        """The person's share of a full-time week."""
        return _capacity(self.std, person, self.open_days)


def _is_open(data: dict[str, Any], day: str) -> bool:
    return data.get("opening_hours", {}).get(day, STANDARD_HOURS[day]) != "closed"


def _adjusted(need: int, plan: Plan, kind: str, surplus: int = 1) -> int:
    """A role's headcount under the plan: one short, ``surplus`` more, or the need."""
    if plan.kind != kind:
        return need
    return max(1, need - 1) if plan.scenario == "short" else need + surplus


def _heads(h: _Hiring, needs: Needs, plan: Plan, data: dict[str, Any],
           teams: dict[str, int]) -> None:
    """The branch head and the deputies who share the duty: the grade standard, or as many
    as one on duty in every open slot needs."""
    rule = h.std.roles["branch_head"]
    floor = rule.by_grade.get(data["grade"], 1) if isinstance(rule, GradeRole) else 1
    count = max(floor, needs.roles["branch_head"])
    if plan.kind == "head":  # a short kind only
        count = max(1, count - 1)
        plan.note = f"{_count(count, 'head')} on duty for a need of {needs.roles['branch_head']}"
    for i in range(count):
        skills = ["branch_head"]
        if teams and h.rng.random() < (0.5 if i == 0 else 0.3):
            skills.append(f"account_manager.{h.rng.choice(sorted(teams))}")
        if i > 0 and plan.kind != "supervisor" and h.rng.random() < 0.4:
            skills.append("operations_supervisor")
        h.person("branch_head", skills)


def _presence(h: _Hiring, needs: Needs, plan: Plan) -> None:
    """Operations supervisors and security guards: the presence estimate, under the plan."""
    for role, kind, noun in (("operations_supervisor", "supervisor", "operations supervisor"),
                             ("security_guard", "guard", "security guard")):
        count = _adjusted(needs.roles[role], plan, kind)
        if plan.kind == kind:
            plan.note = f"{_count(count, noun)} for a need of {needs.roles[role]}"
        for _ in range(count):
            skills = [role]
            if role == "operations_supervisor" and h.rng.random() < 0.3:
                skills.append("teller.cash")
            h.person(role, skills)


def _managers(h: _Hiring, needs: Needs, plan: Plan, teams: dict[str, int]) -> None:
    """Account managers: the team floors, and as many more as one on duty needs."""
    managers = [t for t in sorted(teams, key=lambda t: (-teams[t], t)) for _ in range(teams[t])]
    while len(managers) < needs.roles["account_manager"]:
        managers.append(h.rng.choice(sorted(teams)) if teams else "comprehensive")
    if plan.kind == "account_manager":
        if plan.scenario == "short":
            managers = managers[min(2, len(managers) - 1):]
        else:
            managers += [h.rng.choice(sorted(teams)) if teams else "comprehensive"
                         for _ in range(2)]
        plan.note = (f"{_count(len(managers), 'account manager')} for a need of "
                     f"{needs.roles['account_manager']} (floors {sum(teams.values())})")
    for team in managers:
        skills = [f"account_manager.{team}"]
        if h.rng.random() < 0.2:
            skills.append(f"account_manager.{h.rng.choice(TEAMS)}")
        if plan.kind != "lobby" and h.rng.random() < 0.15:
            skills.append("lobby_manager")
        h.person("account_manager", list(dict.fromkeys(skills)))


def _lobby(h: _Hiring, needs: Needs, plan: Plan) -> None:
    count = _adjusted(needs.roles["lobby_manager"], plan, "lobby", surplus=2)
    if plan.kind == "lobby":
        plan.note = f"{count} lobby-qualified for a need of {needs.roles['lobby_manager']}"
    for _ in range(count):
        skills = ["lobby_manager"]
        if h.rng.random() < 0.4:
            skills.append("teller.non_cash")
        h.person("lobby_manager", skills)


def _tellers(h: _Hiring, needs: Needs, plan: Plan, teams: dict[str, int]) -> list[dict[str, Any]]:
    """Tellers to the queue estimate in full-time equivalents, one spare when balanced."""
    need = needs.roles["teller"]
    target = float(need + 1)
    if plan.kind == "tellers":
        target = need - 2.0 if plan.scenario == "short" else need + 1.0 + h.rng.randint(3, 5)
    low, high = LIMITS
    first = len(h.staff)
    target = max(float(low - first), min(target, float(high - first)))
    fte = 0.0
    while fte < target - 1e-9 and len(h.staff) < high:
        skills = list(h.rng.choices([s for s, _ in TELLER_SKILLS],
                                    weights=[w for _, w in TELLER_SKILLS])[0])
        fte += h.fte(h.person("teller", skills))
    tellers = h.staff[first:]
    _cover_zones(h.rng, tellers, needs, plan)
    if plan.kind == "tellers":
        plan.note = f"{fte:g} teller FTE for an estimated need of {need}"
    for person in tellers:
        extra = h.rng.random()
        if plan.kind != "lobby" and extra < 0.3:
            person["skills"].append("lobby_manager")
        elif plan.kind != "account_manager" and extra < 0.4 and teams:
            person["skills"].append(f"account_manager.{h.rng.choice(sorted(teams))}")
    return tellers


def _staff(rng: random.Random, std: Standards, needs: Needs, plan: Plan,
           data: dict[str, Any]) -> list[dict[str, Any]]:
    """The people of a branch, staffed to the plan, with ids in list order."""
    per_manager = _portfolio_teams(std)
    teams = {t: math.ceil(n / per_manager[t]) for t, n in data.get("customers", {}).items()}
    h = _Hiring(rng, std, data)
    _heads(h, needs, plan, data, teams)
    _presence(h, needs, plan)
    _managers(h, needs, plan, teams)
    _lobby(h, needs, plan)
    tellers = _tellers(h, needs, plan, teams)
    # Now and then a teller holds another role they are qualified for: the solver should
    # move them back to the counters.
    misfit = None
    if plan.kind not in ("lobby", "account_manager") and rng.random() < 0.4:
        candidates = [t for t in tellers if any(not s.startswith("teller") for s in t["skills"])]
        if candidates:
            misfit = rng.choice(candidates)
            other = next(s for s in misfit["skills"] if not s.startswith("teller"))
            misfit["role"] = other.split(".", 1)[0]
    keys = ("id", "name", "role", "skills", "unavailable", "max_hours_per_week")
    staff = []
    for i, person in enumerate(h.staff, start=1):
        person["id"] = f"E{i:03d}"
        staff.append({k: person[k] for k in keys if k in person})
    if not plan.note:
        plan.note = f"{len(staff)} staff for an estimated need of {sum(needs.roles.values())}"
    if misfit is not None:
        plan.note += f"; {misfit['id']} holds role {misfit['role']} but is counted as a teller"
    return staff


# ---------------------------------------------------------------- the region


def _with_district(data: dict[str, Any], district: str) -> dict[str, Any]:
    """The branch with a district after its name, in the key order of design §2.2."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "name":
            out["district"] = district
    return out


def generate(n: int, seed: int, out: Path, *, lunch: bool = False, districts: bool = False,
             shift_hours: tuple[float, ...] = SHIFT_HOURS, prefix: str = "BR") -> Summary:
    """Write N real-calendar branch profiles, the region file and the standards into ``out``."""
    plain = real_standards(shift_hours)
    std = Standards.model_validate(plain)  # sized without breaks: lunch changes no branch
    rng = random.Random(seed)
    folder = out / "branches"
    folder.mkdir(parents=True, exist_ok=True)
    header = [f"real-calendar standards, written by bench/real_region.py (seed {seed})"]
    text = to_yaml(real_standards(shift_hours, lunch) if lunch else plain, header)
    (out / "standards.yaml").write_text(text, encoding="utf-8")
    region = {"kind": "Region", "version": 1, "name": f"real-{n}-{seed}",
              "standards": "standards.yaml", "branches": "branches/"}
    (out / "region.yaml").write_text(to_yaml(region), encoding="utf-8")
    count = max(2, min(len(DISTRICTS), n // 12))
    # districts from a generator of their own, so that neither N nor the flag moves a branch
    places = random.Random(f"districts-{seed}")
    written: set[str] = set()
    sizes: list[int] = []
    scenarios: Counter[str] = Counter()
    for i in range(1, n + 1):
        branch_id = f"{prefix}-{i:04d}"
        data, plan = make_branch(rng, std, branch_id)
        if districts:
            data = _with_district(data, places.choice(DISTRICTS[:count]))
        note = f" ({plan.kind}: {plan.note})" if plan.kind else f" ({plan.note})"
        lines = [f"real-calendar branch {i} of {n}, seed {seed}: {plan.scenario}{note}"]
        (folder / f"{branch_id}.yaml").write_text(to_yaml(data, lines), encoding="utf-8")
        written.add(f"{branch_id}.yaml")
        sizes.append(len(data["staff"]))
        scenarios[plan.scenario] += 1
    stale = re.compile(rf"^{re.escape(prefix)}-\d{{4}}\.yaml$")
    for path in sorted(folder.iterdir()):
        if stale.match(path.name) and path.name not in written:
            path.unlink()
    return Summary(n, sum(sizes), scenarios, min(sizes, default=0), max(sizes, default=0))


def _hours_list(text: str) -> tuple[float, ...]:
    try:
        hours = tuple(float(h) for h in text.split(",") if h.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of hours: {text!r}") from exc
    if not hours or min(hours) <= 0:
        raise argparse.ArgumentTypeError("shift hours must be positive, such as 4,5,8")
    return hours


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of branches")
    parser.add_argument("seed", type=int, help="random seed; the same seed gives the same files")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--lunch", action=argparse.BooleanOptionalAction, default=False,
                        help="write the lunch rule into the standards (staffopt 2 files)")
    parser.add_argument("--districts", action="store_true",
                        help="give every branch a district (staffopt 2 files)")
    parser.add_argument("--shift-hours", type=_hours_list, default=SHIFT_HOURS,
                        help="allowed paid shift lengths, comma-separated (default 4,5,8)")
    parser.add_argument("--prefix", default="BR", help="branch id prefix (default BR)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", args.prefix):
        parser.error("--prefix must be letters and digits")
    summary = generate(args.n, args.seed, args.out, lunch=args.lunch, districts=args.districts,
                       shift_hours=args.shift_hours, prefix=args.prefix)
    mix = ", ".join(f"{summary.scenarios[s]} {s}" for s in ("balanced", "surplus", "short"))
    print(
        f"real_region: {summary.branches} branches ({mix}), {summary.staff} staff "
        f"({summary.smallest}-{summary.largest} a branch), seed {args.seed}"
        f"{', lunch' if args.lunch else ''} -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
