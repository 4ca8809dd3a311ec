"""Generate a synthetic region of branch profiles for batch runs and solver benchmarks.

    python bench/make_region.py N SEED OUT [--large] [--prefix BR] [--standards FILE]

writes ``OUT/region.yaml``, a copy of the standards as ``OUT/standards.yaml`` (so the folder
stands on its own) and ``OUT/branches/<id>.yaml``. The same N, SEED and flags give the same
bytes: every random draw comes from one ``random.Random(SEED)``.

Each branch is sized against the standards with ``staffopt.requirements.compute``: the
generator estimates how many people each role and teller zone needs, then staffs the branch
to one of three scenarios, named in a comment at the top of each file. *balanced* staffs the
estimate with one spare teller; *surplus* adds people (most often 3-5 tellers) for the solver
to free; *short* leaves one gap: too few VIP-qualified tellers, too few lobby-qualified
people, a single operations supervisor on a seven-day branch, account managers under the
portfolio floors, or too few tellers. The estimate is a lower bound (the people each day
needs, over the days a person may work; paid hours over weekly hours), so a balanced branch
can still come out a little short, for instance when leave falls on a busy day.

The generator assumes the roles of configs/standards.yaml (teller, lobby_manager,
operations_supervisor, account_manager, branch_head).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from staffopt.config import DAYS, Branch, GradeRole, Standards, covers, load_standards
from staffopt.requirements import Requirements, compute

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STANDARDS = ROOT / "configs" / "standards.yaml"

SURNAMES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song",
    "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan",
    "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen",
)
GIVEN_NAMES = (
    "Fang", "Wei", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie",
    "Juan", "Tao", "Ming", "Chao", "Xiuying", "Xia", "Ping", "Gang", "Hui", "Na", "Hong",
    "Bin", "Hao", "Yu", "Dan", "Ting", "Xin", "Lin", "Peng", "Qian", "Rui", "Yun", "Kai",
    "Xiaoming", "Haiyan", "Jianguo", "Lijuan", "Zhiqiang", "Yuting", "Wenjie", "Shuang",
    "Mengyao", "Zihan", "Yiran", "Haoran", "Jiayi", "Xinyi", "Guohua", "Chunmei", "Defeng",
)
PLACES = (
    "Riverside", "Zhongshan Road", "Jiefang Avenue", "Renmin Square", "Binjiang", "Dongcheng",
    "Xicheng", "Guanggu", "Huaqiao", "Jinqiao", "Wenhua Road", "Tiyu Road", "Gaoxin",
    "Qingnian Road", "Hongqiao", "Nanhu", "Beiyuan", "Xinhua Road", "Chaoyang", "Yingbin Road",
    "Heping Street", "Minzhu Road", "Jianshe Road", "Shiji Avenue", "Donghu", "Xihu",
    "Zhanqian", "Gongyuan", "Taoyuan", "Lianhua", "Shuangta", "Gulou", "Kaifa District",
    "University Town", "Port Area", "Airport Road",
)
SUFFIXES = ("Sub-branch", "Sub-branch", "Sub-branch", "Community Branch", "Business Office")

TEAMS = ("personal_wealth", "personal_loans", "comprehensive", "corporate_credit",
         "inclusive_finance")
GRADE_WEIGHTS = {8: 24, 9: 28, 10: 20, 11: 11, 12: 8, 13: 5, 14: 4}
# Counter transactions a day by grade: a higher grade is a busier branch.
VOLUME_BY_GRADE = {8: (150, 220), 9: (160, 280), 10: (200, 380), 11: (280, 500),
                   12: (380, 620), 13: (480, 760), 14: (600, 900)}
# Account-manager floor per team, (low, high), for a small (grade 8-9), middle (10-11),
# big (12-14) and large (--large) branch. The customers are drawn to hit the floor exactly.
TEAM_FLOORS = {
    "small": {"personal_wealth": (0, 1), "personal_loans": (0, 1), "comprehensive": (1, 1),
              "corporate_credit": (0, 0), "inclusive_finance": (0, 1)},
    "middle": {"personal_wealth": (1, 2), "personal_loans": (0, 1), "comprehensive": (0, 1),
               "corporate_credit": (0, 1), "inclusive_finance": (0, 1)},
    "big": {"personal_wealth": (1, 2), "personal_loans": (0, 2), "comprehensive": (1, 1),
            "corporate_credit": (1, 2), "inclusive_finance": (0, 1)},
    "large": {"personal_wealth": (2, 5), "personal_loans": (2, 4), "comprehensive": (1, 3),
              "corporate_credit": (1, 3), "inclusive_finance": (1, 2)},
}
# Teller skill sets as branches record them, with how common each is.
TELLER_SKILLS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("teller.cash",), 15),
    (("teller.cash", "teller.non_cash"), 35),
    (("teller.non_cash",), 15),
    (("teller",), 15),
    (("teller.non_cash", "teller.vip"), 20),
)
PART_TIME_HOURS = (20, 24, 32)
SHORT_KINDS = ("vip", "lobby", "supervisor", "account_manager", "tellers")
SURPLUS_KINDS = ("tellers", "tellers", "lobby", "account_manager", "supervisor")


# ---------------------------------------------------------------- YAML text


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_. -]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_BLOCK_KEYS = {"daily", "customers"}  # leaf mappings that read better one key a line


def _scalar(value: object) -> str:
    """One YAML scalar: plain where that cannot be misread, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _is_leaf(value: object) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return isinstance(value, dict | list) and all(not isinstance(v, dict | list) for v in items)


def _flow(value: dict[str, Any] | list[Any]) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_scalar(v) for v in value) + "]"


def _emit(value: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for name, item in value.items():
        key = _scalar(name)  # keys too: the hour "10" as a plain key would read as a number
        if _is_leaf(item) and name not in _BLOCK_KEYS and len(_flow(item)) <= 88:
            lines.append(f"{pad}{key}: {_flow(item)}")
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            _emit(item, indent + 2, lines)
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for entry in item:
                sub: list[str] = []
                _emit(entry, indent + 4, sub)
                lines.append(f"{pad}  - {sub[0].lstrip()}")
                lines.extend(sub[1:])
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")


def to_yaml(data: dict[str, Any], header: list[str] | None = None) -> str:
    """Stable YAML text in the style of the design's examples: leaf collections in flow style."""
    lines = [f"# {line}" if line else "#" for line in header or []]
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- needs


@dataclass
class Needs:
    """Estimated people per role and per post: the most any lower bound asks for."""

    roles: dict[str, int]
    posts: dict[str, int]
    peaks: dict[str, int]  # the most people a post needs at once
    open_days: int


def _day_people(curve: list[int], span: int) -> int:
    """People a day needs at least: its peak, and r(a) + r(b) for any two slots that no one
    shift can both cover (``span`` slots or more apart). One person works one shift a day."""
    best = max(curve, default=0)
    for a in range(len(curve)):
        for b in range(a + span, len(curve)):
            best = max(best, curve[a] + curve[b])
    return best


def people_bound(
    per_slot: dict[tuple[str, int], int], std: Standards, slot_minutes: int,
    day_people: Callable[[list[int], int], int] | None = None,
) -> int:
    """People needed to cover one demand curve: the day lower bounds over days a person may
    work, and paid hours over weekly hours."""
    days: dict[str, list[int]] = defaultdict(list)
    for (day, _), need in sorted(per_slot.items(), key=lambda kv: (DAYS.index(kv[0][0]), kv[0][1])):
        days[day].append(need)
    people = 0
    for curve in days.values():
        # The longest shift that fits the day: on a 7-hour Saturday no 8-hour shift does.
        fitting = [h for h in std.labor.shift_hours if h * 60 <= len(curve) * slot_minutes]
        span = math.ceil(max(fitting, default=max(std.labor.shift_hours)) * 60 / slot_minutes)
        people += (day_people or _day_people)(curve, span)
    hours = sum(per_slot.values()) * slot_minutes / 60
    return max(
        math.ceil(people / std.labor.max_days_per_week),
        math.ceil(hours / std.labor.max_hours_per_week - 1e-9),
    )


def estimate_needs(std: Standards, req: Requirements) -> Needs:
    """Lower-bound headcounts per role and post from the per-slot requirements and floors."""
    by_post: dict[str, dict[tuple[str, int], int]] = defaultdict(dict)
    by_role: dict[str, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
    for s in req.slots:
        by_post[s.post][(s.day, s.start)] = s.required
        by_role[s.post.split(".", 1)[0]][(s.day, s.start)] += s.required
    posts = {post: people_bound(curve, std, req.slot_minutes) for post, curve in by_post.items()}
    peaks = {post: max(curve.values(), default=0) for post, curve in by_post.items()}
    roles = {
        role: max(req.role_floors.get(role, 0), people_bound(by_role[role], std, req.slot_minutes))
        for role in std.roles
    }
    return Needs(roles, posts, peaks, len(req.hours))


def needs_of(std: Standards, data: dict[str, Any]) -> tuple[Branch, Requirements, Needs]:
    """Validate a branch dict and estimate what it needs."""
    branch = Branch.model_validate(data)
    req = compute(std, branch)
    return branch, req, estimate_needs(std, req)


# ---------------------------------------------------------------- one branch


@dataclass
class Plan:
    """How a branch is to be staffed: the scenario, what it concerns, and a note on it."""

    scenario: str  # balanced, surplus or short
    kind: str  # what is surplus or short (tellers, vip, lobby, ...), or "" when balanced
    note: str = ""


class _Names:
    """Distinct pinyin names within a branch."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def take(self) -> str:
        """A name not yet used at this branch."""
        while True:
            name = f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN_NAMES)}"
            if name not in self.used:
                self.used.add(name)
                return name


def _volume(rng: random.Random, counter: int, grade: int) -> dict[str, Any]:
    """Daily transactions by type for ``counter`` counter transactions, plus visitors."""
    # Wealth consultations at VIP counters: most branches of grade 10 and up, few below.
    has_vip = rng.random() < (0.9 if grade >= 11 else 0.6 if grade == 10 else 0.25)
    vip = max(2, round(counter * rng.uniform(0.01, 0.035))) if has_vip else 0
    cash = round(counter * rng.uniform(0.30, 0.45))
    non_cash = counter - cash - vip
    transfer = round(non_cash * rng.uniform(0.52, 0.64))
    opening = round(non_cash * rng.uniform(0.07, 0.13))
    deposit = round(cash * rng.uniform(0.42, 0.55))
    self_service = round(counter * rng.uniform(0.3, 0.8))
    daily = {
        "cash_deposit": deposit,
        "cash_withdrawal": cash - deposit,
        "transfer": transfer,
        "account_opening": opening,
        "card_service": non_cash - transfer - opening,
    }
    if vip:
        daily["wealth_consult"] = vip
    daily["self_service"] = self_service
    volume: dict[str, Any] = {"daily": daily}
    if rng.random() < 0.8:  # else the default: every transaction is a visitor
        volume["visitors"] = round(
            counter * rng.uniform(0.5, 0.65) + self_service * rng.uniform(0.15, 0.3)
        )
    if rng.random() < 0.2:
        day, factor = rng.choice((("sat", 0.9), ("sat", 0.7), ("mon", 1.3), ("fri", 1.2)))
        volume["weekday_factors"] = {day: factor}
    return volume


def _customers(rng: random.Random, size: str, std: Standards) -> dict[str, int]:
    """Customers per team, drawn so that the floor ceil(customers / per manager) is as planned."""
    teams = _portfolio_teams(std)
    out: dict[str, int] = {}
    for team in TEAMS:
        if team not in teams:
            continue
        low, high = TEAM_FLOORS[size][team]
        floor = rng.randint(low, high)
        per = teams[team]
        out[team] = rng.randint((floor - 1) * per + 1, floor * per) if floor else 0
    return {team: n for team, n in out.items() if n}


def _shrink(rng: random.Random, customers: dict[str, int], per: dict[str, int]) -> dict[str, int]:
    """The same customers less one manager in the team with the highest floor."""
    floors = {team: math.ceil(n / per[team]) for team, n in customers.items()}
    if sum(floors.values()) <= 1:
        return customers
    team = max(floors, key=lambda t: (floors[t], t))
    out = dict(customers)
    if floors[team] > 1:
        out[team] = rng.randint((floors[team] - 2) * per[team] + 1, (floors[team] - 1) * per[team])
    else:
        del out[team]
    return out


def _portfolio_teams(std: Standards) -> dict[str, int]:
    """Customers per manager by team, from the standards' account_manager role."""
    spec = std.roles.get("account_manager")
    teams = getattr(spec, "teams", {})
    return {team: t.customers_per_manager for team, t in teams.items()}


def _opening(rng: random.Random, plan: Plan) -> dict[str, str]:
    """Overrides of the standard opening hours: longer weekdays, Sundays, closed Saturdays.

    A branch short of operations supervisors always opens on Sunday, so that one person
    cannot cover every open day.
    """
    hours: dict[str, str] = {}
    if rng.random() < 0.12:
        for day in ("mon", "tue", "wed", "thu", "fri"):
            hours[day] = "08:30-17:30"
    if (plan.kind == "supervisor" and plan.scenario == "short") or rng.random() < 0.15:
        hours["sun"] = rng.choice(("10:00-15:00", "10:00-16:00", "09:30-15:30"))
    elif rng.random() < 0.1:
        hours["sat"] = "closed"
    return hours


def _plan(rng: random.Random) -> Plan:
    """Draw the scenario and what it concerns."""
    scenario = rng.choices(("balanced", "surplus", "short"), weights=(40, 30, 30))[0]
    if scenario == "balanced":
        return Plan(scenario, "")
    kinds = SURPLUS_KINDS if scenario == "surplus" else SHORT_KINDS
    return Plan(scenario, rng.choice(kinds))


def make_branch(rng: random.Random, std: Standards, branch_id: str, large: bool) -> tuple[
    dict[str, Any], Plan
]:
    """One branch profile as plain data, and the plan it was staffed to."""
    plan = _plan(rng)
    if large:
        grade = rng.choice((12, 13, 13, 14, 14))
        counter = rng.randint(1100, 1900)
        size = "large"
    else:
        grade = rng.choices(list(GRADE_WEIGHTS), weights=list(GRADE_WEIGHTS.values()))[0]
        low, high = VOLUME_BY_GRADE[grade]
        counter = round(rng.triangular(low, high, low))  # quiet branches outnumber busy ones
        size = "small" if grade <= 9 else "middle" if grade <= 11 else "big"
    data: dict[str, Any] = {
        "kind": "Branch",
        "version": 1,
        "id": branch_id,
        "name": f"{rng.choice(PLACES)} {rng.choice(SUFFIXES)}",
        "grade": grade,
    }
    hours = _opening(rng, plan)
    if hours:
        data["opening_hours"] = hours
    limits = (40, 60) if large else (8, 30)
    headroom = 7 if plan.scenario == "surplus" else 2
    customers = _customers(rng, size, std)
    for _ in range(20):
        volume = _volume(rng, counter, grade)
        served = {std.transactions[tx].zone for tx, n in volume["daily"].items() if n > 0}
        # Size the counters from an uncapped first pass, so that no slot hits a counter cap.
        data["counters"] = {z: 99 for z in ("cash", "non_cash", "vip") if z in served}
        data["volume"] = volume
        data["customers"] = customers
        data["staff"] = []
        _, req, needs = needs_of(std, data)
        # Keep the planned headcount inside the limits: fewer account managers, then a
        # quieter branch, when too big; a busier one when too small (--large only).
        total = sum(needs.roles.values())
        if total + headroom > limits[1] and needs.roles["account_manager"] > 2:
            customers = _shrink(rng, customers, _portfolio_teams(std))
        elif total + headroom > limits[1] and counter > VOLUME_BY_GRADE[8][0]:
            counter = max(VOLUME_BY_GRADE[8][0], round(counter * 0.9))
        elif large and total + headroom < limits[0]:
            counter = round(counter * 1.15)
        else:
            break
    peaks: dict[str, int] = defaultdict(int)
    for s in req.slots:
        peaks[s.post] = max(peaks[s.post], s.uncapped or s.required)
    counters = {}
    for zone in ("cash", "non_cash", "vip"):
        if zone in data["counters"]:
            counters[zone] = max(1, peaks[f"teller.{zone}"] + rng.choice((0, 0, 1, 1, 2)))
    counters["self_service"] = max(2, min(12, round(volume["daily"]["self_service"] / 70)))
    data["counters"] = counters
    if not data["customers"]:
        del data["customers"]
    _fit_plan(plan, needs, data)
    data["staff"] = _staff(rng, std, needs, plan, data, limits)
    return data, plan


def _fit_plan(plan: Plan, needs: Needs, data: dict[str, Any]) -> None:
    """Swap a short kind the branch cannot show (no VIP counter, say) for too few tellers."""
    vip_need = needs.posts.get("teller.vip", 0)
    if plan.kind == "vip" and vip_need < 1:
        plan.kind = "tellers"
    if plan.kind == "lobby" and plan.scenario == "short" and needs.roles["lobby_manager"] < 2:
        plan.kind = "tellers"
    if plan.kind == "account_manager" and plan.scenario == "short" and not data.get("customers"):
        plan.kind = "tellers"


def _count(n: int, noun: str) -> str:
    """'1 teller', '2 tellers'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _person(names: _Names, role: str, skills: list[str]) -> dict[str, Any]:
    """A new employee; the id is given once the whole staff list is known."""
    return {"id": "", "name": names.take(), "role": role, "skills": skills}


def _staff(rng: random.Random, std: Standards, needs: Needs, plan: Plan,
           data: dict[str, Any], limits: tuple[int, int]) -> list[dict[str, Any]]:
    """The people of a branch, staffed to the plan, with ids in list order."""
    names = _Names(rng)
    short = plan.scenario == "short"
    per_manager = _portfolio_teams(std)
    teams = {t: math.ceil(n / per_manager[t]) for t, n in data.get("customers", {}).items()}
    staff: list[dict[str, Any]] = []
    open_days = [d for d in DAYS if _is_open(std, data, d)]

    # Branch heads: the grade standard. Some were operations supervisors or account managers.
    head_rule = std.roles["branch_head"]
    heads = head_rule.by_grade.get(data["grade"], 1) if isinstance(head_rule, GradeRole) else 1
    for i in range(heads):
        skills = ["branch_head"]
        if teams and rng.random() < 0.5:
            skills.append(f"account_manager.{rng.choice(sorted(teams))}")
        if i > 0 and plan.kind != "supervisor" and rng.random() < 0.4:
            skills.append("operations_supervisor")
        staff.append(_person(names, "branch_head", skills))

    # Operations supervisors: the supply-demand floor, one on a short branch.
    supervisors = needs.roles["operations_supervisor"]
    if plan.kind == "supervisor":
        supervisors = 1 if short else supervisors + 1
        plan.note = (f"1 operations supervisor for {needs.open_days} open days" if short
                     else f"{supervisors} operations supervisors")
    for _ in range(supervisors):
        skills = ["operations_supervisor"]
        if rng.random() < 0.3:
            skills.append("teller.cash")
        staff.append(_person(names, "operations_supervisor", skills))

    # Account managers: one team each, a few with a second team.
    cut = 0
    if plan.kind == "account_manager":
        cut = -min(2, sum(teams.values())) if short else 2
    by_size = sorted(teams, key=lambda t: (-teams[t], t))
    managers = [team for team in by_size for _ in range(teams[team])]
    while len(managers) < needs.roles["account_manager"]:
        managers.append(rng.choice(sorted(teams)) if teams else "comprehensive")
    if cut < 0:
        managers = managers[-cut:]  # the biggest teams lose a manager first
    elif cut > 0:
        managers += [rng.choice(sorted(teams)) if teams else "comprehensive" for _ in range(cut)]
    if cut:
        plan.note = (f"{_count(len(managers), 'account manager')} for a need of "
                     f"{needs.roles['account_manager']} (floors {sum(teams.values())})")
    for team in managers:
        skills = [f"account_manager.{team}"]
        if rng.random() < 0.2:
            skills.append(f"account_manager.{rng.choice(TEAMS)}")
        if plan.kind != "lobby" and rng.random() < 0.15:
            skills.append("lobby_manager")
        staff.append(_person(names, "account_manager", sorted(set(skills), key=skills.index)))

    # Lobby managers: the workload estimate.
    lobby = needs.roles["lobby_manager"]
    if plan.kind == "lobby":
        lobby = lobby - 1 if short else lobby + 2
        plan.note = f"{lobby} lobby-qualified for a need of {needs.roles['lobby_manager']}"
    for _ in range(lobby):
        skills = ["lobby_manager"]
        if rng.random() < 0.4:
            skills.append("teller.non_cash")
        staff.append(_person(names, "lobby_manager", skills))

    # Tellers: the queue estimate, in full-time equivalents. Part-timers and leave count
    # pro rata. The estimate is a lower bound, so a balanced branch has one spare teller.
    need = needs.roles["teller"]
    target = float(need + 1)
    if plan.kind == "tellers":
        target = need - 2.0 if short else need + 1.0 + rng.randint(3, 5)
    low, high = limits
    target = max(float(low - len(staff)), min(target, float(high - len(staff))))
    tellers: list[dict[str, Any]] = []
    fte = 0.0
    while fte < target - 1e-9 and len(staff) + len(tellers) < high:
        skills = list(rng.choices(
            [s for s, _ in TELLER_SKILLS], weights=[w for _, w in TELLER_SKILLS]
        )[0])
        person = _person(names, "teller", skills)
        if rng.random() < 0.12:
            person["max_hours_per_week"] = rng.choice(PART_TIME_HOURS)
        _leave(rng, person, open_days)
        fte += _capacity(std, person, open_days)
        tellers.append(person)
    _cover_zones(rng, tellers, needs, plan)
    if plan.kind == "tellers":
        plan.note = f"{fte:g} teller FTE for an estimated need of {need}"
    for person in tellers:
        extra = rng.random()
        if plan.kind != "lobby" and extra < 0.3:
            person["skills"].append("lobby_manager")
        elif plan.kind != "account_manager" and extra < 0.4 and teams:
            person["skills"].append(f"account_manager.{rng.choice(sorted(teams))}")
    staff.extend(tellers)

    # Now and then a teller holds another role they are qualified for, though the counters
    # need them more: the solver should move them back.
    misfit = None
    if plan.kind not in ("lobby", "account_manager") and rng.random() < 0.4:
        candidates = [t for t in tellers if any(not s.startswith("teller") for s in t["skills"])]
        if candidates:
            misfit = rng.choice(candidates)
            other = next(s for s in misfit["skills"] if not s.startswith("teller"))
            misfit["role"] = other.split(".", 1)[0]

    for i, person in enumerate(staff, start=1):
        person["id"] = f"E{i:03d}"
        if person not in tellers:  # tellers were given theirs when counted
            _leave(rng, person, open_days)
            if rng.random() < 0.04:
                person["max_hours_per_week"] = rng.choice(PART_TIME_HOURS)
        # Keep the keys in the order of design §2.2.
        staff[i - 1] = {k: person[k] for k in
                        ("id", "name", "role", "skills", "unavailable", "max_hours_per_week")
                        if k in person}
    if not plan.note:
        plan.note = f"{len(staff)} staff for an estimated need of {sum(needs.roles.values())}"
    if misfit is not None:
        plan.note += f"; {misfit['id']} holds role {misfit['role']} but is counted as a teller"
    return staff


def _leave(rng: random.Random, person: dict[str, Any], open_days: list[str]) -> None:
    """Now and then one or two days of leave this week."""
    if rng.random() < 0.1 and open_days:
        days = rng.sample(open_days, rng.choice((1, 1, 2)))
        person["unavailable"] = sorted(days, key=DAYS.index)


def _capacity(std: Standards, person: dict[str, Any], open_days: list[str]) -> float:
    """A person's share of a full-time week: contract hours, and days left after leave."""
    days = min(std.labor.max_days_per_week, len(open_days) - len(person.get("unavailable", [])))
    hours = min(person.get("max_hours_per_week", std.labor.max_hours_per_week),
                days * max(std.labor.shift_hours))
    return max(0.0, hours / std.labor.max_hours_per_week)


def _cover_zones(rng: random.Random, tellers: list[dict[str, Any]], needs: Needs,
                 plan: Plan) -> None:
    """Give tellers the zone skills each zone needs; on a VIP-short branch, too few for VIP."""
    for zone in ("cash", "non_cash", "vip"):
        post = f"teller.{zone}"
        want = needs.posts.get(post, 0)
        if zone == "vip" and plan.kind == "vip":
            want -= 1  # vip is only ever a short kind
            plan.note = (f"{_count(want, 'VIP-qualified teller')} for a need of "
                         f"{needs.posts.get(post, 0)}")
        qualified = [t for t in tellers if any(covers(s, post) for s in t["skills"])]
        if zone == "vip" and plan.kind == "vip":
            for person in qualified[want:]:  # too many VIP-qualified: narrow their skills
                person["skills"] = ["teller.cash", "teller.non_cash"]
            continue
        if want:
            want += 1  # a spare: zones share tellers at the peak, and people take leave
        others = [t for t in tellers if t not in qualified]
        rng.shuffle(others)
        for person in others[: max(0, want - len(qualified))]:
            person["skills"].append(post)


def _is_open(std: Standards, data: dict[str, Any], day: str) -> bool:
    hours = data.get("opening_hours", {}).get(day, std.calendar.opening_hours.get(day, "closed"))
    return hours != "closed"


# ---------------------------------------------------------------- the region


@dataclass
class Summary:
    """What a run wrote."""

    branches: int
    staff: int
    scenarios: Counter[str]
    smallest: int
    largest: int


def generate(n: int, seed: int, out: Path, *, large: bool = False, prefix: str = "BR",
             standards: Path = DEFAULT_STANDARDS) -> Summary:
    """Write N branch profiles, the region file and a copy of the standards into ``out``."""
    std, _, _ = load_standards(standards)
    rng = random.Random(seed)
    folder = out / "branches"
    folder.mkdir(parents=True, exist_ok=True)
    (out / "standards.yaml").write_bytes(standards.read_bytes())
    region = {"kind": "Region", "version": 1, "name": f"synthetic-{n}-{seed}",
              "standards": "standards.yaml", "branches": "branches/"}
    (out / "region.yaml").write_text(to_yaml(region), encoding="utf-8")
    written: set[str] = set()
    sizes: list[int] = []
    scenarios: Counter[str] = Counter()
    for i in range(1, n + 1):
        branch_id = f"{prefix}-{i:04d}"
        data, plan = make_branch(rng, std, branch_id, large)
        header = [f"synthetic branch {i} of {n}, seed {seed}: {plan.scenario}"
                  + (f" ({plan.kind}: {plan.note})" if plan.kind else f" ({plan.note})")]
        (folder / f"{branch_id}.yaml").write_text(to_yaml(data, header), encoding="utf-8")
        written.add(f"{branch_id}.yaml")
        sizes.append(len(data["staff"]))
        scenarios[plan.scenario] += 1
    # Branches left from an earlier, bigger run with the same prefix would join the batch.
    stale = re.compile(rf"^{re.escape(prefix)}-\d{{4}}\.yaml$")
    for path in sorted(folder.iterdir()):
        if stale.match(path.name) and path.name not in written:
            path.unlink()
    return Summary(n, sum(sizes), scenarios, min(sizes, default=0), max(sizes, default=0))


def main(argv: list[str] | None = None) -> int:
    """Command line: N SEED OUT [--large] [--prefix P] [--standards FILE]."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of branches")
    parser.add_argument("seed", type=int, help="random seed; the same seed gives the same files")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--large", action="store_true", help="branches of 40-60 staff")
    parser.add_argument("--prefix", default="BR", help="branch id prefix (default BR)")
    parser.add_argument("--standards", type=Path, default=DEFAULT_STANDARDS,
                        help="standards to size against and copy (default configs/standards.yaml)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", args.prefix):
        parser.error("--prefix must be letters and digits")
    summary = generate(args.n, args.seed, args.out, large=args.large, prefix=args.prefix,
                       standards=args.standards)
    mix = ", ".join(f"{summary.scenarios[s]} {s}" for s in ("balanced", "surplus", "short"))
    print(
        f"make_region: {summary.branches} branches ({mix}), {summary.staff} staff "
        f"({summary.smallest}-{summary.largest} a branch), seed {args.seed} -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
