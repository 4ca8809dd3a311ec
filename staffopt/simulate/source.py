"""Where ``simulate`` gets its roster: a ``solve --format json`` file of this branch.

A result file must be a BranchResult of the same branch, solved from the same input files
(``input_sha256``); anything else is refused with the file, the place and the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from staffopt.config import BranchInput
from staffopt.result import BranchResult
from staffopt.simulate.model import queue_posts


class SimulateError(Exception):
    """Input that cannot be simulated; the message names the file, the place and the fix."""


def _where(text: str, key: str) -> str:
    """line:column of the first ``"key"`` in a JSON text (1:1 where it is absent)."""
    at = text.find(f'"{key}"')
    if at < 0:
        return "1:1"
    line = text.count("\n", 0, at) + 1
    return f"{line}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def load_result(path: Path, inp: BranchInput) -> BranchResult:
    """The BranchResult in ``path``, checked to belong to the loaded branch."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SimulateError(f"{path}:0:0: cannot read the result file ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SimulateError(
            f"{path}:{error.lineno}:{error.colno}: not JSON ({error.msg}); pass the output "
            "of `staffopt solve BRANCH --format json`"
        ) from None
    if not isinstance(data, dict) or data.get("kind") != "BranchResult":
        raise SimulateError(
            f"{path}:{_where(text, 'kind')}: not a BranchResult; pass the output of "
            "`staffopt solve BRANCH --format json`"
        )
    try:
        result = BranchResult.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise SimulateError(
            f"{path}:{_where(text, str(first['loc'][0]))}: not a valid BranchResult "
            f"({place}: {first['msg']}); solve the branch again"
        ) from None
    return _belongs(path, text, result, inp)


def _belongs(path: Path, text: str, result: BranchResult, inp: BranchInput) -> BranchResult:
    if result.branch != inp.branch.id:
        raise SimulateError(
            f"{path}:{_where(text, 'branch')}: this is the result of branch {result.branch}, "
            f"not {inp.branch.id}; pass {inp.branch.id}'s result, or leave out --result to "
            "solve it first"
        )
    if result.input_sha256 != inp.input_sha256:
        raise SimulateError(
            f"{path}:{_where(text, 'input_sha256')}: solved from other input files (its "
            f"input_sha256 is not that of {inp.branch.id} and its standards today); solve "
            "again, or leave out --result"
        )
    if result.status == "error":
        raise SimulateError(
            f"{path}:{_where(text, 'status')}: the solve failed ({result.error}); fix the "
            "branch and solve again"
        )
    return result


def check_simulable(path: Path, inp: BranchInput) -> None:
    """Refuse a branch without a queue zone to simulate."""
    if not queue_posts(inp.standards, inp.branch):
        raise SimulateError(
            f"{path}:1:1: {inp.branch.id} has no queue zone to simulate: no role of "
            f"standards {inp.standards.name!r} with 'sizing: queue' and a service_level "
            "serves a zone where the branch has counters; add counters, or a queue role"
        )
