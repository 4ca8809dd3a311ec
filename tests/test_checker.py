"""The independent checker of version-2 results (tests/checker.py), on results built by hand.

Each branch in tests/data/checker/ is small enough to solve on paper; its comment says
how. The correct result of each is written out here, no solver involved, and every
rule of design §4-§5 is then broken once to see the checker name it.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from checker import check_result
from helpers import DATA, ROOT, TESTS
from spec import spec_requirements, spec_requirements_needed
from typer.testing import CliRunner

from staffopt.cli import app

CHECKER = DATA / "checker"
SHA = "0" * 64
HALF_HOURS = [f"{m // 60:02d}:{m % 60:02d}" for m in range(8 * 60 + 30, 17 * 60 + 30, 30)]
Data = dict[str, Any]


def _yaml(name: str) -> Data:
    return yaml.safe_load((CHECKER / name).read_text(encoding="utf-8"))


def _result(branch: Data, std: Data, **parts: Any) -> Data:
    """A version-2 result in the contract's key order."""
    head = {
        "kind": "BranchResult", "version": 2, "branch": branch["id"],
        "name": branch.get("name"), "district": branch.get("district"),
        "input_sha256": SHA, "standards": std["name"], "status": "optimal", "gap": 0.0,
        "solve_seconds": 0.5, "slot_minutes": std["calendar"]["slot_minutes"],
    }
    keys = ["objective", "totals", "requirements", "roster", "headcount", "assignments",
            "moves", "shortages", "warnings"]
    return {**head, **{k: parts.get(k, []) for k in keys}}


def _objective(shortage: int, floor: int, headcount: int, changes: int, idle: float,
               paid: float) -> Data:
    return {"shortage_slots": shortage, "floor_shortage": floor, "headcount": headcount,
            "role_changes": changes, "idle_hours": idle, "paid_hours": paid}


def _totals(staff: int, kept: int, moved: int, freed: int, under: int, uncovered: float) -> Data:
    return {"staff": staff, "kept": kept, "moved": moved, "freed": freed, "under_floor": under,
            "uncovered_hours": uncovered}


def _shift(employee: str, post: str, day: str, start: str, end: str, lunch: str | None,
           lunch_end: str | None, hours: float) -> Data:
    return {"employee": employee, "post": post, "day": day, "start": start, "end": end,
            "break_start": lunch, "break_end": lunch_end, "hours": hours}


def _row(role: str, *figures: float) -> Data:
    names = ["current", "required", "kept", "moved_in", "moved_out", "freed", "floor",
             "under_floor", "uncovered_hours"]
    return {"role": role, **dict(zip(names, figures, strict=True))}


def _person(employee: str, name: str | None, role: str | None, team: str | None,
            hours: float, contract: float) -> Data:
    return {"employee": employee, "name": name, "role": role, "team": team, "hours": hours,
            "contract_hours": contract}


def _move(employee: str, old: str | None, new: str | None, old_team: str | None = None,
          new_team: str | None = None) -> Data:
    return {"employee": employee, "from": old, "to": new, "from_team": old_team,
            "to_team": new_team}


def _need(post: str, days: tuple[str, ...], starts: list[str], required: int = 1) -> list[Data]:
    return [{"post": post, "day": d, "start": s, "required": required}
            for d in days for s in starts]


def _short(post: str, day: str, start: str, missing: int = 1) -> Data:
    return {"post": post, "day": day, "start": start, "missing": missing,
            "cause": "no one else has the skill and is free"}


# ---------------------------------------------------------------- the correct results


def supervisor_lunch() -> tuple[Data, Data, Data]:
    """E1 08:30-17:30 with lunch 12:00-13:00 on both days; E2 11:00-15:00 covers it.

    Idle hours: only E1's (40 - 16); E2 works the 8 contract hours; the branch head is in
    an unrostered role and counts for neither idle hours nor shifts.
    """
    branch, std = _yaml("supervisor-lunch.yaml"), _yaml("supervisor.standards.yaml")
    post = "operations_supervisor"
    result = _result(
        branch, std,
        objective=_objective(0, 0, 3, 0, 24, 24),
        totals=_totals(3, 3, 0, 0, 0, 0),
        requirements=_need(post, ("mon", "tue"), HALF_HOURS),
        roster=[
            _shift("E1", post, "mon", "08:30", "17:30", "12:00", "13:00", 8),
            _shift("E1", post, "tue", "08:30", "17:30", "12:00", "13:00", 8),
            _shift("E2", post, "mon", "11:00", "15:00", None, None, 4),
            _shift("E2", post, "tue", "11:00", "15:00", None, None, 4),
        ],
        headcount=[_row(post, 2, 2, 2, 0, 0, 0, 2, 0, 0),
                   _row("branch_head", 1, 1, 1, 0, 0, 0, 1, 0, 0)],
        assignments=[_person("E1", "Wang Fang", post, None, 16, 40),
                     _person("E2", "Li Na", post, None, 8, 8),
                     _person("E3", "Zhao Lei", "branch_head", None, 0, 40)],
    )
    return branch, std, result


def supervisor_short() -> tuple[Data, Data, Data]:
    """One supervisor under a floor of two: lunch uncovered, 2 slots a day, 2 hours in all."""
    branch, std = _yaml("supervisor-short.yaml"), _yaml("supervisor.standards.yaml")
    post = "operations_supervisor"
    result = _result(
        branch, std,
        objective=_objective(4, 1, 2, 0, 24, 16),
        totals=_totals(2, 2, 0, 0, 1, 2),
        requirements=_need(post, ("mon", "tue"), HALF_HOURS),
        roster=[
            _shift("E1", post, "mon", "08:30", "17:30", "12:00", "13:00", 8),
            _shift("E1", post, "tue", "08:30", "17:30", "12:00", "13:00", 8),
        ],
        headcount=[_row(post, 1, 1, 1, 0, 0, 0, 2, 1, 2),
                   _row("branch_head", 1, 1, 1, 0, 0, 0, 1, 0, 0)],
        assignments=[_person("E1", None, post, None, 16, 40),
                     _person("E3", None, "branch_head", None, 0, 40)],
        shortages=[_short(post, d, t) for d in ("mon", "tue") for t in ("12:00", "12:30")],
    )
    return branch, std, result


def teller_lunch() -> tuple[Data, Data, Data]:
    """T1 lunches 12:00-13:00 and T2 13:00-14:00 on the one counter; T3 is freed."""
    branch, std = _yaml("teller-lunch.yaml"), _yaml("teller.standards.yaml")
    post = "teller.cash"
    result = _result(
        branch, std,
        objective=_objective(0, 0, 2, 0, 64, 16),
        totals=_totals(3, 2, 0, 1, 0, 0),
        requirements=_need(post, ("mon",), HALF_HOURS),
        roster=[
            _shift("T1", post, "mon", "08:30", "17:30", "12:00", "13:00", 8),
            _shift("T2", post, "mon", "08:30", "17:30", "13:00", "14:00", 8),
        ],
        headcount=[_row("teller", 3, 2, 2, 0, 0, 1, 0, 0, 0)],
        assignments=[_person("T1", "Chen Jie", "teller", None, 8, 40),
                     _person("T2", None, "teller", None, 8, 40),
                     _person("T3", None, None, None, 0, 40)],
        moves=[_move("T3", "teller", None)],
        warnings=[{"code": "counter-capacity", "post": post, "day": "mon", "start": start,
                   "needed": 2, "counters": 1, "message": "2 needed, 1 counter"}
                  for start in ("12:00", "12:30")],
    )
    return branch, std, result


def teller_paid_pause() -> tuple[Data, Data, Data]:
    """As teller_lunch, but T2 works 6 hours with a paid pause: legal, not optimal."""
    branch, std, result = teller_lunch()
    result["status"], result["gap"] = "feasible", 0.1
    result["roster"][1] = _shift("T2", "teller.cash", "mon", "11:30", "17:30", "15:00",
                                 "15:30", 6)
    result["objective"].update(idle_hours=66, paid_hours=14)
    result["assignments"][1]["hours"] = 6
    return branch, std, result


def team_moves() -> tuple[Data, Data, Data]:
    """A2 changes team, A3 moves in from the tellers, A5 is freed; everyone kept works."""
    branch, std = _yaml("team-moves.yaml"), _yaml("team.standards.yaml")
    am, pw, cc = "account_manager", "personal_wealth", "corporate_credit"
    hours = ["09:00", "10:00", "11:00", "12:00"]
    result = _result(
        branch, std,
        objective=_objective(0, 0, 5, 1, 144, 16),
        totals=_totals(6, 3, 2, 1, 0, 0),
        requirements=_need(am, ("mon",), hours) + _need("teller.cash", ("mon",), hours),
        roster=[
            _shift("A1", f"{am}.{pw}", "mon", "09:00", "13:00", None, None, 4),
            _shift("A2", f"{am}.{cc}", "mon", "09:00", "13:00", None, None, 4),
            _shift("A3", f"{am}.{pw}", "mon", "09:00", "13:00", None, None, 4),
            _shift("A4", "teller.cash", "mon", "09:00", "13:00", None, None, 4),
        ],
        headcount=[
            _row("teller", 3, 1, 1, 0, 1, 1, 0, 0, 0),
            _row(am, 2, 3, 1, 2, 1, 0, 3, 0, 0),
            _row(f"{am}.{pw}", 2, 2, 1, 1, 1, 0, 2, 0, 0),
            _row(f"{am}.{cc}", 0, 1, 0, 1, 0, 0, 1, 0, 0),
            _row("branch_head", 1, 1, 1, 0, 0, 0, 1, 0, 0),
        ],
        assignments=[_person("A1", None, am, pw, 4, 40), _person("A2", None, am, cc, 4, 40),
                     _person("A3", None, am, pw, 4, 40),
                     _person("A4", None, "teller", None, 4, 40),
                     _person("A5", None, None, None, 0, 40),
                     _person("H1", None, "branch_head", None, 0, 40)],
        moves=[_move("A2", am, am, pw, cc), _move("A3", "teller", am, None, pw),
               _move("A5", "teller", None)],
    )
    return branch, std, result


CASES: dict[str, Callable[[], tuple[Data, Data, Data]]] = {
    "supervisor-lunch": supervisor_lunch,
    "supervisor-short": supervisor_short,
    "teller-lunch": teller_lunch,
    "teller-paid-pause": teller_paid_pause,
    "team-moves": team_moves,
}


@pytest.mark.parametrize("name", CASES)
def test_correct_results_pass(name: str) -> None:
    assert check_result(*CASES[name]()) == []


def test_the_checker_reads_files_too() -> None:
    _, _, result = supervisor_lunch()
    branch, std = CHECKER / "supervisor-lunch.yaml", CHECKER / "supervisor.standards.yaml"
    assert check_result(branch, std, result) == []


@pytest.mark.parametrize(
    ("branch", "standards"),
    [("supervisor-lunch", "supervisor"), ("supervisor-short", "supervisor"),
     ("teller-lunch", "teller"), ("team-moves", "team")],
)
def test_the_branches_are_valid_inputs(
    branch: str, standards: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    files = [f"tests/data/checker/{branch}.yaml", f"tests/data/checker/{standards}.standards.yaml"]
    result = CliRunner().invoke(app, ["validate", "--strict", "--standards", files[1], *files])
    assert (result.exit_code, result.stdout) == (0, "All 2 files OK\n")


def test_the_checker_imports_nothing_from_staffopt() -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import checker; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'staffopt'))")
    out = subprocess.run([sys.executable, "-c", code, str(TESTS)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_spec_takes_the_branch_intraday_profile() -> None:
    branch, std = _yaml("teller-lunch.yaml"), _yaml("teller.standards.yaml")
    _, _, capped = spec_requirements_needed(std, branch)
    assert capped == {("teller.cash", "mon", 720): 2, ("teller.cash", "mon", 750): 2}
    del branch["volume"]["intraday_profile"]
    need, _, capped_set = spec_requirements(std, branch)
    assert capped_set == {("teller.cash", "mon", 600), ("teller.cash", "mon", 630)}
    assert need[("teller.cash", "mon", 600)] == 1


def test_an_error_result() -> None:
    branch, std, result = supervisor_lunch()
    error = {**{k: None for k in result}, "kind": "BranchResult", "version": 2,
             "branch": "CK-SUP", "name": "Riverside Sub-branch", "district": "Xuhui",
             "input_sha256": SHA, "status": "error", "error": "time limit without a solution"}
    for name in ("requirements", "roster", "headcount", "assignments", "moves", "shortages",
                 "warnings"):
        error[name] = []
    assert check_result(branch, std, error) == []
    assert check_result(branch, std, {**error, "error": ""}) == [
        "contract: an error result must say what went wrong in 'error'"]


# ---------------------------------------------------------------- one mutation per rule


def _find(result: Data, table: str, **match: Any) -> Data:
    [row] = [r for r in result[table] if all(r[k] == v for k, v in match.items())]
    return row


def _set(table: str, match: Data, **values: Any) -> Callable[[Data], None]:
    def change(result: Data) -> None:
        _find(result, table, **match).update(values)
    return change


def _top(**values: Any) -> Callable[[Data], None]:
    return lambda result: result.update(values)


def _objective_set(**values: Any) -> Callable[[Data], None]:
    return lambda result: result["objective"].update(values)


def _totals_set(**values: Any) -> Callable[[Data], None]:
    return lambda result: result["totals"].update(values)


def _drop(table: str, **match: Any) -> Callable[[Data], None]:
    return lambda result: result[table].remove(_find(result, table, **match))


def _add(table: str, row: Data, at: int | None = None) -> Callable[[Data], None]:
    def change(result: Data) -> None:
        result[table].insert(len(result[table]) if at is None else at, row)
    return change


def _without_key(key: str) -> Callable[[Data], None]:
    return lambda result: result.pop(key)


def _remove_roster_hours(result: Data) -> None:
    del result["roster"][0]["hours"]


def _drop_objective_idle(result: Data) -> None:
    del result["objective"]["idle_hours"]


SUP = "operations_supervisor"
E1_MON = {"employee": "E1", "day": "mon"}
E2_MON = {"employee": "E2", "day": "mon"}
T2 = {"employee": "T2"}
CAP = "('teller.cash', 'mon', '12:00')"

MUTATIONS: list[tuple[str, str, Callable[[Data], None], str]] = [
    # the contract's keys, values and orders
    ("version", "supervisor-lunch", _top(version=1), "contract: version is 1, expected 2"),
    ("district", "supervisor-lunch", _top(district="Minhang"),
     "contract: district is 'Minhang', expected 'Xuhui'"),
    ("name-null", "supervisor-short", _top(name="Riverside"),
     "contract: name is 'Riverside', expected None"),
    ("sha", "supervisor-lunch", _top(input_sha256="abc"),
     "contract: input_sha256 'abc' is not a sha256 hex digest"),
    ("gap", "supervisor-lunch", _top(gap=0.2), "contract: status optimal with gap 0.2"),
    ("key-order", "supervisor-lunch", _without_key("totals"), "contract: the key order is "),
    ("objective-keys", "supervisor-lunch", _drop_objective_idle,
     "contract: the objective's keys is ['shortage_slots', 'floor_shortage', 'headcount', "
     "'role_changes', 'paid_hours'], expected"),
    ("row-keys", "supervisor-lunch", _remove_roster_hours,
     "contract: a roster row has keys ['employee', 'post', 'day', 'start', 'end', "
     "'break_start', 'break_end'], expected"),
    ("order", "supervisor-lunch", lambda r: r["roster"].reverse(),
     "order: roster are not sorted as §5 says"),
    # requirements and warnings
    ("requirement", "teller-lunch",
     _set("requirements", {"start": "12:00"}, required=2),
     f"requirements: {CAP} requires 2, the rules give 1"),
    ("warning-slots", "teller-lunch", _set("warnings", {"start": "12:30"}, start="10:30"),
     "warnings: the counter-capacity slots is [('teller.cash', 'mon', '10:30'), "
     f"{CAP}], expected [{CAP}, ('teller.cash', 'mon', '12:30')]"),
    ("warning-needed", "teller-lunch", _set("warnings", {"start": "12:00"}, needed=3),
     f"warnings: {CAP} needed is 3, expected 2"),
    ("warning-counters", "teller-lunch", _set("warnings", {"start": "12:00"}, counters=2),
     f"warnings: {CAP} counters is 2, expected 1"),
    # every roster row legal
    ("skill", "team-moves", lambda r: (
        _set("roster", {"employee": "A1"}, post="account_manager.corporate_credit")(r),
        _set("assignments", {"employee": "A1"}, team="corporate_credit")(r)),
     "roster: A1 account_manager.corporate_credit mon 09:00-13:00: no skill for "
     "account_manager.corporate_credit (skills ['account_manager.personal_wealth'])"),
    ("role", "team-moves", _set("roster", {"employee": "A3"}, post="teller.cash"),
     "roster: A3 teller.cash mon 09:00-13:00: the employee's role for the week is "
     "'account_manager'"),
    ("team", "team-moves", _set("roster", {"employee": "A2"},
                                post="account_manager.personal_wealth"),
     "roster: A2 account_manager.personal_wealth mon 09:00-13:00: the employee's team for "
     "the week is 'corporate_credit'"),
    ("two-a-day", "supervisor-lunch",
     _add("roster", _shift("E1", SUP, "mon", "13:00", "17:00", None, None, 4), at=1),
     "roster: E1 works more than one shift on mon"),
    ("opening", "supervisor-lunch", _set("roster", E2_MON, start="07:00", end="11:00"),
     "roster: E2 operations_supervisor mon 07:00-11:00: outside the opening hours "
     "08:30-17:30"),
    ("grid", "supervisor-lunch", _set("roster", E2_MON, start="11:15", end="15:15"),
     "roster: E2 operations_supervisor mon 11:15-15:15: the start is off the 30-minute "
     "slot grid"),
    ("length", "supervisor-lunch", _set("roster", E2_MON, end="16:00", hours=5),
     "roster: E2 operations_supervisor mon 11:00-16:00: hours 5 is no allowed shift length "
     "([4, 8])"),
    ("no-break", "supervisor-lunch", _set("roster", E1_MON, break_start=None, break_end=None),
     "roster: E1 operations_supervisor mon 08:30-17:30: has no break, but the rule for "
     "shifts of 6 h or more (60 minutes in 11:00-14:00) applies"),
    ("break-without-rule", "supervisor-lunch",
     _set("roster", E2_MON, break_start="12:00", break_end="12:30"),
     "roster: E2 operations_supervisor mon 11:00-15:00: has a break, but no break rule "
     "applies to a shift of 4 h"),
    ("break-grid", "supervisor-lunch",
     _set("roster", E1_MON, break_start="12:15", break_end="13:15"),
     "roster: E1 operations_supervisor mon 08:30-17:30: the break starts off the 30-minute "
     "slot grid"),
    ("break-window", "supervisor-lunch",
     _set("roster", E1_MON, break_start="10:00", break_end="11:00"),
     "roster: E1 operations_supervisor mon 08:30-17:30: the break 10:00-11:00 is outside "
     "the window 11:00-14:00"),
    ("break-minutes", "supervisor-lunch",
     _set("roster", E1_MON, break_start="12:00", break_end="12:30"),
     "roster: E1 operations_supervisor mon 08:30-17:30: the break 12:00-12:30 lasts 30 "
     "minutes, not the 60 of the rule for shifts of 6 h or more"),
    ("break-strictly-inside", "teller-paid-pause",
     _set("roster", T2, break_start="11:30", break_end="12:00"),
     "roster: T2 teller.cash mon 11:30-17:30: the break 11:30-12:00 is not strictly inside "
     "the shift"),
    ("unpaid-break-lengthens", "supervisor-lunch", _set("roster", E1_MON, end="16:30"),
     "roster: E1 operations_supervisor mon 08:30-16:30: runs 480 minutes; a shift of 8 h "
     "with its unpaid 60-minute break runs 540"),
    ("paid-break-inside", "teller-paid-pause", _set("roster", T2, start="11:00"),
     "roster: T2 teller.cash mon 11:00-17:30: runs 390 minutes; a shift of 6 h runs 360"),
    ("hours-paid-length", "supervisor-lunch", _set("roster", E1_MON, hours=4),
     "roster: E1 operations_supervisor mon 08:30-17:30: runs 540 minutes; a shift of 4 h "
     "runs 240"),
    # contract hours, working days, unrostered roles
    ("contract", "supervisor-lunch",
     _set("roster", {"employee": "E2", "day": "tue"}, start="08:30", end="17:30",
          break_start="13:00", break_end="14:00", hours=8),
     "roster: E2 works 12 h, above the contract's 8 h"),
    ("unrostered", "supervisor-lunch",
     _add("roster", _shift("E3", "branch_head", "mon", "09:00", "13:00", None, None, 4)),
     "roster: E3 branch_head mon 09:00-13:00: role branch_head has no positive requirement "
     "in any slot, so it gets no shifts"),
    # coverage, recounted with breaks left out, and the shortages
    ("lunch-uncovered", "supervisor-lunch", _drop("roster", **E2_MON),
     "coverage: ('operations_supervisor', 'mon', '12:00') is 1 short, but no shortage row "
     "says so"),
    ("covered-shortage", "supervisor-lunch", _add("shortages", _short(SUP, "mon", "09:00")),
     "coverage: shortage ('operations_supervisor', 'mon', '09:00') (missing 1) is covered by "
     "the roster"),
    ("missing-amount", "supervisor-short",
     _set("shortages", {"day": "mon", "start": "12:00"}, missing=2),
     "coverage: shortage ('operations_supervisor', 'mon', '12:00') missing is 2, expected 1"),
    ("shortage-sum", "supervisor-short", _objective_set(shortage_slots=3),
     "coverage: the shortage rows sum to 4, not shortage_slots 3"),
    ("cause", "supervisor-short", _set("shortages", {"day": "tue", "start": "12:30"}, cause=""),
     "coverage: shortage operations_supervisor tue 12:30 gives no cause"),
    # the objective, recounted
    ("headcount", "supervisor-lunch", _objective_set(headcount=2),
     "objective: headcount is 2, expected 3"),
    ("floor-shortage", "supervisor-short", _objective_set(floor_shortage=0),
     "objective: floor_shortage is 0, expected 1"),
    ("role-changes", "team-moves", _objective_set(role_changes=2),
     "objective: role_changes is 2, expected 1"),
    ("idle-unrostered", "supervisor-lunch", _objective_set(idle_hours=64),
     "objective: idle_hours is 64, expected 24"),
    ("paid-hours", "supervisor-lunch", _objective_set(paid_hours=20),
     "objective: paid_hours is 20, expected 24"),
    # gains and needs, per role and per portfolio team
    ("team-change-kept", "team-moves",
     _set("headcount", {"role": "account_manager"}, kept=2, moved_in=1, moved_out=0),
     "headcount: account_manager kept is 2, expected 1"),
    ("first-team-skill", "team-moves",
     _set("headcount", {"role": "account_manager.personal_wealth"}, current=1, moved_out=0),
     "headcount: account_manager.personal_wealth current is 1, expected 2"),
    ("identity-current", "team-moves", _set("headcount", {"role": "teller"}, freed=0),
     "headcount: teller: current 3 is not kept + moved_out + freed"),
    ("identity-required", "team-moves",
     _set("headcount", {"role": "account_manager.corporate_credit"}, moved_in=0),
     "headcount: account_manager.corporate_credit: required 1 is not kept + moved_in"),
    ("team-row", "team-moves", _drop("headcount", role="account_manager.corporate_credit"),
     "headcount: the rows is ['account_manager', 'account_manager.personal_wealth', "
     "'branch_head', 'teller'], expected"),
    ("portfolio-floor", "team-moves", _set("headcount", {"role": "account_manager"}, floor=2),
     "headcount: account_manager floor is 2, expected 3"),
    ("under-floor", "supervisor-short", _set("headcount", {"role": SUP}, under_floor=0),
     "headcount: operations_supervisor under_floor is 0, expected 1"),
    ("uncovered-hours", "supervisor-short", _set("headcount", {"role": SUP}, uncovered_hours=1),
     "headcount: operations_supervisor uncovered_hours is 1, expected 2"),
    # totals
    ("totals-staff", "supervisor-lunch", _totals_set(staff=2), "totals: staff is 2, expected 3"),
    ("totals-moved", "team-moves", _totals_set(moved=1), "totals: moved is 1, expected 2"),
    ("totals-freed", "teller-lunch", _totals_set(freed=0), "totals: freed is 0, expected 1"),
    ("totals-under", "supervisor-short", _totals_set(under_floor=0),
     "totals: under_floor is 0, expected 1"),
    ("totals-uncovered", "supervisor-short", _totals_set(uncovered_hours=0),
     "totals: uncovered_hours is 0, expected 2"),
    # assignments
    ("everyone-once", "supervisor-lunch", _drop("assignments", employee="E3"),
     "assignments: the employees listed is ['E1', 'E2'], expected ['E1', 'E2', 'E3']"),
    ("listed-twice", "supervisor-lunch",
     _add("assignments", _person("E3", "Zhao Lei", "branch_head", None, 0, 40)),
     "assignments: E3 is listed 2 times"),
    ("name", "supervisor-lunch", _set("assignments", {"employee": "E1"}, name="Wang Li"),
     "assignments: E1's name is 'Wang Li', expected 'Wang Fang'"),
    ("hours", "supervisor-lunch", _set("assignments", {"employee": "E1"}, hours=40),
     "assignments: E1's hours is 40, expected 16"),
    ("contract-hours", "supervisor-lunch",
     _set("assignments", {"employee": "E2"}, contract_hours=40),
     "assignments: E2's contract_hours is 40, expected 8"),
    ("team-outside-portfolio", "team-moves",
     _set("assignments", {"employee": "A4"}, team="personal_wealth"),
     "assignments: A4 in teller has team 'personal_wealth'; only portfolio roles have teams"),
    # moves: exactly the changed or freed
    ("move-missing", "team-moves", _drop("moves", employee="A2"),
     "moves: missing move ('A2', 'account_manager', 'account_manager', 'personal_wealth', "
     "'corporate_credit')"),
    ("move-extra", "teller-lunch", _add("moves", _move("T1", "teller", "teller"), at=0),
     "moves: move ('T1', 'teller', 'teller', None, None) is not a change of role or team"),
    ("move-team", "team-moves", _set("moves", {"employee": "A3"}, from_team="personal_wealth"),
     "moves: move ('A3', 'teller', 'account_manager', 'personal_wealth', 'personal_wealth') "
     "is not a change of role or team"),
    # optimality: a result that claims optimal admits no one-step improvement
    ("longer-shift", "teller-paid-pause", _top(status="optimal", gap=0.0),
     "optimality: T2 works 6 of 40 contract hours and could work 08:30-17:30 (break 11:00) "
     "instead of teller.cash mon 11:30-17:30 (break 15:00)"),
]


@pytest.mark.parametrize(("case", "mutate", "expected"),
                         [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_each_violation_is_named(case: str, mutate: Callable[[Data], None],
                                 expected: str) -> None:
    branch, std, result = CASES[case]()
    broken = copy.deepcopy(result)
    mutate(broken)
    problems = check_result(branch, std, broken)
    assert any(p.startswith(expected) for p in problems), problems


# ---------------------------------------------------------------- rules that need other inputs


def test_max_days_per_week() -> None:
    branch, std, result = supervisor_lunch()
    std["labor"]["max_days_per_week"] = 1
    assert "roster: E1 works 2 days, above max_days_per_week 1" in check_result(
        branch, std, result)


def test_unavailable_day() -> None:
    branch, std, result = supervisor_lunch()
    branch["staff"][1]["unavailable"] = ["tue"]
    assert ("roster: E2 operations_supervisor tue 11:00-15:00: the employee is unavailable "
            "on tue") in check_result(branch, std, result)


def test_closed_day() -> None:
    branch, std, result = supervisor_lunch()
    branch["opening_hours"] = {"tue": "closed"}
    problems = check_result(branch, std, result)
    assert ("roster: E1 operations_supervisor tue 08:30-17:30: the branch is closed on tue"
            in problems)


def test_uncovered_lunch_claimed_optimal_has_a_better_shift() -> None:
    # E2 drops Tuesday: its lunch hour is short, and E2 has the hours and the day for it
    branch, std, result = supervisor_lunch()
    result["roster"].pop(3)
    result["shortages"] = [_short(SUP, "tue", "12:00"), _short(SUP, "tue", "12:30")]
    result["objective"].update(shortage_slots=2, idle_hours=28, paid_hours=20)
    result["totals"]["uncovered_hours"] = 1
    result["headcount"][0]["uncovered_hours"] = 1
    result["assignments"][1]["hours"] = 4
    assert check_result(branch, std, {**result, "status": "feasible", "gap": 0.5}) == []
    assert check_result(branch, std, result) == [
        "optimality: E2 could work operations_supervisor tue 08:30-12:30 and cover an "
        "uncovered slot",
        "optimality: E2 works 4 of 8 contract hours and could also work "
        "operations_supervisor tue 08:30-12:30",
    ]


def test_idle_kept_person_claimed_optimal_could_work() -> None:
    # A3 is kept in personal wealth (its floor needs them) but works nothing
    branch, std, result = team_moves()
    result["roster"].pop(2)
    result["objective"].update(idle_hours=148, paid_hours=12)
    result["assignments"][2]["hours"] = 0
    assert check_result(branch, std, result) == [
        "optimality: A3 works 0 of 40 contract hours and could also work "
        "account_manager.personal_wealth mon 09:00-13:00"]


def test_kept_person_with_nothing_to_do_could_be_freed() -> None:
    # A5 kept as a teller, with no shift: the teller role has no floor to keep them for
    branch, std, result = team_moves()
    result["assignments"][4].update(role="teller")
    result["moves"].pop()
    result["objective"].update(headcount=6, idle_hours=184)
    result["totals"].update(kept=4, freed=0)
    result["headcount"][0].update(required=2, kept=2, freed=0)
    problems = check_result(branch, std, result)
    assert ("optimality: A5 has role teller, no shift and no floor to meet; freeing them "
            "lowers the headcount") in problems
    assert ("optimality: A5 works 0 of 40 contract hours and could also work teller.cash mon "
            "09:00-13:00") in problems


def test_freed_person_could_fill_a_short_floor() -> None:
    # E4, with no role today and none given, could take the supervisor floor that is short
    branch, std, result = supervisor_short()
    branch["staff"].append({"id": "E4", "skills": ["operations_supervisor"]})
    result["assignments"].append(_person("E4", None, None, None, 0, 40))
    result["totals"]["staff"] = 3  # neither kept, moved nor freed: nobody's role changes
    problems = check_result(branch, std, result)
    assert problems == [
        "optimality: E4 could work operations_supervisor mon 08:30-12:30 and cover an "
        "uncovered slot",
        "optimality: E4 could fill the floor of operations_supervisor, which is short",
    ]


def test_the_report_keeps_a_few_of_each_kind() -> None:
    branch, std, result = supervisor_lunch()
    for row in result["roster"]:
        row["start"] = "08:15"  # before opening, off the grid, and the wrong length
    problems = [p for p in check_result(branch, std, result) if p.startswith("roster:")]
    assert len(problems) == 9
    assert problems[-1] == "roster: (further problems of this kind left out)"


def test_unreadable_rows_stop_the_recount() -> None:
    branch, std, result = supervisor_lunch()
    result["roster"][0] = ["E1", "mon"]
    problems = check_result(branch, std, result)
    assert problems == [
        "contract: a roster row has keys ['E1', 'mon'], expected ['employee', 'post', 'day', "
        "'start', 'end', 'break_start', 'break_end', 'hours']"]
