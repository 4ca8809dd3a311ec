"""bench/make_region.py and bench/real_region.py: every generated branch loads cleanly, a
seed fixes the bytes, and the real-calendar options appear as asked."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from staffopt.config import (
    GradeRole,
    PresenceRole,
    find_standards,
    load_branch,
    load_document,
    load_standards,
    parse_hours,
)
from staffopt.requirements import compute
from staffopt.solve import solve
from staffopt.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "make_region.py"
REAL = ROOT / "bench" / "real_region.py"
PLAIN = ROOT / "tests" / "data" / "config" / "standards-no-breaks.yaml"  # no lunch rule


def _import_script(name: str = "make_region") -> ModuleType:
    """Import bench/<name>.py by path: bench/ is not a package."""
    if name in sys.modules:
        return sys.modules[name]
    if name != "make_region":
        _import_script()  # real_region imports make_region by name, as its sibling
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_region() -> ModuleType:
    """The generator module."""
    return _import_script()


@pytest.fixture(scope="module")
def real_region() -> ModuleType:
    """The real-calendar generator module."""
    return _import_script("real_region")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture(scope="module")
def region30(make_region: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """30 branches of seed 11, sized on the frozen break-less standards, and the run's summary.

    Frozen, so that the branch sizes checked here stay those of the 09:00-17:00 calendar
    the generator's mix was tuned on; the shipped standards' longer days ask for more staff.
    """
    out = tmp_path_factory.mktemp("region30")
    return out, make_region.generate(30, 11, out, standards=PLAIN)


def test_every_branch_loads_without_problems(region30: tuple[Path, Any]) -> None:
    out, summary = region30
    assert summary.branches == 30
    paths = sorted((out / "branches").glob("*.yaml"))
    assert len(paths) == 30
    sizes = []
    for path in paths:
        loaded = load_branch(path, out / "standards.yaml")
        assert loaded.warnings == [], (path.name, [str(w) for w in loaded.warnings])
        counter = sum(n for tx, n in loaded.branch.volume.daily.items() if tx != "self_service")
        assert 150 <= counter <= 900, (path.name, counter)
        sizes.append(len(loaded.branch.staff))
        # Counters are sized to the peaks, so no slot is capped by a counter.
        assert compute(loaded.standards, loaded.branch).warnings == [], path.name
    assert all(8 <= n <= 30 for n in sizes), sizes
    assert sum(8 <= n <= 20 for n in sizes) > len(sizes) // 2  # most are small branches
    assert summary.staff == sum(sizes)


def test_branches_find_the_copied_standards(region30: tuple[Path, Any]) -> None:
    """Without --standards, a branch uses OUT/region.yaml's standards: OUT/standards.yaml."""
    out, _ = region30
    branch = out / "branches" / "BR-0001.yaml"
    assert find_standards(branch) == (out / "standards.yaml").resolve()
    assert load_branch(branch).warnings == []


def test_mix_of_scenarios(region30: tuple[Path, Any]) -> None:
    _, summary = region30
    assert set(summary.scenarios) == {"balanced", "surplus", "short"}


def test_region_folder_is_self_contained(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(3, 5, tmp_path)
    region = load_document(tmp_path / "region.yaml", expect="Region").model
    assert region.standards == "standards.yaml"
    assert region.branches == "branches/"
    shipped = (ROOT / "configs" / "standards.yaml").read_bytes()
    assert (tmp_path / "standards.yaml").read_bytes() == shipped


def test_large_branches(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(3, 2, tmp_path, large=True)
    paths = sorted((tmp_path / "branches").glob("*.yaml"))
    assert len(paths) == 3
    for path in paths:
        loaded = load_branch(path, tmp_path / "standards.yaml")
        assert loaded.warnings == [], path.name
        assert 40 <= len(loaded.branch.staff) <= 60, (path.name, len(loaded.branch.staff))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """Two runs of the command line, into two folders, write the same files."""
    for name in ("a", "b"):
        subprocess.run(
            [sys.executable, str(SCRIPT), "30", "4", str(tmp_path / name)],
            check=True, capture_output=True, text=True,
        )
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) == 32  # region, standards, 30 branches
    assert first == second


def test_large_same_seed_same_bytes(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(3, 9, tmp_path / "a", large=True)
    make_region.generate(3, 9, tmp_path / "b", large=True)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_other_branches(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(5, 1, tmp_path / "a")
    make_region.generate(5, 2, tmp_path / "b")
    assert _files(tmp_path / "a")["branches/BR-0001.yaml"] != _files(tmp_path / "b")[
        "branches/BR-0001.yaml"
    ]


def test_summary_line_on_stderr(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "4", "3", str(tmp_path)],
        check=True, capture_output=True, text=True,
    )
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("make_region: 4 branches (")


def test_rerun_with_fewer_branches_removes_stale_files(
    make_region: ModuleType, tmp_path: Path
) -> None:
    make_region.generate(5, 1, tmp_path)
    make_region.generate(2, 1, tmp_path)
    assert sorted(p.name for p in (tmp_path / "branches").iterdir()) == [
        "BR-0001.yaml", "BR-0002.yaml",
    ]


def test_yaml_text_round_trips(make_region: ModuleType) -> None:
    data = {
        "name": "yes",
        "hours": {"sun": "10:00-15:00", "sat": "closed"},
        "daily": {"a": 1},
        "profile": {"08": 0.6, "10": 1.3},  # hour keys stay strings
        "by_grade": {8: 1},
        "staff": [{"id": "E001", "skills": ["teller", "lobby_manager"], "note": "O'Brien: x"}],
    }
    text = make_region.to_yaml(data, ["header"])
    assert text.startswith("# header\n")
    assert "hours: {sun: \"10:00-15:00\", sat: closed}" in text
    assert yaml.safe_load(text) == data


# ---------------------------------------------------------------- real calendars


def _span_hours(hours: str) -> float:
    start, end = parse_hours(hours) or (0, 0)
    return (end - start) / 60


@pytest.fixture(scope="module")
def real40(real_region: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """40 real-calendar branches of seed 7, and the run's summary."""
    out = tmp_path_factory.mktemp("real40")
    return out, real_region.generate(40, 7, out)


def _branches(out: Path) -> list[Any]:
    return [load_branch(p, out / "standards.yaml")
            for p in sorted((out / "branches").glob("*.yaml"))]


def test_real_region_validates_without_problems(real40: tuple[Path, Any]) -> None:
    """Today's staffopt reads the default real-calendar region: no error, no warning."""
    out, summary = real40
    assert validate_paths([out], None) == []
    loaded = _branches(out)
    assert len(loaded) == summary.branches == 40
    sizes = [len(b.branch.staff) for b in loaded]
    assert summary.staff == sum(sizes)
    assert all(10 <= n <= 45 for n in sizes), sizes
    for b in loaded:
        assert compute(b.standards, b.branch).warnings == [], b.branch.id  # no counter caps


def test_real_standards_calendar_and_roles(real40: tuple[Path, Any]) -> None:
    out, _ = real40
    std, _, problems = load_standards(out / "standards.yaml")
    assert problems == []
    hours = std.calendar.opening_hours
    assert all(hours[d] == "08:30-17:30" for d in ("mon", "tue", "wed", "thu", "fri"))
    assert hours["sat"] != "closed" and hours["sun"] != "closed"
    assert std.labor.shift_hours == [4, 5, 8]
    # a weekday is longer than the longest shift; the weekend is shorter than a weekday
    assert _span_hours(hours["mon"]) > max(std.labor.shift_hours)
    assert _span_hours(hours["sun"]) < _span_hours(hours["sat"]) < _span_hours(hours["mon"])
    guard = std.roles["security_guard"]
    assert isinstance(guard, PresenceRole) and guard.on_duty == 1
    head = std.roles["branch_head"]
    assert isinstance(head, GradeRole) and head.min_on_duty == 1
    assert list(std.roles)[:5] == ["teller", "lobby_manager", "operations_supervisor",
                                   "account_manager", "branch_head"]


def test_real_branches_vary_as_real_ones_do(real40: tuple[Path, Any]) -> None:
    """Other opening hours, closed Sundays, part-timers, leave, deputies and every scenario."""
    out, summary = real40
    loaded = _branches(out)
    weekdays = {b.branch.opening_hours.get("mon", "08:30-17:30") for b in loaded}
    assert {"08:30-17:30", "08:00-18:00", "09:00-17:30"} <= weekdays
    assert any(b.branch.opening_hours.get("sun") == "closed" for b in loaded)
    assert sum(b.branch.opening_hours.get("sun") != "closed" for b in loaded) > 20
    staff = [e for b in loaded for e in b.branch.staff]
    part = [e.max_hours_per_week for e in staff if e.max_hours_per_week is not None]
    assert part and all(20 <= h <= 32 for h in part)
    assert any(e.role == "teller" for e in staff if e.max_hours_per_week is not None)
    assert sum(1 for e in staff if e.unavailable) > len(staff) // 20
    assert all(e.name for e in staff) and all(b.branch.name for b in loaded)
    for b in loaded:
        heads = [e for e in b.branch.staff if e.role == "branch_head"]
        assert len(heads) >= b.standards.roles["branch_head"].by_grade[b.branch.grade]
        assert any(e.role == "security_guard" for e in b.branch.staff), b.branch.id
    # deputies share the duty: more heads than the grade standard asks for
    assert any(sum(e.role == "branch_head" for e in b.branch.staff) > 1 for b in loaded)
    assert set(summary.scenarios) == {"balanced", "surplus", "short"}
    headers = [p.read_text(encoding="utf-8").splitlines()[0]
               for p in sorted((out / "branches").glob("*.yaml"))]
    assert any("short (guard:" in h or "short (head:" in h for h in headers)


def test_real_branch_solves_with_guard_and_head_on_duty(real40: tuple[Path, Any]) -> None:
    """The smallest branch solves with today's code, and its roster puts a guard and a
    head on duty."""
    out, _ = real40
    smallest = min(_branches(out), key=lambda b: (len(b.branch.staff), b.branch.id))
    result = solve(smallest, time_limit=10.0)
    assert result.status in ("optimal", "feasible")
    posts = {row.post for row in result.roster}
    assert {"security_guard", "branch_head"} <= posts
    sundays = {row.post for row in result.roster if row.day == "sun"}
    if smallest.branch.opening_hours.get("sun") != "closed":
        assert "security_guard" in sundays


def test_real_same_seed_same_bytes(tmp_path: Path) -> None:
    """Two runs of the command line, into two folders, write the same files."""
    for name in ("a", "b"):
        done = subprocess.run(
            [sys.executable, str(REAL), "12", "3", str(tmp_path / name)],
            check=True, capture_output=True, text=True,
        )
    assert done.stdout == ""
    assert done.stderr.startswith("real_region: 12 branches (")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) == 14  # region, standards, 12 branches
    assert first == second


def test_real_another_seed_other_branches(real_region: ModuleType, tmp_path: Path) -> None:
    real_region.generate(3, 1, tmp_path / "a")
    real_region.generate(3, 2, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["branches/BR-0001.yaml"] != b["branches/BR-0001.yaml"]


def _body(text: bytes) -> bytes:
    """A branch file without its header comment, which names the region's size."""
    return text.split(b"\n", 1)[1]


def test_real_first_branches_do_not_depend_on_n(real_region: ModuleType, tmp_path: Path) -> None:
    """A small region is the start of a bigger one of the same seed: subsets for benchmarks."""
    real_region.generate(4, 5, tmp_path / "small")
    real_region.generate(9, 5, tmp_path / "big")
    small, big = _files(tmp_path / "small"), _files(tmp_path / "big")
    for i in range(1, 5):
        name = f"branches/BR-{i:04d}.yaml"
        assert _body(small[name]) == _body(big[name])


def test_real_lunch_adds_only_the_break_rule(real_region: ModuleType, tmp_path: Path) -> None:
    real_region.generate(5, 8, tmp_path / "plain")
    real_region.generate(5, 8, tmp_path / "lunch", lunch=True)
    plain, lunch = _files(tmp_path / "plain"), _files(tmp_path / "lunch")
    assert {k: v for k, v in plain.items() if k.startswith("branches/")} == {
        k: v for k, v in lunch.items() if k.startswith("branches/")
    }
    with_rule = yaml.safe_load(lunch["standards.yaml"])
    without = yaml.safe_load(plain["standards.yaml"])
    assert with_rule["labor"]["breaks"] == [
        {"min_shift_hours": 6, "minutes": 60, "window": "11:00-14:00", "paid": False}
    ]
    assert "breaks" not in without["labor"]
    del with_rule["labor"]["breaks"]
    assert with_rule.pop("name") != without.pop("name")
    assert with_rule == without


def test_real_lunch_flag_on_the_command_line(tmp_path: Path) -> None:
    for flag in ("--lunch", "--no-lunch"):
        subprocess.run([sys.executable, str(REAL), "1", "2", str(tmp_path / flag), flag],
                       check=True, capture_output=True)
    assert "breaks:" in (tmp_path / "--lunch" / "standards.yaml").read_text(encoding="utf-8")
    assert "breaks" not in (tmp_path / "--no-lunch" / "standards.yaml").read_text(
        encoding="utf-8")


def test_real_districts_add_one_line_after_the_name(real_region: ModuleType,
                                                    tmp_path: Path) -> None:
    real_region.generate(30, 4, tmp_path / "plain")
    real_region.generate(30, 4, tmp_path / "districts", districts=True)
    plain, districts = _files(tmp_path / "plain"), _files(tmp_path / "districts")
    seen = set()
    for name, text in districts.items():
        if not name.startswith("branches/"):
            assert text == plain[name]
            continue
        lines = text.decode("utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("district: "))
        assert lines[at - 1].startswith("name: ")
        seen.add(yaml.safe_load(lines[at])["district"])
        assert "\n".join(lines[:at] + lines[at + 1:]) + "\n" == plain[name].decode("utf-8")
    assert len(seen) >= 2


def test_real_shift_hours_option(real_region: ModuleType, tmp_path: Path) -> None:
    real_region.generate(2, 3, tmp_path, shift_hours=(4, 6, 8))
    std, _, problems = load_standards(tmp_path / "standards.yaml")
    assert problems == []
    assert std.labor.shift_hours == [4, 6, 8]
    assert validate_paths([tmp_path], None) == []


def test_real_standards_quote_hour_keys(tmp_path: Path, real_region: ModuleType) -> None:
    """Hour keys are strings in the file, as in configs/standards.yaml."""
    real_region.generate(1, 1, tmp_path)
    data = yaml.safe_load((tmp_path / "standards.yaml").read_text(encoding="utf-8"))
    assert list(data["intraday_profile"]) == [f"{h:02d}" for h in range(8, 18)]
