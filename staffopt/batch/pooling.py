"""The ``--pool`` stage of a batch: the regional pool over the finished branches (§6.1)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from staffopt.batch.region import _region_file
from staffopt.batch.summary import RegionSummary
from staffopt.config import Region, load_document
from staffopt.config.models import Branch, Pool, Standards
from staffopt.files import write_together
from staffopt.pool.result import pool_roster_csv
from staffopt.pool.roles import check_pool
from staffopt.pool.stage import PoolOutcome, run_pool
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


def pool_stage(pool: Pool, summary: RegionSummary, results: dict[str, BranchResult],
               files: list[Path], std: Standards, out: Path) -> PoolOutcome:
    """Solve the pool, write pool.json and pool-roster.csv together, and fill the summary."""
    ok = {r.branch: r for r in results.values() if r.status != "error"}
    outcome = run_pool(summary.region, pool, _branches(files, ok), ok, std)
    write_together([(out / "pool.json", outcome.result.to_json()),
                    (out / "pool-roster.csv", pool_roster_csv(outcome.result))])
    after = {b.id: b.uncovered_hours_after for b in outcome.result.branches}
    summary.rows = [
        replace(r, uncovered_hours_after_pool=after.get(r.id, r.uncovered_hours))
        if r.status != "error" else r for r in summary.rows
    ]
    summary.pool = outcome
    return outcome

