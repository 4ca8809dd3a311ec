"""What the model is built from: shift templates, each employee's shifts, components."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import staffing_of

from staffopt.config.models import BreakRule, Employee, Standards
from staffopt.counting import Shift, counted_slots
from staffopt.staffing import Staffing, Template, day_templates

MODEL = Path(__file__).resolve().parent / "data" / "model"
SOLVE = Path(__file__).resolve().parent / "data" / "solve"
STANDARDS = MODEL / "two-lengths.standards.yaml"
# Monday and Tuesday 09:00-13:00: 2-hour shifts at 9, 10 and 11, and one 4-hour shift
DAY = [Template(540, 660), Template(600, 720), Template(660, 780), Template(540, 780)]


@pytest.fixture(scope="module")
def staffing() -> Staffing:
    """The two-lengths branch: L1, P1 (4 h a week), T1, T2, U1 (away on Tuesday)."""
    return staffing_of(MODEL / "two-lengths.yaml", STANDARDS)


def _emp(staffing: Staffing, eid: str) -> Employee:
    return next(e for e in staffing.branch.staff if e.id == eid)


def test_templates_are_every_length_at_every_slot_that_fits(staffing: Staffing) -> None:
    assert staffing.templates == {"mon": DAY, "tue": DAY}
    assert staffing.maximal_templates("mon") == [Template(540, 780)]
    assert staffing.slot == 60


def test_demand_holds_every_positive_requirement(staffing: Staffing) -> None:
    assert len(staffing.demand) == 2 * 2 * 4  # two posts, two days, four slots
    assert set(staffing.demand.values()) == {1}
    assert {key.row for key in staffing.demand} == {"teller.cash", "lobby_manager"}


def test_posts_roles_and_hours_of_an_employee(staffing: Staffing) -> None:
    l1, p1, t2 = (_emp(staffing, e) for e in ("L1", "P1", "T2"))
    assert staffing.posts_of(l1) == ["teller.cash", "lobby_manager"]  # standards order
    assert staffing.roles_of(l1) == ["teller", "lobby_manager"]
    assert staffing.posts_of(t2) == ["teller.cash"]  # the whole-role skill
    assert (staffing.max_slots(p1), staffing.max_slots(t2)) == (4, 40)
    assert not staffing.full_timer(p1) and staffing.full_timer(t2)


def test_full_timers_get_only_maximal_shifts_when_asked(staffing: Staffing) -> None:
    t1, p1, u1 = (_emp(staffing, e) for e in ("T1", "P1", "U1"))
    assert staffing.shifts_for(t1, maximal=True) == [
        Shift(day, 540, 780, "teller.cash") for day in ("mon", "tue")
    ]
    # for level 5 too: the 4-hour shift works every slot a 2-hour one does, and pays more
    assert staffing.shifts_for(t1) == staffing.shifts_for(t1, maximal=True)
    assert staffing.maximal_templates("mon", hours_bind=True, idle=True) == DAY
    # weekly hours bind for P1: a shorter shift may be worth more there
    assert staffing.shifts_for(p1, maximal=True) == staffing.shifts_for(p1)
    assert {s.day for s in staffing.shifts_for(u1)} == {"mon"}  # away on Tuesday


def test_only_useful_shifts_are_offered(staffing: Staffing) -> None:
    assert staffing.shift_is_useful(Shift("mon", 540, 660, "lobby_manager"))
    assert not staffing.shift_is_useful(Shift("wed", 540, 660, "lobby_manager"))  # closed
    assert not staffing.shift_is_useful(Shift("mon", 540, 660, "teller.vip"))  # no need


def test_interchangeable_people_share_a_signature(staffing: Staffing) -> None:
    t1, t2, u1 = (_emp(staffing, e) for e in ("T1", "T2", "U1"))
    assert staffing.signature(t1) == staffing.signature(t2)  # teller and teller.cash alike
    assert staffing.signature(t1) != staffing.signature(u1)


def test_components_split_staff_no_post_links() -> None:
    # TINY-B: A1 (wealth) and T2 (cash and wealth) link the teller and account manager
    # posts, so everyone is one component.
    staffing = staffing_of(SOLVE / "teller-to-account-manager.yaml",
                           SOLVE / "teller-to-account-manager.standards.yaml")
    groups, names = staffing.components()
    assert [[e.id for e in g] for g in groups] == [["A1", "T1", "T2", "T3"]]
    assert names["teller.cash"] == names["account_manager"] == 0


def test_components_of_unlinked_staff(tmp_path: Path) -> None:
    text = (MODEL / "two-lengths.yaml").read_text(encoding="utf-8")
    branch = tmp_path / "split.yaml"
    alone = text.replace("skills: [lobby_manager, teller.cash]", "skills: [lobby_manager]")
    branch.write_text(alone, encoding="utf-8")
    groups, names = staffing_of(branch, STANDARDS).components()
    assert [[e.id for e in g] for g in groups] == [["L1"], ["P1", "T1", "T2", "U1"]]
    assert (names["lobby_manager"], names["teller.cash"], names["teller"]) == (0, 1, 1)


def test_no_day_long_enough_gives_no_templates_and_no_shifts() -> None:
    # Both days open one hour against 2- and 4-hour shifts: no template, no shift, and
    # the question whether weekly hours bind has an answer (it once crashed).
    staffing = staffing_of(MODEL / "one-slot-days.yaml", STANDARDS)
    assert staffing.templates == {"mon": [], "tue": []}
    [t1] = staffing.branch.staff
    assert staffing.full_timer(t1)
    assert staffing.shifts_for(t1) == staffing.shifts_for(t1, maximal=True) == []
    assert len(staffing.demand) == 4  # two posts, two one-slot days: reported short


# ---------------------------------------------------------------- meal breaks (design §4)

LUNCH = (SOLVE / "lunch-supervisors.yaml", SOLVE / "lunch-supervisor.standards.yaml")
OPEN = (510, 1050)  # 08:30-17:30


@pytest.fixture(scope="module")
def lunch() -> Staffing:
    """TINY-L1 on 30-minute slots: 4-hour shifts, and 8-hour ones with an unpaid lunch
    hour inside 11:00-14:00."""
    return staffing_of(*LUNCH)


def _with_breaks(staffing: Staffing, *rules: dict[str, object]) -> Standards:
    labor = staffing.standards.labor.model_copy(
        update={"breaks": [BreakRule(**rule) for rule in rules]}
    )
    return staffing.standards.model_copy(update={"labor": labor})


def test_lunch_templates_every_start_and_break_start(lunch: Staffing) -> None:
    day = lunch.templates["mon"]
    four = [t for t in day if t.paid == 240]
    eight = [t for t in day if t.paid == 480]
    # 4 hours: every half hour from 08:30 to 13:30, no break
    assert four == [Template(s, s + 240) for s in range(510, 811, 30)]
    # 8 paid hours and the unpaid hour run 08:30-17:30; lunch starts 11:00 to 13:00
    assert eight == [Template(510, 1050, b, b + 60, False) for b in range(660, 781, 30)]
    assert len(day) == len(four) + len(eight)


def test_the_rule_with_the_largest_min_hours_not_above_the_length_applies(
    lunch: Staffing,
) -> None:
    std = _with_breaks(
        lunch,
        {"min_shift_hours": 4, "minutes": 30, "window": "10:00-16:00", "paid": True},
        {"min_shift_hours": 6, "minutes": 60, "window": "11:00-14:00", "paid": False},
    )
    day = day_templates(std, OPEN)
    four = [t for t in day if t.paid == 240]
    eight = [t for t in day if t.paid == 480]
    # a paid half hour inside the 4 hours: the span stays 4 hours
    assert {t.end - t.start for t in four} == {240}
    assert all(t.break_paid and t.break_end - t.break_start == 30 for t in four)
    assert all(t.break_start >= 600 and t.break_end <= 960 for t in four)
    assert all(t.start < t.break_start and t.break_end < t.end for t in four)
    # the 8-hour shifts take the 6-hour rule: an unpaid hour, a 9-hour span
    assert {(t.end - t.start, t.break_end - t.break_start, t.break_paid) for t in eight} == {
        (540, 60, False)
    }


@pytest.mark.parametrize("window", ["16:30-17:30", "08:00-09:30"])
def test_a_shift_that_cannot_place_its_break_is_not_allowed(
    lunch: Staffing, window: str
) -> None:
    # the break would touch the shift's first or last slot, or leave its window
    std = _with_breaks(
        lunch, {"min_shift_hours": 6, "minutes": 60, "window": window, "paid": False}
    )
    day = day_templates(std, OPEN)
    assert day and all(t.paid == 240 and t.break_start is None for t in day)


def test_nobody_covers_a_post_on_a_break(lunch: Staffing) -> None:
    t = Template(510, 1050, 720, 780, False)
    s = t.shift("mon", "operations_supervisor")
    assert lunch.shift_is_useful(s)
    starts = {key.start for key in counted_slots(s, lunch.slot)}
    assert starts == set(range(510, 1050, 30)) - {720, 750}
    assert t.paid == 480


def test_dominance_is_on_worked_slots(lunch: Staffing) -> None:
    # A 4-hour shift that misses some lunch hour is dominated by the 8-hour shift that
    # lunches then: starts 08:30, 09:00 (end by 13:00) and 12:00 on (start after 13:00).
    kept = lunch.maximal_templates("mon")
    assert [t.start for t in kept if t.paid == 240] == [570, 600, 630, 660, 690]
    assert len([t for t in kept if t.paid == 480]) == 5
    # where contract hours bind, a shorter paid shift is not dominated by a longer one
    assert lunch.maximal_templates("mon", hours_bind=True) == lunch.templates["mon"]
    # for level 5 the same ten for a full-timer; where hours bind only equal pay stands in
    assert lunch.maximal_templates("mon", idle=True) == kept
    assert lunch.maximal_templates("mon", hours_bind=True, idle=True) == lunch.templates["mon"]


def test_contract_hours_decide_the_full_timer_reduction(lunch: Staffing) -> None:
    s1, s2, h1 = (_emp(lunch, e) for e in ("S1", "S2", "H1"))
    assert (lunch.max_slots(s1), lunch.max_slots(s2)) == (80, 48)  # 40 h and 24 h
    assert lunch.full_timer(s1) and not lunch.full_timer(s2)  # 5 x 8 paid hours vs 24
    assert len(lunch.shifts_for(s1, maximal=True)) == 5 * 10
    assert len(lunch.shifts_for(s2, maximal=True)) == 5 * 16
    # the branch head's role has no requirement anywhere: no shifts at all
    assert lunch.rostered == {"operations_supervisor"}
    assert lunch.shifts_for(h1) == []


def test_idle_shifts_serve_contract_hours_where_nothing_is_needed(tmp_path: Path) -> None:
    # A teller who holds only the VIP counter, where nothing is needed: teller is a
    # rostered role, so the full shift set offers one shift per paid length and day (for
    # level 5), while the reduced one offers none.
    std = tmp_path / "std.yaml"
    text = (MODEL / "two-lengths.standards.yaml").read_text(encoding="utf-8")
    std.write_text(text.replace("zones: [cash]", "zones: [cash, vip]"), encoding="utf-8")
    branch = tmp_path / "branch.yaml"
    text = (MODEL / "two-lengths.yaml").read_text(encoding="utf-8")
    text = text.replace("counters: {cash: 2}", "counters: {cash: 2, vip: 1}")
    branch.write_text(text + "  - {id: V1, role: teller, skills: [teller.vip]}\n"
                      "  - {id: V2, role: teller, skills: [teller.vip], max_hours_per_week: 6}\n",
                      encoding="utf-8")
    staffing = staffing_of(branch, std)
    v1, v2 = _emp(staffing, "V1"), _emp(staffing, "V2")
    assert staffing.shifts_for(v1, maximal=True) == staffing.shifts_for(v2, maximal=True) == []
    # a full-timer's contract cannot bind: the longest shift is all it needs
    assert sorted((s.day, s.paid) for s in staffing.shifts_for(v1)) == [
        ("mon", 240), ("tue", 240)
    ]
    # 6 hours a week: a 2-hour shift may be what fills the contract
    idle = staffing.shifts_for(v2)
    assert sorted((s.day, s.paid) for s in idle) == [
        ("mon", 120), ("mon", 240), ("tue", 120), ("tue", 240)
    ]
    assert not any(staffing.shift_is_useful(s) for s in idle)
