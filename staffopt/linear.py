"""Linear constraints written straight into a CP-SAT model's proto.

The model's largest constraints (a coverage row sums every shift literal that counts
towards it) cost most of a build through cp_model's expression classes, which convert
and sort each term several times over. Written here from variable indices instead, the
proto is the one cp_model writes for the same constraint: terms in variable-index order,
no zero coefficient, an unbounded side as the int64 extreme (tests/test_linear.py holds
it to that).
"""

from __future__ import annotations

from itertools import pairwise

from ortools.sat.python import cp_model

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def add_linear(
    m: cp_model.CpModel, index: list[int], coeffs: list[int], lb: int, ub: int
) -> None:
    """Add ``lb <= sum(coeffs[i] * variable index[i]) <= ub`` to ``m``, with ``lb <= ub``;
    the variables are distinct, in any order, and some coefficient is not zero."""
    if any(a > b for a, b in pairwise(index)):
        order = sorted(range(len(index)), key=index.__getitem__)
        index, coeffs = [index[i] for i in order], [coeffs[i] for i in order]
    if 0 in coeffs:
        kept = [i for i, c in enumerate(coeffs) if c]
        index, coeffs = [index[i] for i in kept], [coeffs[i] for i in kept]
    linear = m.proto.constraints.add().linear
    linear.vars.extend(index)
    linear.coeffs.extend(coeffs)
    linear.domain.extend((lb, ub))
