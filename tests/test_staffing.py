"""What the model is built from: shift templates, each employee's shifts, components."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import staffing_of

from staffopt.config.models import Employee
from staffopt.counting import Shift
from staffopt.staffing import Staffing

MODEL = Path(__file__).resolve().parent / "data" / "model"
SOLVE = Path(__file__).resolve().parent / "data" / "solve"
STANDARDS = MODEL / "two-lengths.standards.yaml"
# Monday and Tuesday 09:00-13:00: 2-hour shifts at 9, 10 and 11, and one 4-hour shift
DAY = [(540, 660), (600, 720), (660, 780), (540, 780)]


@pytest.fixture(scope="module")
def staffing() -> Staffing:
    """The two-lengths branch: L1, P1 (4 h a week), T1, T2, U1 (away on Tuesday)."""
    return staffing_of(MODEL / "two-lengths.yaml", STANDARDS)


def _emp(staffing: Staffing, eid: str) -> Employee:
    return next(e for e in staffing.branch.staff if e.id == eid)


def test_templates_are_every_length_at_every_slot_that_fits(staffing: Staffing) -> None:
    assert staffing.templates == {"mon": DAY, "tue": DAY}
    assert staffing.maximal_templates("mon") == [(540, 780)]
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
    assert len(staffing.shifts_for(t1)) == 2 * len(DAY)
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
