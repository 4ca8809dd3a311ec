"""The simulate view: heat-map cells, over- and under-promises, the worst slots."""

from __future__ import annotations

from rich.console import Console

from staffopt.render.simulation import over_promised, print_simulation, under_promised
from staffopt.simulate.result import SimSlot, SimulationResult, SimZone, Totals


def _slot(start: str, erlang: float, sim: float, low: float, high: float) -> SimSlot:
    return SimSlot(day="mon", start=start, arrivals=10.0, servers=2, erlang_sl=erlang,
                   sim_sl=sim, sim_sl_low=low, sim_sl_high=high, mean_wait=2.0)


SLOTS = [_slot("09:00", 0.95, 0.70, 0.65, 0.75), _slot("09:30", 0.50, 0.90, 0.85, 0.95),
         _slot("10:00", 0.85, 0.86, 0.80, 0.90)]


def test_promises() -> None:
    assert [over_promised(s) for s in SLOTS] == [True, False, False]
    assert [under_promised(s) for s in SLOTS] == [False, True, False]


def test_the_view() -> None:
    result = SimulationResult(branch="B", replications=10, seed=3, zones=[
        SimZone(post="teller.cash", met_share=0.6667, served_within_target=0.82, slots=SLOTS)])
    console = Console(width=120, record=True)
    total = Totals(slots=3, met=2, customers=30.0, served_within_target=0.82)
    print_simulation(result, {"teller.cash": 0.8}, total, console)
    text = console.export_text()
    assert "teller.cash, target 80 %" in text
    assert "70*" in text and "90 " in text  # the over-promised slot carries the mark
    assert "B: 2 of 3 slots (66.7 %) meet the target; 82.0 % of customers" in text
    assert "over-promises in 1 slots and under-promises in 1" in text
    worst = text.split("Worst slots")[1]
    assert worst.index("09:00") < worst.index("10:00") < worst.index("09:30")
