"""What a report is made of: the branch results of a batch folder (or one result JSON),
the batch summary's region name, and the regional pool (design §6.1) when present."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from staffopt.pool.result import PoolResult
from staffopt.result import BranchResult


class ReportError(Exception):
    """A folder or file that cannot be reported on; the message says which and why."""


@dataclass
class ReportInput:
    """Everything a report shows."""

    region: str
    results: list[BranchResult]
    pool: PoolResult | None = None


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
            "remove the file or write it again"
        ) from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not UTF-8 text; remove the file") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}:1:1: expected a JSON object")
    return data


def _validated(path: Path, model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise ReportError(
            f"{path}: not a valid {model.__name__} at {where}: {first['msg']}; "
            "solve the branch again to rewrite it"
        ) from None


def load_report(source: Path) -> ReportInput:
    """Load a batch output folder, or one result JSON; raises ReportError when it holds
    no branch result or a file in it is broken."""
    if source.is_file():
        result = _validated(source, BranchResult, _read(source))
        assert isinstance(result, BranchResult)
        return ReportInput(region=result.branch, results=[result])
    if not source.is_dir():
        raise ReportError(f"{source}: no such folder or file; give a batch output folder")
    results: list[BranchResult] = []
    pool: PoolResult | None = None
    region = source.resolve().name
    for path in sorted(source.glob("*.json")):
        data = _read(path)
        kind = data.get("kind")
        if kind == "BranchResult":
            results.append(_validated(path, BranchResult, data))  # type: ignore[arg-type]
        elif kind == "PoolResult":
            pool = _validated(path, PoolResult, data)  # type: ignore[assignment]
        elif kind == "RegionSummary" and isinstance(data.get("region"), str):
            region = data["region"]
    if not results:
        raise ReportError(
            f"{source}: holds no branch result (<branch id>.json); "
            "run `staffopt batch REGION --out DIR` first"
        )
    results.sort(key=lambda r: r.branch)
    return ReportInput(region=region, results=results, pool=pool)
