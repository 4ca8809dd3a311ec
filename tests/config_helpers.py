"""Shared pieces of the config tests: the small branch text and the helpers that load it."""

from __future__ import annotations

from pathlib import Path

from staffopt.config import Branch, Standards, check_branch, check_standards, load_text
from staffopt.problems import ConfigError, Problem

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"
# the shipped standards as they were before their lunch rule and 08:30-17:30 weekdays, frozen
# so that tests editing the text by line keep their lines and start from no break rule
PLAIN = DATA / "config" / "standards-no-breaks.yaml"

BRANCH = """\
kind: Branch
version: 1
id: T-001
grade: 10
counters: {cash: 1, non_cash: 1}
volume:
  daily: {cash_deposit: 50, transfer: 40}
staff:
  - id: E1
    role: branch_head
    skills: [branch_head, operations_supervisor]
  - id: E2
    role: teller
    skills: [teller]
"""


def schema_problems(text: str) -> list[Problem]:
    """The schema errors of a text, or [] when it loads."""
    try:
        load_text(text, "t.yaml")
    except ConfigError as error:
        return error.problems
    return []


def one_problem(text: str) -> Problem:
    problems = schema_problems(text)
    assert len(problems) == 1, problems
    return problems[0]


def branch_checks(text: str, std: Standards) -> list[Problem]:
    doc = load_text(text, "t.yaml")
    assert isinstance(doc.model, Branch)
    return check_branch(doc.model, doc.map, std)


def standards_checks(text: str) -> list[Problem]:
    doc = load_text(text, "s.yaml")
    assert isinstance(doc.model, Standards)
    return check_standards(doc.model, doc.map)


def sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


