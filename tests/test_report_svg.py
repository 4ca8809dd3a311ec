"""staffopt.report.svg: the three inline charts, read back as XML and checked cell by cell."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from helpers import fixed_result
from hypothesis import given, strategies as st

from staffopt.report.svg import freed_uncovered_chart, heat_map, timeline
from staffopt.result import BranchResult, RequirementRow, RosterRow

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed, or this raises
    assert root.tag == f"{NS}svg"
    assert "<script" not in svg
    return root


def _rects(root: ET.Element, cls: str | None = None) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if cls is None or r.get("class") == cls]


def _need(post: str, day: str, start: str, required: int) -> RequirementRow:
    return RequirementRow(post=post, day=day, start=start, required=required)


def _shift(employee: str, post: str, day: str, start: str, end: str, hours: int,
           brk: tuple[str, str] | None = None) -> RosterRow:
    return RosterRow(employee=employee, post=post, day=day, start=start, end=end,
                     break_start=brk[0] if brk else None, break_end=brk[1] if brk else None,
                     hours=hours)


def _result(requirements: list[RequirementRow], roster: list[RosterRow]) -> BranchResult:
    """The hand-built result with only these rows (the charts read nothing else of it)."""
    return fixed_result().model_copy(update={"requirements": requirements, "roster": roster})


# ---------------------------------------------------------------- freed against uncovered


def test_freed_uncovered_bars_share_one_scale() -> None:
    root = _parse(freed_uncovered_chart([("A", 40.0, 0.0), ("B", 10.0, 20.0)]))
    freed, short = _rects(root, "freed"), _rects(root, "short")
    # the largest figure (40 h) spans the half width of 300; 10 h is a quarter of it
    assert [float(r.get("width", "")) for r in freed] == [300.0, 75.0]
    assert [float(r.get("width", "")) for r in short] == [150.0]
    assert float(short[0].get("x", "")) == 90 + 300 - 150  # to the left of the middle
    assert [t.text for t in root.iter(f"{NS}title")] == [
        "A: 40 freed h", "B: 20 uncovered h", "B: 10 freed h",
    ]


def test_freed_uncovered_escapes_branch_ids() -> None:
    svg = freed_uncovered_chart([("<A&B>", 1.0, 1.0)])
    assert "<A&B>" not in svg
    assert [t.text for t in _parse(svg).iter(f"{NS}text")][-1] == "<A&B>"


def test_freed_uncovered_of_no_branch_is_an_empty_chart() -> None:
    root = _parse(freed_uncovered_chart([]))
    assert _rects(root) == [] and root.get("height") == "22"


# ids without control characters, which XML 1.0 cannot hold even escaped
_IDS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)


@given(st.lists(st.tuples(_IDS, st.floats(0, 1e6), st.floats(0, 1e6)), max_size=6))
def test_property_no_bar_passes_its_half(rows: list[tuple[str, float, float]]) -> None:
    root = _parse(freed_uncovered_chart(rows))
    assert len(_rects(root)) == sum((f > 0) + (u > 0) for _, f, u in rows)
    assert all(0 <= float(r.get("width", "")) <= 300.05 for r in _rects(root))
    assert int(root.get("height", "")) == 22 + 14 * len(rows)


# ---------------------------------------------------------------- coverage heat map


def test_heat_map_cells_by_hand() -> None:
    result = _result(
        [_need("teller.cash", "mon", "09:00", 2), _need("teller.cash", "mon", "10:00", 1),
         _need("teller.cash", "tue", "09:00", 0)],
        [_shift("E1", "teller.cash", "mon", "09:00", "11:00", 2),
         _shift("E2", "teller.cash", "tue", "09:00", "10:00", 1)],
    )
    root = _parse(heat_map(result, "teller.cash"))
    cells = [(r.get("class"), r.get("x"), r.get("y")) for r in _rects(root)]
    # mon 09:00: 1 of 2 (short); mon 10:00: 1 of 1 (ok); tue 09:00: 1 of none (over);
    # tue 10:00 is neither needed nor staffed, so it has no cell
    assert cells == [("short", "40", "14"), ("over", "84", "14"), ("ok", "40", "28")]
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert labels[:2] == ["mon", "tue"] and "1/2" in labels and "1/0" in labels


def test_heat_map_of_another_post_has_no_cells() -> None:
    result = fixed_result()
    assert _rects(_parse(heat_map(result, "no_such_post"))) == []


# ---------------------------------------------------------------- roster timeline


def test_timeline_cuts_out_the_break() -> None:
    result = _result(
        [_need("teller.cash", "mon", "09:00", 1)],
        [_shift("E1", "teller.cash", "mon", "09:00", "17:00", 7, ("13:00", "14:00")),
         _shift("E2", "lobby_manager", "mon", "10:00", "12:00", 2)],
    )
    root = _parse(timeline(result))
    bars = _rects(root)
    assert [r.get("class") for r in bars] == ["p-teller", "p-teller", "p-lobby-manager"]
    per = (110 - 6) / (17 * 60 - 9 * 60)  # the day's width over 09:00-17:00
    widths = [float(r.get("width", "")) for r in bars]
    assert widths == [round(240 * per, 1), round(180 * per, 1), round(120 * per, 1)]
    assert [r.get("y") for r in bars] == ["14", "14", "28"]  # one row per person, sorted
    assert bars[0].findtext(f"{NS}title") == "E1 mon 09:00–17:00 cash"


def test_timeline_of_an_empty_roster_is_nothing() -> None:
    assert timeline(_result([_need("guard", "mon", "09:00", 1)], [])) == ""
