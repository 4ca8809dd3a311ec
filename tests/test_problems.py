"""staffopt.problems: the problem type, the error carrying problems, and typo suggestions."""

from __future__ import annotations

from staffopt.problems import ConfigError, Problem, closest, did_you_mean, has_errors


def _problem(level: str = "error", line: int = 3) -> Problem:
    return Problem("b.yaml", line, 5, level, "unknown-post", "unknown post 'lobi'")  # type: ignore[arg-type]


def test_problem_text_names_file_line_and_column() -> None:
    assert str(_problem()) == "b.yaml:3:5: [error] unknown post 'lobi' (unknown-post)"
    assert _problem().to_dict()["line"] == 3


def test_config_error_sorts_problems_and_keeps_errors() -> None:
    error = ConfigError([_problem("warning", 9), _problem("error", 3)])
    assert [p.line for p in error.problems] == [3, 9]
    assert error.errors == [_problem("error", 3)]
    assert str(error).splitlines()[0].startswith("b.yaml:3:5:")


def test_has_errors_ignores_warnings() -> None:
    assert not has_errors([_problem("warning")])
    assert has_errors([_problem("warning"), _problem("error")])


def test_closest_suggests_likely_typos_only() -> None:
    assert closest("noncash", ["non_cash", "teller"]) == "non_cash"
    assert closest("Teller", ["teller"]) == "teller"
    assert closest("teller", ["teller"]) is None
    assert closest("xyz", ["teller"]) is None
    assert did_you_mean("tellr", ["teller"]) == "; did you mean 'teller'?"
    assert did_you_mean("xyz", ["lobby"]) == ""
