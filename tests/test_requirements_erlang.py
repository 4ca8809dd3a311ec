"""Erlang C, the service level and the server search (staffopt.requirements.erlang)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from helpers import PROPERTY
from hypothesis import given, strategies as st
from spec import erlang_c_log

from staffopt.requirements.erlang import (
    RECURSION_BELOW,
    RESOLVED_BELOW,
    enough_servers,
    erlang_c,
    servers_for_service_level,
    service_level,
)


def _erlang_c_exact(n: int, load: Fraction) -> Fraction:
    """Erlang C from its closed form, in exact rational arithmetic.

    C = (Aⁿ/n! · n/(n−A)) / (Σ_{k<n} Aᵏ/k! + Aⁿ/n! · n/(n−A)).
    """
    top = load**n / math.factorial(n) * n / (n - load)
    return top / (sum(load**k / math.factorial(k) for k in range(n)) + top)


def _halfin_whitt_beta(delay: float) -> float:
    """β with [1 + β·Φ(β)/φ(β)]⁻¹ = delay: the many-server limit of C at n = A + β·√A."""

    def c(beta: float) -> float:
        phi = math.exp(-beta * beta / 2) / math.sqrt(2 * math.pi)
        big_phi = (1 + math.erf(beta / math.sqrt(2))) / 2
        return 1 / (1 + beta * big_phi / phi)

    low, high = 0.0, 10.0
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if c(mid) > delay else (low, mid)
    return (low + high) / 2


# ---------------------------------------------------------------- hand and textbook values


def test_erlang_c_textbook_values() -> None:
    # 40 arrivals an hour at 4 minutes each: A = 40 × 4 / 60 = 2.667 Erlangs.
    # Published: 3 servers answer 47.4% within 5 minutes, 4 servers 92.9%.
    load = 40 * 4 / 60
    assert round(service_level(3, load, 4.0, 5.0), 3) == 0.474
    assert round(service_level(4, load, 4.0, 5.0), 3) == 0.929
    # so an 80% target needs 4 servers, and 3 are not enough
    assert servers_for_service_level(load, 4.0, 5.0, 0.80) == 4
    assert servers_for_service_level(load, 4.0, 5.0, 0.47) == 3


def test_erlang_c_probability_of_waiting_by_hand() -> None:
    # A = 8/3. Σ_{k<3} Aᵏ/k! = 1 + 2.667 + 3.556 = 7.222; A³/3! · 3/(3 − A) = 3.160 · 9 = 28.44;
    # C(3) = 28.44 / (7.222 + 28.44) = 0.7975. With 4 servers: 0.3784.
    load = Fraction(8, 3)
    assert round(erlang_c(3, float(load)), 4) == 0.7975
    assert round(erlang_c(4, float(load)), 4) == 0.3784
    for n in (3, 4, 5, 8):
        assert erlang_c(n, float(load)) == pytest.approx(float(_erlang_c_exact(n, load)), rel=1e-12)


@pytest.mark.parametrize("n", [46, 48, 50, 55, 60, 70])
def test_erlang_c_many_servers_matches_exact_formula(n: int) -> None:
    load = Fraction(45)
    assert erlang_c(n, 45.0) == pytest.approx(float(_erlang_c_exact(n, load)), rel=1e-11)


def test_servers_for_service_level_at_45_erlangs() -> None:
    # AHT 3 minutes, 80% within 20 seconds: check the answer against the exact formula.
    load, aht, wait, target = Fraction(45), 3.0, 1 / 3, 0.8

    def exact_sl(n: int) -> float:
        return 1 - float(_erlang_c_exact(n, load)) * math.exp(-(n - 45) * wait / aht)

    n = servers_for_service_level(45.0, aht, wait, target)
    assert n > 45
    assert exact_sl(n) >= target > exact_sl(n - 1)


@pytest.mark.parametrize(("n", "load"), [(300, 280.0), (300, 299.5), (300, 150.0), (1000, 960.0)])
def test_erlang_c_no_overflow_at_hundreds_of_servers(n: int, load: float) -> None:
    # load**n / n! overflows a float long before 300 servers; the recursion must not.
    with pytest.raises(OverflowError):
        math.pow(load, n)
    c = erlang_c(n, load)
    assert 0.0 < c < 1.0
    assert c == pytest.approx(erlang_c_log(n, load), rel=1e-9)
    sl = service_level(n, load, 4.0, 0.5)
    assert 0.0 <= sl <= 1.0


def test_servers_for_service_level_near_300() -> None:
    n = servers_for_service_level(280.0, 4.0, 0.5, 0.9)
    assert 280 < n < 330
    assert service_level(n, 280.0, 4.0, 0.5) >= 0.9 > service_level(n - 1, 280.0, 4.0, 0.5)


def test_service_level_is_zero_without_spare_servers() -> None:
    assert service_level(2, 2.0, 4.0, 5.0) == 0.0
    assert service_level(2, 2.5, 4.0, 5.0) == 0.0
    assert erlang_c(2, 2.5) == 1.0


def test_no_load_waits_for_no_one() -> None:
    assert erlang_c(0, 0.0) == 0.0
    assert service_level(0, 0.0, 4.0, 5.0) == 1.0


# ---------------------------------------------------------------- large loads: the integral


@pytest.mark.parametrize(
    ("load", "n"), [(1000.0, 1001), (1000.0, 1020), (1000.0, 1060), (1500.0, 1530), (1200.5, 1290)]
)
def test_erlang_c_from_the_integral_matches_exact_formula(load: float, n: int) -> None:
    assert load >= RECURSION_BELOW  # these loads take the integral
    exact = float(_erlang_c_exact(n, Fraction(load)))
    assert erlang_c(n, load) == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize("extra", [1, 10, 32, 64, 120])
def test_the_two_ways_agree_where_they_meet(extra: int) -> None:
    # Just below RECURSION_BELOW the recursion answers, at it the integral; a load 1e-9
    # apart cannot move C by more than a hair.
    below = math.nextafter(RECURSION_BELOW, 0.0)
    n = int(RECURSION_BELOW) + extra
    assert erlang_c(n, below) == pytest.approx(erlang_c(n, RECURSION_BELOW), rel=1e-11)


@pytest.mark.parametrize("load", [2e4, 1e6])
def test_search_at_large_loads_is_the_least_sufficient_n(load: float) -> None:
    n = servers_for_service_level(load, 3.0, 0.2, 0.9)
    assert load < n < load + 5 * math.sqrt(load)
    assert service_level(n, load, 3.0, 0.2) >= 0.9 > service_level(n - 1, load, 3.0, 0.2)


@pytest.mark.parametrize("load", [1e9, 1e12, 2.0**48])
def test_search_follows_square_root_staffing(load: float) -> None:
    # With no wait allowed, SL = 1 − C, and many-server theory (Halfin–Whitt) puts the
    # 80% answer at A + β·√A with C(β) = 0.2: an independent check, good to a few servers.
    n = servers_for_service_level(load, 3.0, 0.0, 0.8)
    assert abs(n - (load + _halfin_whitt_beta(0.2) * math.sqrt(load))) <= 3
    assert service_level(n, load, 3.0, 0.0) >= 0.8 > service_level(n - 1, load, 3.0, 0.0)


def test_search_beyond_float_resolution_reports_enough_servers() -> None:
    load = RESOLVED_BELOW * 8
    bound = enough_servers(load)
    assert servers_for_service_level(load, 3.0, 1.0, 0.8) == bound
    assert load + 40 * math.sqrt(load) < bound <= load + 40 * math.sqrt(load) + 81
    assert servers_for_service_level(load, 3.0, 1.0, 0.8, at_least=int(load) * 2) == int(load) * 2
    # and it still grows with the load, from below the limit to above it
    below = math.nextafter(RESOLVED_BELOW, 0.0)
    assert servers_for_service_level(below, 3.0, 0.0, 0.99) <= enough_servers(below)
    assert enough_servers(below) <= servers_for_service_level(RESOLVED_BELOW, 3.0, 0.0, 0.99)


@pytest.mark.parametrize("load", [1e-3, 0.5, 3.7, 99.9, 999.99, 1000.0, 1e5, 1e12])
def test_enough_servers_serve_everyone(load: float) -> None:
    n = enough_servers(load)
    assert erlang_c(n, load) < 1e-100
    assert service_level(n, load, 600.0, 0.0) == 1.0  # the longest AHT, no wait allowed
    assert enough_servers(Fraction(load)) == n  # exact figures too


def test_loads_that_are_no_number() -> None:
    assert erlang_c(5, math.inf) == 1.0  # everyone waits
    assert service_level(5, math.inf, 4.0, 5.0) == 0.0
    for bad in (erlang_c, lambda n, a: service_level(n, a, 4.0, 5.0)):
        with pytest.raises(ValueError, match="not a number"):
            bad(5, math.nan)
    for load in (math.inf, math.nan):
        with pytest.raises(ValueError, match="no number of servers"):
            servers_for_service_level(load, 4.0, 5.0, 0.8)


# ---------------------------------------------------------------- the search's lower end


@pytest.mark.parametrize("load", [0.3, 8 / 3, 45.0, 999.0, 5000.0])
def test_at_least_gives_the_least_sufficient_n_above_it(load: float) -> None:
    alone = servers_for_service_level(load, 4.0, 5.0, 0.8)
    for at_least in (0, alone - 1, alone, alone + 1, alone + 50):
        assert servers_for_service_level(load, 4.0, 5.0, 0.8, at_least=at_least) == max(
            alone, at_least
        )


def test_at_least_far_above_the_load_costs_nothing() -> None:
    # A floor of 10^12 servers at 5 Erlangs: SL there is 1, and the answer is the floor.
    assert servers_for_service_level(5.0, 4.0, 5.0, 0.8, at_least=10**12) == 10**12
    assert service_level(10**12, 5.0, 4.0, 5.0) == 1.0
    assert service_level(10**400, 5000.0, 4.0, 5.0) == 1.0  # n beyond any float


# ---------------------------------------------------------------- properties

_LOADS = st.floats(min_value=1e-300, max_value=1e300, allow_nan=False, allow_infinity=False)


@PROPERTY
@given(st.integers(0, 10**400), _LOADS, st.floats(0.0, 1e6), st.floats(1e-6, 600.0))
def test_property_figures_are_probabilities(n: int, load: float, wait: float, aht: float) -> None:
    c = erlang_c(n, load)
    sl = service_level(n, load, aht, wait)
    assert 0.0 <= c <= 1.0
    assert 0.0 <= sl <= 1.0


@PROPERTY
@given(
    st.floats(min_value=0.01, max_value=5e4),
    st.floats(0.1, 30.0),
    st.floats(0.0, 20.0),
    st.floats(0.05, 0.999),
)
def test_property_search_gives_the_least_sufficient_n(
    load: float, aht: float, wait: float, target: float
) -> None:
    n = servers_for_service_level(load, aht, wait, target)
    assert n > load
    assert service_level(n, load, aht, wait) >= target
    assert service_level(n - 1, load, aht, wait) < target
    assert n <= enough_servers(load)  # the search's bound


@PROPERTY
@given(_LOADS, st.floats(1e-6, 600.0), st.floats(0.0, 1e6), st.floats(1e-9, 0.9999999))
def test_property_search_ends_above_the_load_at_any_magnitude(
    load: float, aht: float, wait: float, target: float
) -> None:
    n = servers_for_service_level(load, aht, wait, target)
    assert load < n <= enough_servers(load)
