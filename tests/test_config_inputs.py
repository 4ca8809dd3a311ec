"""Finding the standards of a file and loading the inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_helpers import (
    DATA,
    VALID,
)

from staffopt.config import (
    find_standards,
    load_branch,
    load_standards,
)
from staffopt.problems import ConfigError

# ---------------------------------------------------------------- finding and loading


def test_find_standards(tmp_path: Path) -> None:
    explicit = tmp_path / "mine.yaml"
    branch = VALID / "security" / "branches" / "guarded-branch.yaml"
    assert find_standards(branch, explicit) == explicit
    assert find_standards(branch) == (VALID / "security" / "standards-security.yaml").resolve()
    assert find_standards(tmp_path / "b.yaml") == Path("configs/standards.yaml")
    (tmp_path / "region.yaml").write_text("kind: Region\nversion: 1\nname: r\n")
    assert find_standards(tmp_path / "b.yaml") == Path("configs/standards.yaml")
    (tmp_path / "region.yaml").write_text("kind: Region\nversion: 1\n")
    with pytest.raises(ConfigError):
        find_standards(tmp_path / "b.yaml")


def test_load_branch(standards_path: Path, tmp_path: Path) -> None:
    inp = load_branch(VALID / "full-branch.yaml", standards_path)
    assert inp.branch.id == "DC-0012"
    assert inp.standards.name == "default-2026"
    assert inp.warnings == []
    # the digest covers the standards too
    other = tmp_path / "standards.yaml"
    other.write_text(standards_path.read_text().replace("name: default-2026", "name: other"))
    assert load_branch(VALID / "full-branch.yaml", other).input_sha256 != inp.input_sha256


def test_load_branch_errors(standards_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "full-branch.yaml", tmp_path / "missing.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (2, "standards-unusable")
    assert problem.message.endswith("not found; fix the --standards path")
    with pytest.raises(ConfigError) as caught:
        load_branch(DATA / "invalid" / "unknown-skill.yaml", standards_path)
    assert [(p.line, p.code) for p in caught.value.problems] == [(15, "unknown-post")]
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "full-branch.yaml", DATA / "invalid" / "standards-by-grade-gap.yaml")
    # the standards' own error, and the branch's note that it cannot be checked (as validate)
    assert [(Path(p.file).name, p.code) for p in caught.value.problems] == [
        ("standards-by-grade-gap.yaml", "missing-grade"),
        ("full-branch.yaml", "standards-unusable"),
    ]


def test_standards_device_is_refused_not_missing() -> None:
    with pytest.raises(ConfigError) as caught:
        load_standards(Path("/dev/zero"))  # never read: it would not end
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.code) == ("/dev/zero", 0, "not-a-file")
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "minimal-branch.yaml", Path("/dev/zero"))
    assert sorted(p.code for p in caught.value.problems) == ["not-a-file", "standards-unusable"]
    assert problem in caught.value.problems and "character device" in problem.message
