"""The pieces the rich views share: the heat scale, merged runs, spans and plurals."""

from __future__ import annotations

from staffopt.render.tables import HEAT, heat_style, plural, runs, span


def test_heat_scale_runs_light_to_dark() -> None:
    styles = [heat_style(v, 1, 5) for v in range(1, 6)]
    assert styles[0] == HEAT[0] and styles[-1] == HEAT[-1]
    assert len(set(styles)) == len(styles)
    assert heat_style(3, 3, 3) == HEAT[0]  # a flat post has no peak


def test_runs_merge_consecutive_starts() -> None:
    assert runs([540, 570, 600, 660, 720], 30) == [(540, 600), (660, 660), (720, 720)]
    assert runs([], 15) == []


def test_span_and_plural() -> None:
    assert span(540, 750) == "09:00–12:30"
    assert (plural(1, "counter"), plural(3, "counter")) == ("1 counter", "3 counters")
