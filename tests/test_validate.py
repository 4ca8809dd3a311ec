"""``staffopt validate``: the example corpora, exact outputs of each format, and the CLI."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import assert_golden
from typer.testing import CliRunner

from staffopt import __version__
from staffopt.cli import app
from staffopt.config import load_branch, loading
from staffopt.config.loading import peek_kind
from staffopt.problems import ConfigError, Problem
from staffopt.validate import (
    Report,
    collect_files,
    colour_wanted,
    format_problems,
    run_validate,
    summary_line,
    validate_paths,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
INVALID = DATA / "invalid"
VALID = DATA / "valid"
WARNINGS = DATA / "warnings"
GOLDEN = DATA / "golden"
EXPECT = re.compile(rb"^# expect: (\d+) (warning )?([a-z-]+)\r?$")

runner = CliRunner()


def _corpus(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def _id(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, where configs/standards.yaml is the default."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return ROOT


def _no_traceback(result: object) -> None:
    output = result.stdout + result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- corpora


def test_corpora_are_big_enough() -> None:
    assert len(_corpus(INVALID)) >= 80
    assert len(_corpus(VALID)) >= 6


def _expected(path: Path) -> set[tuple[int, str, str]]:
    """The ``# expect: LINE [warning] CODE`` lines at the top of a corpus file."""
    found = set()
    for line in path.read_bytes().splitlines():
        match = EXPECT.match(line)
        if match is None:
            break
        level = "warning" if match.group(2) else "error"
        found.add((int(match.group(1)), level, match.group(3).decode()))
    return found


@pytest.mark.parametrize("path", _corpus(INVALID), ids=_id)
def test_invalid_file_fails_with_expected_problems(path: Path, at_root: Path) -> None:
    expected = _expected(path)
    assert expected, f"{path} must start with '# expect: LINE CODE' (see tests/data/README.md)"

    result = runner.invoke(app, ["validate", "--strict", str(path), "--format", "json"])

    _no_traceback(result)
    assert result.exit_code == 1, result.stdout
    problems = json.loads(result.stdout)
    # one run finds every problem of the file, and nothing that is not one
    found = {(p["line"], p["level"], p["code"]) for p in problems}
    assert found == expected
    # every problem names this file and a real position in it
    shown = path.relative_to(ROOT).as_posix()
    assert {p["file"] for p in problems} == {shown}
    assert all(p["line"] >= 1 and p["column"] >= 1 for p in problems)


@pytest.mark.parametrize("path", _corpus(INVALID), ids=_id)
def test_invalid_file_text_output_has_no_traceback(path: Path, at_root: Path) -> None:
    result = runner.invoke(app, ["validate", "--strict", str(path)])
    _no_traceback(result)
    assert result.exit_code == 1
    *lines, count = result.stdout.splitlines()
    assert all(re.match(r"^\S+:\d+:\d+: \[(error|warning)\] .+ \([a-z-]+\)$", x) for x in lines)
    assert re.fullmatch(r"(\d+ errors?(, \d+ warnings?)?|\d+ warnings?) in 1 file", count)


@pytest.mark.parametrize("path", _corpus(VALID), ids=_id)
def test_valid_file_passes_clean(path: Path, at_root: Path) -> None:
    result = runner.invoke(app, ["validate", "--strict", str(path)])
    _no_traceback(result)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "1 file OK\n"


@pytest.mark.parametrize("path", _corpus(WARNINGS), ids=_id)
def test_warning_file_warns_as_expected(path: Path, at_root: Path) -> None:
    match = EXPECT.match(path.read_bytes().split(b"\n", 1)[0])
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    _no_traceback(result)
    problems = json.loads(result.stdout)
    if match is None:  # a file that only sets the scene (a region, its standards): clean
        assert (result.exit_code, problems) == (0, [])
        return
    line, code = int(match.group(1)), match.group(3).decode()
    assert result.exit_code == 0, result.stdout
    assert [(p["line"], p["code"], p["level"]) for p in problems] == [(line, code, "warning")]
    assert runner.invoke(app, ["validate", "--strict", str(path)]).exit_code == 1


def test_warnings_corpus_has_cases() -> None:
    expected = [p for p in _corpus(WARNINGS) if EXPECT.match(p.read_bytes().split(b"\n", 1)[0])]
    assert len(expected) >= 3


def test_whole_corpora_at_once(at_root: Path) -> None:
    good = runner.invoke(app, ["validate", "--strict", str(VALID)])
    assert (good.exit_code, good.stdout) == (0, f"All {len(_corpus(VALID))} files OK\n")
    bad = runner.invoke(app, ["validate", "--format", "json", str(INVALID)])
    assert bad.exit_code == 1
    files = {p["file"] for p in json.loads(bad.stdout)}
    assert files == {p.relative_to(ROOT).as_posix() for p in _corpus(INVALID)}


def test_branch_in_region_uses_region_standards(at_root: Path) -> None:
    branch = VALID / "security" / "branches" / "guarded-branch.yaml"
    assert validate_paths([branch], None) == []
    # against the shipped standards, the security_guard role and skill are unknown
    codes = {p.code for p in validate_paths([branch], ROOT / "configs" / "standards.yaml")}
    assert codes == {"unknown-role", "unknown-post"}


# ---------------------------------------------------------------- validate_paths


def test_missing_path_is_a_problem_not_a_crash(at_root: Path) -> None:
    problems = validate_paths([Path("no/such/file.yaml"), VALID / "minimal-branch.yaml"], None)
    assert problems == [Problem(
        "no/such/file.yaml", 0, 0, "error", "not-found", "no such file or folder; check the path"
    )]


def test_broken_standards_reported_once_per_branch(at_root: Path) -> None:
    broken = INVALID / "standards-bad-sizing.yaml"
    branches = [VALID / "minimal-branch.yaml", VALID / "full-branch.yaml"]
    problems = validate_paths(branches, broken)
    assert [(p.file, p.code) for p in problems] == [
        ("tests/data/valid/full-branch.yaml", "standards-unusable"),
        ("tests/data/valid/minimal-branch.yaml", "standards-unusable"),
    ]
    assert "standards-bad-sizing.yaml has 1 error" in problems[0].message
    # the standards file's own error is reported once, on that file, when it is checked too
    both = validate_paths([broken, *branches], broken)
    assert [p.code for p in both if p.file.endswith("standards-bad-sizing.yaml")] == ["bad-sizing"]


def test_standards_given_as_wrong_kind(at_root: Path) -> None:
    region = VALID / "security" / "region.yaml"
    [problem] = validate_paths([VALID / "minimal-branch.yaml"], region)
    assert problem.code == "standards-unusable"
    assert "is a Region file, not a Standards file" in problem.message


def test_missing_default_standards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no configs/standards.yaml here
    branch = tmp_path / "b.yaml"
    branch.write_text((VALID / "minimal-branch.yaml").read_text())
    [problem] = validate_paths([branch], None)
    assert (problem.code, problem.line) == ("standards-unusable", 2)
    assert "configs/standards.yaml not found" in problem.message


def test_broken_region_file_blocks_its_branches(tmp_path: Path, at_root: Path) -> None:
    (tmp_path / "region.yaml").write_text("kind: Region\nversion: 1\nname: x\nname: y\n")
    (tmp_path / "branches").mkdir()
    branch = tmp_path / "branches" / "b.yaml"
    branch.write_text((VALID / "minimal-branch.yaml").read_text())
    problems = validate_paths([tmp_path], None)
    assert [(Path(p.file).name, p.code) for p in problems] == [
        ("b.yaml", "standards-unusable"), ("region.yaml", "duplicate-key"),
    ]


def test_standards_loaded_once(at_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = loading.read_source

    def counting(path: Path, display: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(Path(path).name)
        return real(path, display)

    monkeypatch.setattr(loading, "read_source", counting)
    names = ("minimal-branch.yaml", "full-branch.yaml", "unicode-names.yaml")
    branches = [VALID / name for name in names]
    assert validate_paths(branches, None) == []
    assert calls.count("standards.yaml") == 1


def test_internal_error_becomes_a_problem(at_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import staffopt.config.inputs as inputs

    def broken(*args: object) -> list[Problem]:
        raise RuntimeError("boom")

    monkeypatch.setattr(inputs, "check_branch", broken)
    problems = validate_paths([VALID / "minimal-branch.yaml", INVALID / "grade-7.yaml"], None)
    # grade-7.yaml's other parts loaded, so its cross-checks ran (and failed) too
    assert sorted((Path(p.file).name, p.code) for p in problems) == [
        ("grade-7.yaml", "internal-error"), ("grade-7.yaml", "out-of-range"),
        ("minimal-branch.yaml", "internal-error"),
    ]
    assert all("RuntimeError: boom" in p.message for p in problems if p.code == "internal-error")


def test_problems_sorted_and_deduplicated(at_root: Path) -> None:
    file = INVALID / "grade-7.yaml"
    problems = validate_paths([file, file, INVALID], None)
    assert problems == sorted(set(problems))
    assert sum(p.file == "tests/data/invalid/grade-7.yaml" for p in problems) == 1


def test_folder_walk_finds_yaml_and_yml_but_not_hidden(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "sub/c.YAML", ".hidden.yaml", ".git/d.yaml", "e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: Region\n")
    files, problems = collect_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.yml", "b.yaml", "sub/c.YAML"]
    assert problems == []
    # a hidden file named outright is checked
    files, _ = collect_files([tmp_path / ".hidden.yaml"])
    assert len(files) == 1


def test_region_paths_checked(at_root: Path) -> None:
    assert validate_paths([ROOT / "data" / "regions" / "demo-city" / "region.yaml"], None) == []
    [problem] = validate_paths([INVALID / "region-no-branches" / "region.yaml"], None)
    assert (problem.line, problem.column, problem.code) == (6, 11, "no-branches")


# ---------------------------------------------------------------- formats (exact output)

# Given out of order, with characters that the github format must escape.
PROBLEMS = [
    Problem("branches/DC-0012.yaml", 27, 14, "error", "unknown-post",
            "skill 'teller.gold' names no post; posts are teller.cash, teller.non_cash"),
    Problem("configs/standards.yaml", 48, 9, "warning", "zone-unserved",
            "role teller: no transaction type is served in zone 'gold'"),
    Problem("data/a,b:c.yaml", 3, 1, "error", "unknown-key",
            "unknown key '100%' in the file\r\nsecond line"),
    Problem("branches/DC-0012.yaml", 5, 8, "error", "out-of-range",
            "grade: 7 is too small; it must be at least 8"),
    Problem("gone.yaml", 0, 0, "error", "not-found", "no such file or folder; check the path"),
]
FORMATS = {"text": "txt", "json": "json", "github": "github"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_of_fixed_problems(fmt: str) -> None:
    assert_golden(format_problems(PROBLEMS, fmt), f"problems.{FORMATS[fmt]}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_of_golden_files(fmt: str, at_root: Path) -> None:
    result = runner.invoke(app, ["validate", "--format", fmt, "tests/data/golden/input"])
    assert result.exit_code == 1
    assert_golden(result.stdout, f"files.{FORMATS[fmt]}")


def test_github_escaping() -> None:
    out = format_problems([PROBLEMS[2]], "github")
    assert out == (
        "::error file=data/a%2Cb%3Ac.yaml,line=3,col=1,title=unknown-key::"
        "unknown key '100%25' in the file%0D%0Asecond line\n"
    )


def test_formats_agree_on_the_problems() -> None:
    rows = json.loads(format_problems(PROBLEMS, "json"))
    assert [Problem(**row) for row in rows] == sorted(PROBLEMS)
    assert len(format_problems(PROBLEMS, "text").splitlines()) == len(PROBLEMS)
    assert len(format_problems(PROBLEMS, "github").splitlines()) == len(PROBLEMS)


def test_no_problems() -> None:
    assert format_problems([], "text") == ""
    assert format_problems([], "github") == ""
    assert format_problems([], "json") == "[]\n"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        format_problems(PROBLEMS, "xml")


# ---------------------------------------------------------------- command line


def test_cli_exit_codes(at_root: Path) -> None:
    assert runner.invoke(app, ["validate", "configs", "data"]).exit_code == 0
    assert runner.invoke(app, ["validate", str(INVALID / "grade-7.yaml")]).exit_code == 1
    assert runner.invoke(app, ["validate", "no-such-folder"]).exit_code == 1
    usage = runner.invoke(app, ["validate", "--format", "xml", "configs"])
    assert usage.exit_code == 2
    assert "Traceback" not in usage.output
    assert runner.invoke(app, ["validate"]).exit_code == 2


def test_cli_strict_fails_on_warnings(at_root: Path) -> None:
    warned = str(GOLDEN / "input" / "standards.yaml")
    loose = runner.invoke(app, ["validate", warned])
    assert loose.exit_code == 0
    assert "[warning]" in loose.stdout
    assert "(zone-unserved)" in loose.stdout
    assert runner.invoke(app, ["validate", "--strict", warned]).exit_code == 1


def test_cli_github_format_under_github_actions(at_root: Path) -> None:
    target = str(INVALID / "grade-7.yaml")
    result = runner.invoke(app, ["validate", target], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=tests/data/invalid/grade-7.yaml,line=5,col=8,")
    # an explicit --format wins
    text = runner.invoke(
        app, ["validate", "--format", "text", target], env={"GITHUB_ACTIONS": "true"}
    )
    assert text.stdout.startswith("tests/data/invalid/grade-7.yaml:5:8: [error]")


def test_cli_standards_option(at_root: Path) -> None:
    branch = str(VALID / "security" / "branches" / "guarded-branch.yaml")
    assert runner.invoke(app, ["validate", branch]).exit_code == 0
    result = runner.invoke(app, ["validate", branch, "--standards", "configs/standards.yaml"])
    assert result.exit_code == 1
    assert "(unknown-role)" in result.stdout


def test_pre_commit_hook_manifest() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    [hook] = [h for h in hooks if h["id"] == "staffopt-validate"]
    assert hook["entry"] == "staffopt validate --ignore-unknown-kind ."
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["types_or"] == ["yaml"]
    assert hook["name"]


# ---------------------------------------------------------------- linter conventions


def test_count_line(at_root: Path) -> None:
    clean = runner.invoke(app, ["validate", "configs", "data"])
    assert clean.stdout == "All 19 files OK\n"
    one = runner.invoke(app, ["validate", str(INVALID / "contract-above-max.yaml")])
    assert (one.exit_code, one.stdout.splitlines()[-1]) == (0, "1 warning in 1 file")
    both = runner.invoke(app, ["validate", str(GOLDEN / "input")])
    assert both.stdout.splitlines()[-1] == "3 errors, 2 warnings in 3 files"
    # json and github output stay machine-readable: no count line
    assert json.loads(runner.invoke(app, ["validate", "--format", "json", "configs"]).stdout) == []
    assert runner.invoke(app, ["validate", "--format", "github", "configs"]).stdout == ""


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert colour_wanted(Terminal(), {})
    assert not colour_wanted(io.StringIO(), {})
    assert not colour_wanted(Terminal(), {"NO_COLOR": "1"})
    assert not colour_wanted(Terminal(), {"TERM": "dumb"})
    assert colour_wanted(io.StringIO(), {"FORCE_COLOR": "1"})
    assert not colour_wanted(io.StringIO(), {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert colour_wanted(Terminal(), {"NO_COLOR": ""})  # an empty NO_COLOR does not count


def test_colour_text_output() -> None:
    text = format_problems(PROBLEMS, "text", colour=True)
    assert_golden(text, "problems-colour.txt")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain == format_problems(PROBLEMS, "text")
    report = Report(PROBLEMS, 4)
    assert summary_line(report, colour=True) == "\x1b[31m4 errors, 1 warning in 4 files\x1b[0m\n"
    assert summary_line(Report([], 2, skipped=1)) == "All 2 files OK (1 other YAML file skipped)\n"


def test_cli_colour_follows_the_environment(at_root: Path) -> None:
    target = str(INVALID / "grade-7.yaml")
    forced = runner.invoke(app, ["validate", target], env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[31m[error]\x1b[0m" in forced.stdout
    plain = runner.invoke(app, ["validate", target], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    # colour never reaches the machine formats
    github = runner.invoke(app, ["validate", "--format", "github", target],
                           env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in github.stdout


def test_version() -> None:
    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert (result.exit_code, result.stdout) == (0, f"staffopt {__version__}\n")


def test_usage_errors_exit_2(at_root: Path) -> None:
    for args in (["validate", "--strictt", "configs"], ["validate"], ["--no-such-option"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_stdin(at_root: Path) -> None:
    text = (INVALID / "branch-several.yaml").read_text()
    result = runner.invoke(app, ["validate", "-", "--format", "json"], input=text)
    assert result.exit_code == 1
    found = {(p["file"], p["line"], p["code"]) for p in json.loads(result.stdout)}
    assert found == {("<stdin>", line, code) for line, _, code in
                     _expected(INVALID / "branch-several.yaml")}
    good = runner.invoke(app, ["validate", "-", "configs"],
                         input=(VALID / "full-branch.yaml").read_text())
    assert (good.exit_code, good.stdout) == (0, "All 2 files OK\n")
    junk = runner.invoke(app, ["validate", "-"], input=b"\xff\xfe\x00junk")
    assert junk.exit_code == 1
    assert "<stdin>:1:1: [error] standard input is not UTF-8 text" in junk.stdout


def test_ignore_unknown_kind(tmp_path: Path, at_root: Path) -> None:
    (tmp_path / "k8s.yaml").write_text(
        "kind: ConfigMap\nmetadata: {name: x}\n---\nkind: Service\n")
    (tmp_path / "workflow.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "typo.yaml").write_text((INVALID / "kind-lower-case.yaml").read_text())
    (tmp_path / "broken.yaml").write_text("kind: [\n")
    shutil.copyfile(VALID / "full-branch.yaml", tmp_path / "branch.yaml")
    loud = run_validate([tmp_path], None)
    assert {Path(p.file).name for p in loud.problems} == {
        "k8s.yaml", "workflow.yml", "list.yaml", "typo.yaml", "broken.yaml"}
    quiet = run_validate([tmp_path], None, ignore_unknown_kind=True)
    # 'kind: branch' is a typo of ours, and unreadable YAML cannot be told apart: both stay
    assert {(Path(p.file).name, p.code) for p in quiet.problems} == {
        ("typo.yaml", "unknown-kind"), ("broken.yaml", "yaml-syntax")}
    assert (quiet.files, quiet.skipped) == (3, 3)
    result = runner.invoke(app, ["validate", "--ignore-unknown-kind", str(tmp_path)])
    assert result.stdout.splitlines()[-1] == "2 errors in 3 files (3 other YAML files skipped)"


def test_ignore_unknown_kind_reads_each_file_once_and_never_blocks(
    tmp_path: Path, at_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from staffopt import validate
    from staffopt.config import source

    shutil.copyfile(VALID / "full-branch.yaml", tmp_path / "branch.yaml")
    (tmp_path / "k8s.yaml").write_text("kind: ConfigMap\n")
    os.mkfifo(tmp_path / "pipe.yaml")  # no writer: an open for reading would wait forever
    reads: list[str] = []
    real = source.read_file

    def counting(path: Path, file: str | None = None) -> bytes:
        reads.append(Path(path).name)
        return real(path, file)

    for module in (validate, source):  # the peek, and the loader
        monkeypatch.setattr(module, "read_file", counting)
    report = run_validate([tmp_path], None, ignore_unknown_kind=True)
    assert [(Path(p.file).name, p.code) for p in report.problems] == [("pipe.yaml", "not-a-file")]
    assert (reads.count("branch.yaml"), reads.count("k8s.yaml")) == (1, 1)


# ---------------------------------------------------------------- suggestions and one pass


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("standards-zone-typo.yaml", "transaction transfer: 'noncash' is not a zone; "
         "did you mean 'non_cash'?"),
        ("standards-zone-unknown.yaml", "'vault' is not a zone; zones are cash, non_cash, vip"),
        ("standards-unknown-key-suggestion.yaml",
         "unknown key 'maxoccupancy' in roles.teller; did you mean 'max_occupancy'?"),
        ("counter-zone-typo.yaml", "zones are cash, non_cash, self_service, vip; "
         "did you mean 'non_cash'?"),
        ("transaction-typo.yaml", "did you mean 'transfer'?"),
        ("kind-lower-case.yaml", "did you mean 'Branch'?"),
        ("day-written-out.yaml", "did you mean 'sat'?"),
        ("branch-version-and-refs.yaml", "did you mean 'teller.cash'?"),
        ("branch-several-staff.yaml", "did you mean 'lobby_manager'?"),
    ],
)
def test_suggestions(name: str, words: str, at_root: Path) -> None:
    messages = [p.message for p in validate_paths([INVALID / name], None)]
    assert any(words in m for m in messages), messages


def test_no_suggestion_where_nothing_is_close(at_root: Path) -> None:
    messages = [p.message for p in validate_paths([INVALID / "unknown-skill.yaml"], None)]
    assert messages and not any("did you mean" in m for m in messages)


def test_region_paths_get_suggestions(tmp_path: Path) -> None:
    (tmp_path / "standard.yaml").write_text("")
    (tmp_path / "branch").mkdir()
    (tmp_path / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: r\nstandards: standards.yaml\nbranches: branches/\n")
    problems = validate_paths([tmp_path / "region.yaml"], None)
    assert [(p.code, p.message.split("; ")[-1]) for p in problems] == [
        ("no-standards", "did you mean 'standard.yaml'?"),
        ("no-branches", "did you mean 'branch'?"),
    ]


# ---------------------------------------------------------------- the same checks everywhere


def _kind(path: Path) -> str | None:
    return peek_kind(path.read_bytes().decode("utf-8", "replace"))


BRANCH_FILES = [p for p in _corpus(INVALID) + _corpus(VALID) if _kind(p) == "Branch"]


@pytest.mark.parametrize("path", BRANCH_FILES, ids=_id)
def test_load_branch_finds_what_validate_finds(path: Path, at_root: Path) -> None:
    expected = validate_paths([path], None)
    try:
        found = load_branch(path).warnings
    except ConfigError as error:
        found = error.problems
        assert any(p.level == "error" for p in expected)
    shown = path.relative_to(ROOT).as_posix()
    assert sorted(p for p in found if p.file == shown) == expected


@pytest.mark.parametrize("command", ["requirements", "solve"])
@pytest.mark.parametrize("name", ["branch-several.yaml", "branch-several-staff.yaml"])
def test_commands_stop_with_validate_message(command: str, name: str, at_root: Path) -> None:
    path = str(INVALID / name)
    checked = runner.invoke(app, ["validate", path])
    stopped = runner.invoke(app, [command, path])
    _no_traceback(stopped)
    assert stopped.exit_code == 1
    assert stopped.stdout == ""
    assert stopped.stderr.splitlines() == checked.stdout.splitlines()[:-1]


def test_requirements_prints_validate_warnings(at_root: Path) -> None:
    path = str(INVALID / "contract-above-max.yaml")
    checked = runner.invoke(app, ["validate", path])
    result = runner.invoke(app, ["requirements", path, "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == checked.stdout.splitlines()[:-1]


def test_standards_problems_stop_a_branch(at_root: Path) -> None:
    # solve names the standards file's own errors, and the branch's note, as validate
    # does for the two files together
    branch, std = VALID / "full-branch.yaml", INVALID / "standards-several.yaml"
    checked = runner.invoke(app, ["validate", "--standards", str(std), str(std), str(branch)])
    stopped = runner.invoke(app, ["requirements", "--standards", str(std), str(branch)])
    assert stopped.exit_code == 1
    assert stopped.stderr.splitlines() == checked.stdout.splitlines()[:-1]


# ---------------------------------------------------------------- the pre-commit hook

needs_pre_commit = pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None,
    reason="needs git and pre-commit",
)
GIT_IDENTITY = ["-c", "user.name=staffopt tests", "-c", "user.email=tests@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_IDENTITY, *args], cwd=repo, check=True, capture_output=True)


def _snapshot(folder: Path) -> Path:
    """This repository's files, committed in a fresh repository: try-repo installs a commit."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file may be deleted in the work tree
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / name)
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "snapshot")
    return folder


K8S = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: production}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
"""


def _config_repo(folder: Path) -> Path:
    """A config repository: standards, a region with one branch, and Kubernetes YAML."""
    shutil.copytree(ROOT / "configs", folder / "configs")
    region = folder / "data" / "regions" / "r"
    (region / "branches").mkdir(parents=True)
    (region / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: r\nstandards: ../../../configs/standards.yaml\n"
    )
    shutil.copyfile(VALID / "full-branch.yaml", region / "branches" / "B1.yaml")
    (folder / "k8s").mkdir()
    (folder / "k8s" / "deploy.yaml").write_text(K8S)
    (folder / ".github" / "workflows").mkdir(parents=True)
    (folder / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "configs")
    return folder


def _try_repo(repo: Path, hooks: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "staffopt-validate", *args],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900,
    )


@needs_pre_commit
def test_pre_commit_hook_checks_the_whole_repository(tmp_path: Path) -> None:
    hooks = _snapshot(tmp_path / "staffopt")
    repo = _config_repo(tmp_path / "configs-repo")

    clean = _try_repo(repo, hooks, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    # Only the standards change is committed; the branch file that uses the lost type
    # is untouched, and the hook still finds it.
    standards = repo / "configs" / "standards.yaml"
    text = standards.read_text()
    standards.write_text(text.replace("  transfer:        {minutes: 4.0,  zone: non_cash}\n", ""))
    _git(repo, "add", "configs/standards.yaml")
    broken = _try_repo(repo, hooks)
    assert broken.returncode != 0
    assert "data/regions/r/branches/B1.yaml" in broken.stdout
    assert "(unknown-transaction)" in broken.stdout
    assert "k8s" not in broken.stdout
