"""Linear constraints written into the proto are the ones cp_model writes."""

from __future__ import annotations

from hypothesis import given, strategies as st
from ortools.sat.python import cp_model

from staffopt.linear import INT_MAX, INT_MIN, add_linear

VARS = 8


def _model() -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    m = cp_model.CpModel()
    return m, [m.new_int_var(0, 3, f"x{i}") for i in range(VARS)]


def _last(m: cp_model.CpModel) -> str:
    return str(m.proto.constraints[len(m.proto.constraints) - 1])


@given(
    st.lists(
        st.tuples(st.integers(0, VARS - 1), st.integers(-5, 5).filter(bool)),
        unique_by=lambda t: t[0],
        min_size=1,
        max_size=VARS,
    ),
    st.integers(0, VARS - 1),
    st.sampled_from([INT_MIN, -3, 0, 2]),
    st.sampled_from([2, 4, INT_MAX]),
)
def test_any_terms_in_any_order_as_cp_model_writes_them(
    terms: list[tuple[int, int]], zero: int, lb: int, ub: int
) -> None:
    if all(i != zero for i, _ in terms):
        terms.insert(len(terms) // 2, (zero, 0))  # a zero coefficient is dropped
    ours, _ = _model()
    add_linear(ours.proto, [i for i, _ in terms], [c for _, c in terms], lb, ub)
    theirs, x = _model()
    expr = cp_model.LinearExpr.weighted_sum([x[i] for i, _ in terms], [c for _, c in terms])
    theirs.add_linear_constraint(expr, lb, ub)
    assert _last(ours) == _last(theirs)


def test_the_model_forms_as_cp_model_writes_them() -> None:
    """A coverage row (sum + slack >= need) and a role's day (sum <= role)."""
    ours, x = _model()
    theirs, y = _model()
    add_linear(ours.proto, [3, 4, 6, 7], [1, 1, 1, 1], 2, INT_MAX)
    theirs.add(cp_model.LinearExpr.sum([y[3], y[4], y[6]]) + y[7] >= 2)
    assert _last(ours) == _last(theirs)
    add_linear(ours.proto, [0, 5, 2], [-1, 1, 1], INT_MIN, 0)
    theirs.add(cp_model.LinearExpr.sum([y[5], y[2]]) <= y[0])
    assert _last(ours) == _last(theirs)
    assert len(x) == VARS
