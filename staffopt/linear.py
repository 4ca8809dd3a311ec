"""Linear constraints written straight into a CP-SAT model's proto.

The model's largest constraints (a coverage row sums every shift literal that counts
towards it) cost most of a build through cp_model's expression classes, which convert
and sort each term several times over. Written here from variable indices instead, the
proto is the one cp_model writes for the same constraint: terms in variable-index order,
no zero coefficient, an unbounded side as the int64 extreme (tests/test_linear.py holds
it to that).
"""

from __future__ import annotations

from ortools.sat.python import cp_model_helper

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def add_linear(
    proto: cp_model_helper.CpModelProto, index: list[int], coeffs: list[int], lb: int, ub: int
) -> None:
    """Add ``lb <= sum(coeffs[i] * variable index[i]) <= ub`` to a model's ``proto`` (its
    ``CpModel.proto``), with ``lb <= ub``; the variables are distinct, in any order, and
    some coefficient is not zero."""
    ordered = sorted(index)
    if ordered != index:
        by_index = dict(zip(index, coeffs, strict=True))
        index, coeffs = ordered, [by_index[i] for i in ordered]
    if 0 in coeffs:
        kept = [i for i, c in enumerate(coeffs) if c]
        index, coeffs = [index[i] for i in kept], [coeffs[i] for i in kept]
    linear = proto.constraints.add().linear
    linear.vars.extend(index)
    linear.coeffs.extend(coeffs)
    linear.domain.extend((lb, ub))
