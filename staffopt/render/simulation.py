"""The ``staffopt simulate`` view: a heat-map per queue post (slots down, days across) of
the simulated service level against the target, the branch's totals, the worst slots and
the slots where Erlang C promises more than the simulated day delivers."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from staffopt.counting import day_order, week_order
from staffopt.render.tables import day_columns, grid_table, number_table
from staffopt.simulate.result import SimSlot, SimulationResult, SimZone, Totals

NEAR = 0.05  # a slot this close below the target is shaded amber, not red
WORST = 10  # rows of the worst-slots and over-promise tables
OVER = "*"  # Erlang C's figure lies above the simulated interval


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}"


def _style(value: float | None, target: float) -> str:
    if value is None or value >= target - 1e-9:
        return "black on #a1d99b"
    return "black on #fee391" if value >= target - NEAR else "bold white on #d7301f"


def over_promised(slot: SimSlot) -> bool:
    """Whether Erlang C's service level lies above the simulated 95 % interval."""
    return slot.sim_sl_high is not None and slot.erlang_sl > slot.sim_sl_high + 1e-9


def under_promised(slot: SimSlot) -> bool:
    """Whether Erlang C's service level lies below the simulated 95 % interval."""
    return slot.sim_sl_low is not None and slot.erlang_sl < slot.sim_sl_low - 1e-9


def zone_grid(zone: SimZone, target: float) -> Table:
    """Slots down, days across: the simulated service level in percent, shaded by target."""
    cells = {(s.day, s.start): s for s in zone.slots}
    days = week_order({s.day for s in zone.slots})
    table = grid_table(f"{zone.post}, target {100 * target:g} %")
    table.add_column("start")
    day_columns(table, days, width=4)
    for start in sorted({s.start for s in zone.slots}):
        row: list[Text | str] = []
        for day in days:
            slot = cells.get((day, start))
            if slot is None:
                row.append("")
                continue
            mark = OVER if over_promised(slot) else " "
            row.append(Text(f"{_pct(slot.sim_sl)}{mark}", style=_style(slot.sim_sl, target)))
        table.add_row(start, *row)
    table.caption = (
        f"slots met {100 * zone.met_share:.1f} %, "
        f"customers in time {100 * zone.served_within_target:.1f} %"
    )
    table.caption_justify = "left"
    table.min_width = len(table.caption)  # keep the caption on one line
    return table


def _slot_table(title: str, rows: list[tuple[str, SimSlot]]) -> Table:
    """Slots with their expected arrivals, servers, both service levels and the mean wait
    in minutes."""
    table = number_table(
        title, "post", ["day", "start", "arr", "srv", "Erlang %", "sim %", "95 %", "wait"],
    )
    for post, s in rows:
        table.add_row(
            post, s.day, s.start, f"{s.arrivals:.1f}", str(s.servers), _pct(s.erlang_sl),
            _pct(s.sim_sl), f"{_pct(s.sim_sl_low)}–{_pct(s.sim_sl_high)}",
            "–" if s.mean_wait is None else f"{s.mean_wait:.1f}",
        )
    return table


def _order(post: str, s: SimSlot) -> tuple[float, str, int, str]:
    return (s.sim_sl if s.sim_sl is not None else 1.0), post, day_order(s.day), s.start


def print_simulation(
    result: SimulationResult, targets: dict[str, float], total: Totals, console: Console
) -> None:
    """Print the heat-maps, the totals, the worst slots and Erlang C's over-promises."""
    console.print(
        "Per slot: the simulated % of customers who start service within the wait "
        f"(red below the target, amber within {100 * NEAR:g} points; {OVER} where Erlang C "
        "promises more than the simulated 95 % interval).",
        highlight=False,
    )
    for zone in result.zones:
        console.print(zone_grid(zone, targets[zone.post]))
        console.print()
    all_slots = [(z.post, s) for z in result.zones for s in z.slots]
    over = [(p, s) for p, s in all_slots if over_promised(s)]
    under = [(p, s) for p, s in all_slots if under_promised(s)]
    console.print(
        f"{result.branch}: {total.met} of {total.slots} slots "
        f"({100 * total.met_share:.1f} %) meet the target; "
        f"{100 * total.served_within_target:.1f} % of customers served within the wait "
        f"({result.replications} replications, seed {result.seed}).",
        highlight=False,
    )
    console.print(
        f"Erlang C over-promises in {len(over)} slots and under-promises in {len(under)}.",
        highlight=False,
    )
    worst = sorted(all_slots, key=lambda ps: _order(*ps))[:WORST]
    console.print(_slot_table("Worst slots", worst))
    if over:
        gap = sorted(over, key=lambda ps: (ps[1].sim_sl_high or 0) - ps[1].erlang_sl)[:WORST]
        console.print(_slot_table("Where Erlang C promises most above the simulated day", gap))
