"""The roster grid's short post names and its legend."""

from __future__ import annotations

from helpers import fixed_result

from staffopt.render.roster import own_post, roster_legend, short_names


def test_short_names_stay_unambiguous() -> None:
    names = short_names(["teller.cash", "security_guard", "x.cash"])
    assert names["security_guard"] == "security"
    assert names["teller.cash"] == "teller.cash" and names["x.cash"] == "x.cash"  # clash


def test_own_post_is_the_team_post_of_a_portfolio_role() -> None:
    posts = {a.employee: own_post(a) for a in fixed_result().assignments}
    assert posts["E021"] == "account_manager.corporate_credit"
    assert posts["E010"] == "teller"
    assert posts["E014"] is None  # freed


def test_legend_spells_out_every_short_name() -> None:
    legend = roster_legend(fixed_result())
    assert legend.startswith("Hours as 9–17 for 09:00–17:00; ")
    assert "corp = account_manager.corporate_credit" in legend
    assert "ops = operations_supervisor" in legend
    assert "teller =" not in legend  # a name kept whole needs no legend
