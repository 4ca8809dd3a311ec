"""The ``--pool`` stage of a batch: the regional pool over the finished branches (§6.1)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from staffopt import __version__
from staffopt.batch.region import _region_file
from staffopt.batch.summary import RegionSummary
from staffopt.config import Region, load_document
from staffopt.config.models import Branch, Pool, Standards
from staffopt.files import write_together
from staffopt.pool.result import PoolResult, pool_roster_csv
from staffopt.pool.roles import check_pool
from staffopt.pool.stage import GROUP_BUDGET, PoolOutcome, pool_note, run_pool
from staffopt.problems import ConfigError
from staffopt.result import BranchResult

POOL_FILES = ("pool.json", "pool-roster.csv")


def region_pool(region: Path, std: Standards) -> Pool:
    """The region's pool settings (defaults when region.yaml names none), roles checked."""
    doc = load_document(_region_file(region), expect="Region")
    assert isinstance(doc.model, Region)
    problems = check_pool(doc.model, doc.map, std)
    if problems:
        raise ConfigError(problems)
    return doc.model.pool or Pool()


def _branches(files: list[Path], results: dict[str, BranchResult]) -> dict[str, Branch]:
    out: dict[str, Branch] = {}
    for path in files:
        try:
            model = load_document(path, expect="Branch").model
        except ConfigError:
            continue  # its branch failed already; it neither gives nor receives
        if isinstance(model, Branch) and model.id in results:
            out[model.id] = model
    return out


def pool_sha256(region: str, pool: Pool, results: dict[str, BranchResult]) -> str:
    """The digest of all the pool reads: its settings and every branch result, whose own
    ``input_sha256`` names the branch file and standards it was solved from."""
    doc = {
        "version": __version__, "budget": GROUP_BUDGET, "region": region,
        "pool": pool.model_dump(mode="json"),
        "results": {bid: [r.input_sha256, hashlib.sha256(r.to_json().encode()).hexdigest()]
                    for bid, r in sorted(results.items())},
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def _kept(out: Path, sha: str) -> PoolResult | None:
    """The pool on disk, if it was solved from these very inputs and both files agree."""
    try:
        result = PoolResult.model_validate_json((out / "pool.json").read_text(encoding="utf-8"))
        roster = (out / "pool-roster.csv").read_text(encoding="utf-8")
    except (OSError, ValueError, ValidationError):
        return None
    if result.input_sha256 != sha or roster != pool_roster_csv(result):
        return None
    return result


def _solved(summary: RegionSummary, pool: Pool, branches: dict[str, Branch],
            ok: dict[str, BranchResult], std: Standards, out: Path, sha: str) -> PoolOutcome:
    outcome = run_pool(summary.region, pool, branches, ok, std)
    outcome.result = outcome.result.model_copy(update={"input_sha256": sha})
    write_together([(out / "pool.json", outcome.result.to_json()),
                    (out / "pool-roster.csv", pool_roster_csv(outcome.result))])
    return outcome


def pool_stage(pool: Pool, summary: RegionSummary, results: dict[str, BranchResult],
               files: list[Path], std: Standards, out: Path, resume: bool = False
               ) -> PoolOutcome:
    """Solve the pool, write pool.json and pool-roster.csv together, and fill the summary.
    With ``resume`` a pool on disk solved from the same inputs is kept, not solved again."""
    ok = {r.branch: r for r in results.values() if r.status != "error"}
    branches = _branches(files, ok)
    sha = pool_sha256(summary.region, pool, ok)
    kept = _kept(out, sha) if resume else None
    if kept is not None:
        outcome = PoolOutcome(kept, pool_note(pool, branches, ok, std, kept), reused=True)
    else:
        outcome = _solved(summary, pool, branches, ok, std, out, sha)
    after = {b.id: b.uncovered_hours_after for b in outcome.result.branches}
    summary.rows = [
        replace(r, uncovered_hours_after_pool=after.get(r.id, r.uncovered_hours))
        if r.status != "error" else r for r in summary.rows
    ]
    summary.pool = outcome
    return outcome
