"""Pool test data: the standards, hand-sized regions on disk, and generated ones."""

from __future__ import annotations

import random
from pathlib import Path

from staffopt.config import load_document
from staffopt.config.models import Branch, Standards
from staffopt.result import Assignment, BranchResult, Shortage

DATA = Path(__file__).resolve().parent / "data" / "pool"
STD = Path(__file__).resolve().parent.parent / "configs" / "standards.yaml"
DAYS = ("mon", "tue", "wed", "thu", "fri")


def shipped_standards() -> Standards:
    """configs/standards.yaml: 30-minute slots, shifts of 4, 6 and 8 hours."""
    std = load_document(STD, expect="Standards").model
    assert isinstance(std, Standards)
    return std


def branches_of(case: str) -> dict[str, Branch]:
    """The branch files of ``tests/data/pool/<case>``, by id."""
    out = {}
    for path in sorted((DATA / case / "branches").glob("*.yaml")):
        model = load_document(path, expect="Branch").model
        assert isinstance(model, Branch)
        out[model.id] = model
    return out


def short(day: str, *, post: str = "teller.cash", hours: tuple[int, int] = (9, 13),
          missing: int = 1) -> list[Shortage]:
    """``missing`` people short on ``post`` over ``hours`` of ``day``, slot by slot."""
    return [Shortage(post=post, day=day, start=f"{h:02d}:{m:02d}", missing=missing, cause="x")
            for h in range(*hours) for m in (0, 30)]


def result(bid: str, freed: list[str], kept: list[str], shortages: list[Shortage]
           ) -> BranchResult:
    """A branch result as a branch solve leaves it: who is freed, who kept, what short."""
    assignments = ([Assignment(employee=e, role=None, team=None) for e in freed]
                   + [Assignment(employee=e, role="teller", team=None) for e in kept])
    return BranchResult.model_construct(
        branch=bid, status="optimal", input_sha256=bid, slot_minutes=30,
        assignments=assignments, shortages=shortages)


def as_dicts(results: dict[str, BranchResult]) -> dict[str, dict]:
    """The results as the checker reads them, from JSON."""
    return {b: {"assignments": [a.model_dump() for a in r.assignments],
                "shortages": [s.model_dump() for s in r.shortages]} for b, r in results.items()}


def _branch(bid: str, district: str, staff: list[dict]) -> Branch:
    return Branch.model_validate({
        "kind": "Branch", "version": 1, "id": bid, "district": district, "grade": 10,
        "counters": {"cash": 2, "non_cash": 2}, "volume": {"daily": {"cash_deposit": 10}},
        "staff": staff})


def generated(seed: int, homes: int, freed: int, shorts: int
              ) -> tuple[dict[str, Branch], dict[str, BranchResult]]:
    """One district: ``homes`` branches freeing ``freed`` tellers each (some off a day,
    some on a short contract, some with both teller posts), ``shorts`` branches short
    on a few random days and hours, on a teller post or the teller row."""
    rng = random.Random(seed)
    branches, results = {}, {}
    for h in range(homes):
        bid, staff = f"H{h}", []
        for e in range(freed):
            skills = rng.choice([["teller.cash"], ["teller.non_cash"],
                                 ["teller.cash", "teller.non_cash"]])
            emp = {"id": f"E{e}", "role": "teller", "skills": skills,
                   "unavailable": rng.sample(DAYS, rng.choice([0, 0, 1]))}
            if rng.random() < 0.3:
                emp["max_hours_per_week"] = rng.choice([8, 12, 20])
            staff.append(emp)
        branches[bid] = _branch(bid, "N", staff)
        results[bid] = result(bid, [s["id"] for s in staff], [], [])
    for s in range(shorts):
        bid, gaps = f"S{s}", []
        for day in rng.sample(DAYS, rng.randint(1, 3)):
            start = rng.randint(9, 14)
            gaps += short(day, post=rng.choice(["teller.cash", "teller.non_cash", "teller"]),
                          hours=(start, start + rng.randint(1, 4)), missing=rng.randint(1, 2))
        branches[bid] = _branch(bid, "N", [{"id": "E0", "role": "teller",
                                            "skills": ["teller.cash"]}])
        results[bid] = result(bid, [], ["E0"], gaps)
    return branches, results


def known_results() -> dict[str, BranchResult]:
    """The results of the ``known`` region: A frees E1; B, C and D are each short one
    teller.cash 09:00-13:00, on Monday, Tuesday and Wednesday."""
    return {"A": result("A", ["E1"], [], []), "B": result("B", [], ["E1"], short("mon")),
            "C": result("C", [], ["E1"], short("tue")), "D": result("D", [], ["E1"], short("wed"))}
