"""The counted pool model: one integer a shift, members sent by class, Hall bounds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ortools.sat.python import cp_model

from staffopt.config import load_document
from staffopt.config.models import Standards
from staffopt.counting import SlotKey
from staffopt.pool.members import Member
from staffopt.pool.model import build_pool

STD = Path(__file__).resolve().parent.parent / "configs" / "standards.yaml"


def test_one_member_covers_what_one_shift_can() -> None:
    std = load_document(STD, expect="Standards").model
    assert isinstance(std, Standards)
    member = Member("A/E1", None, "A", ("teller.cash",), frozenset(), 2400)
    need = Counter({SlotKey("teller.cash", "mon", 600): 2, SlotKey("teller.cash", "mon", 630): 1})
    pm = build_pool([member], {"A": {"mon": (540, 1020)}}, {"A": need}, ["A"], std)
    pm.model.minimize(pm.levels[0])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(pm.model) == cp_model.OPTIMAL
    assert solver.objective_value == 1  # one member: one of the two people short at 10:00
    assert sum(solver.value(z) for z in pm.sent.values()) == 1
