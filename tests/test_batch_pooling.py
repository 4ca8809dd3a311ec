"""``staffopt batch --pool`` end to end on a hand-sized region."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from staffopt.batch.run import run_batch
from staffopt.batch.summary import RegionSummary
from staffopt.cli import app

DATA = Path(__file__).resolve().parent / "data" / "pool"


def _copy(tmp_path: Path, case: str) -> Path:
    region = tmp_path / case
    shutil.copytree(DATA / case, region)
    text = (region / "region.yaml").read_text(encoding="utf-8")
    std = Path(__file__).resolve().parent.parent / "configs" / "standards.yaml"
    (region / "region.yaml").write_text(
        text.replace("../../../../configs/standards.yaml", std.as_posix()), encoding="utf-8")
    return region


def test_batch_pool_writes_its_files(tmp_path: Path) -> None:
    region, out = _copy(tmp_path, "known"), tmp_path / "out"
    args = ["batch", str(region), "--pool", "--out", str(out), "--workers", "1",
            "--time-limit", "2"]
    run = CliRunner().invoke(app, args)
    assert run.exit_code == 0, run.output
    pool = json.loads((out / "pool.json").read_text(encoding="utf-8"))
    assert pool["kind"] == "PoolResult" and pool["scope"] == "district"
    assert (out / "pool-roster.csv").read_text(encoding="utf-8").startswith("member,home,branch")
    header = (out / "summary.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "uncovered_hours,uncovered_hours_after_pool," in header
    assert "pool: " in run.output
    again = CliRunner().invoke(app, [*args, "--resume"])
    assert again.exit_code == 0, again.output
    assert json.loads((out / "pool.json").read_text(encoding="utf-8")) == pool


def test_unknown_pool_role_fails_before_solving(tmp_path: Path) -> None:
    region = _copy(tmp_path, "known")
    yaml = region / "region.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("[teller]", "[tellr]"),
                    encoding="utf-8")
    run = CliRunner().invoke(app, ["batch", str(region), "--pool", "--out", str(tmp_path / "o")])
    assert run.exit_code == 1
    assert "region.yaml:6" in run.output and "unknown role 'tellr'" in run.output
    assert not (tmp_path / "o" / "pool.json").exists()


def _batch(region: Path, out: Path, *, resume: bool) -> RegionSummary:
    return run_batch(region, out=out, workers=1, time_limit=2, pool=True, resume=resume)


def test_resume_keeps_a_pool_whose_inputs_did_not_change(tmp_path: Path) -> None:
    region, out = _copy(tmp_path, "known"), tmp_path / "out"
    first = _batch(region, out, resume=False)
    assert first.pool is not None and not first.pool.reused
    text = (out / "pool.json").read_text(encoding="utf-8")
    assert len(json.loads(text)["input_sha256"]) == 64
    again = _batch(region, out, resume=True)
    assert again.skipped and not again.solved  # every branch kept, and so the pool
    assert again.pool is not None and again.pool.reused
    assert again.pool.result == first.pool.result
    assert (out / "pool.json").read_text(encoding="utf-8") == text
    assert [r.uncovered_hours_after_pool for r in again.rows] == [
        r.uncovered_hours_after_pool for r in first.rows]
    fresh = _batch(region, out, resume=False)  # without --resume the pool is solved again
    assert fresh.pool is not None and not fresh.pool.reused


def test_resume_redoes_the_pool_when_a_branch_result_changes(tmp_path: Path) -> None:
    region, out = _copy(tmp_path, "known"), tmp_path / "out"
    first = _batch(region, out, resume=False)
    assert first.pool is not None
    b = region / "branches" / "B.yaml"
    b.write_text(b.read_text(encoding="utf-8").replace(
        "skills: [teller.cash]}", "skills: [teller.cash], unavailable: [thu]}"), encoding="utf-8")
    again = _batch(region, out, resume=True)
    assert again.solved == ["B.yaml"]
    assert again.pool is not None and not again.pool.reused
    pool = json.loads((out / "pool.json").read_text(encoding="utf-8"))
    assert pool["input_sha256"] != first.pool.result.input_sha256
    assert pool == json.loads(again.pool.result.to_json())


def test_resume_redoes_the_pool_when_its_settings_change(tmp_path: Path) -> None:
    region, out = _copy(tmp_path, "known"), tmp_path / "out"
    _batch(region, out, resume=False)
    yaml = region / "region.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("district", "region"),
                    encoding="utf-8")
    again = _batch(region, out, resume=True)
    assert again.pool is not None and not again.pool.reused
    assert again.pool.result.scope == "region"
