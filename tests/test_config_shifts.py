"""Where a shift and its break may lie (staffopt.config.shifts, design §4)."""

from __future__ import annotations

from staffopt.config.models import BreakRule
from staffopt.config.shifts import can_place, placements, shift_span


def _at(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _times(found: list[tuple[int, int | None]]) -> list[tuple[str, str | None]]:
    def clock(m: int | None) -> str | None:
        return None if m is None else f"{m // 60:02d}:{m % 60:02d}"

    return [(clock(start), clock(at)) for start, at in found]


LUNCH = BreakRule(min_shift_hours=6, minutes=60, window="11:00-14:00", paid=False)
PAUSE = BreakRule(min_shift_hours=4, minutes=30, window="09:30-16:30", paid=True)
DAY = (_at("08:30"), _at("17:30"))


def test_span_grows_by_an_unpaid_break_only() -> None:
    assert shift_span(480, LUNCH) == 540
    assert shift_span(240, PAUSE) == 240
    assert shift_span(240, None) == 240


def test_an_eight_hour_day_with_unpaid_lunch_fills_08_30_to_17_30() -> None:
    # one start only; lunch anywhere in 11:00-14:00 on the half hour
    assert _times(list(placements(DAY, 30, 480, LUNCH))) == [
        ("08:30", t) for t in ("11:00", "11:30", "12:00", "12:30", "13:00")
    ]


def test_a_paid_break_lies_inside_the_paid_hours() -> None:
    found = _times(list(placements((_at("09:00"), _at("13:00")), 30, 240, PAUSE)))
    assert found == [("09:00", t) for t in ("09:30", "10:00", "10:30", "11:00", "11:30", "12:00")]


def test_a_break_leaves_the_first_and_last_slots_worked() -> None:
    early = BreakRule(min_shift_hours=4, minutes=30, window="08:30-09:30", paid=True)
    # 08:30 is the first slot of a shift that starts then, so the pause waits until 09:00
    assert _times(list(placements((_at("08:30"), _at("12:30")), 30, 240, early))) == [
        ("08:30", "09:00")]
    late = BreakRule(min_shift_hours=4, minutes=30, window="12:00-12:30", paid=True)
    assert not can_place((_at("08:30"), _at("12:30")), 30, 240, late)
    hour = BreakRule(min_shift_hours=4, minutes=60, window="08:30-09:30", paid=True)
    assert not can_place((_at("08:30"), _at("12:30")), 30, 240, hour)


def test_shifts_without_a_rule_start_on_every_slot() -> None:
    found = list(placements((_at("09:00"), _at("12:00")), 60, 120, None))
    assert _times(found) == [("09:00", None), ("10:00", None)]


def test_a_day_too_short_for_the_span_holds_nothing() -> None:
    assert not can_place((_at("09:00"), _at("17:00")), 30, 480, LUNCH)
    assert can_place((_at("09:00"), _at("17:00")), 30, 360, LUNCH)
    assert can_place((_at("09:00"), _at("17:00")), 30, 480, None)


def test_an_opening_off_the_grid_starts_at_the_next_slot() -> None:
    found = list(placements((_at("09:10"), _at("11:00")), 30, 60, None))
    assert _times(found) == [("09:30", None), ("10:00", None)]
