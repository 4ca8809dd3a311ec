"""The long fuzz run of issue 17: hostile files and paths against every promise.

    python bench/fuzz.py [-n 10000] [--seed 17] [--cli-every 10] [--keep DIR]

Makes N inputs with ``tests/fuzzing.py`` (structured mutations of every seed file, odd
but valid values, text mutations, truncations, random bytes) and drives each in-process
through validate, the region, load_branch, requirements and a solve with a tiny time
limit; every ``--cli-every``-th input also goes through the command line (validate,
requirements, solve; json and table output by turns; a Region input one time in five
also through ``batch``). Then the path cases (a FIFO,
/dev/zero, a folder, a symlink loop, over-long names, a missing, an unreadable and an
oversized file, each handed to every command as branch, standards and region) and a few
heavy files near the limits.

Prints the inputs tried by kind, how far they got, the known issues they tripped (open
issues outside the loading layer, see ``fuzzing.KNOWN_ISSUES``), every finding with
its count, and the run time. With ``--keep``, the first input of each finding is saved
there. Exit 1 on any finding. Every choice comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # fuzzing.py lives with the tests that use it

import fuzzing  # noqa: E402


class Tally:
    """Counts of one run."""

    def __init__(self, keep: Path | None) -> None:
        self.kinds: Counter[str] = Counter()
        self.stages: Counter[str] = Counter()
        self.known: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.keep = keep
        self.cli = 0

    def add_findings(self, findings: list[str], data: bytes | None, label: str) -> None:
        for finding in findings:
            key = finding[:160]
            if self.findings[key] == 0:
                print(f"finding ({label}): {finding}", flush=True)
                if self.keep is not None and data is not None:
                    self.keep.mkdir(parents=True, exist_ok=True)
                    saved = self.keep / f"finding-{len(self.findings) + 1}.yaml"
                    saved.write_bytes(data)
                    print(f"  input saved as {saved}", flush=True)
            self.findings[key] += 1


def run_inputs(n: int, rnd: random.Random, cli_every: int, folder: Path, tally: Tally) -> None:
    """N mutated inputs, in-process, and every ``cli_every``-th through the CLI too."""
    for i in range(n):
        seed = rnd.choice(fuzzing.SEEDS)
        item = fuzzing.make_input(seed, rnd)
        case = fuzzing.write_case(folder / "case", item)
        outcome = fuzzing.drive(case)
        tally.kinds[item.label] += 1
        tally.stages[outcome.stage] += 1
        if outcome.known:
            tally.known[outcome.known] += 1
        label = f"{seed.name} {' '.join(item.steps)}"
        tally.add_findings(outcome.findings, item.data, label)
        if cli_every and i % cli_every == 0:
            fmt = rnd.choice(("json", "table"))
            batch = i % (5 * cli_every) == 0  # a Region case then runs a batch as well
            found = fuzzing.drive_cli(case, solve_it=outcome.known is None, fmt=fmt, batch=batch)
            tally.cli += 1
            tally.add_findings(found, item.data, f"cli {label}")
        if (i + 1) % 500 == 0:
            print(f"  {i + 1} inputs, {sum(tally.findings.values())} findings", flush=True)


def run_paths(folder: Path, tally: Tally) -> int:
    """Every path case through every command; returns the number of commands run."""
    cases = fuzzing.path_cases(folder / "paths")
    branch = ROOT / "tests" / "data" / "valid" / "minimal-branch.yaml"
    count = 0
    for name, path in cases.items():
        for args in fuzzing.path_commands(path, branch, fuzzing.STANDARDS, folder / "out"):
            code, findings = fuzzing.drive_path(args)
            searched = name == "folder" and args[:2] == ["validate", str(path)]
            if code not in ((0,) if searched else (1, 2)):
                findings.append(f"{args[0]}: exit code {code} on a path that cannot be used")
            tally.add_findings(findings, None, f"path {name}")
            count += 1
    return count


def heavy_files() -> dict[str, bytes]:
    """Files at and past the limits: size, node count, alias expansion, depth."""
    limit = 5_000_000
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    head = b"kind: Branch\nversion: 1\n"
    return {
        "over-the-size-limit": head + b"#" * limit,
        "node-flood": head + b"staff: [" + b"1," * (limit // 2 - 40) + b"]\n",
        "alias-bomb": head + "\n".join(laughs).encode() + b"\n",
        "deep-nesting": head + b"staff: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
        "long-scalar": head + b"id: " + b"A" * (limit - 40) + b"\n",
        "many-unknown-keys": head + b"".join(b"k%d: 1\n" % i for i in range(40_000)),
    }


def run_heavy(folder: Path, tally: Tally) -> int:
    """The heavy files, in-process and through ``validate``."""
    seed = fuzzing.SEEDS[1]  # a branch, with the shipped standards
    for name, data in heavy_files().items():
        item = fuzzing.FuzzInput(seed, data, "heavy")
        case = fuzzing.write_case(folder / "heavy", item)
        started = time.perf_counter()
        outcome = fuzzing.drive(case, solve_it=False)
        found = fuzzing.drive_cli(case, solve_it=False)
        seconds = time.perf_counter() - started
        print(f"  heavy {name}: {outcome.stage}, {seconds:.1f} s (twice: in-process, cli)")
        tally.add_findings(outcome.findings + found, None, f"heavy {name}")
    return len(heavy_files())


def _print_counts(title: str, counts: Counter[str]) -> None:
    print(f"{title}:")
    for key, value in sorted(counts.items()):
        print(f"  {key:<34} {value:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="mutated inputs (default 10000)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--cli-every", type=int, default=10, help="0: no CLI runs")
    parser.add_argument("--keep", type=Path, help="save the first input of each finding here")
    parser.add_argument("--no-extras", action="store_true", help="skip path cases and heavy files")
    args = parser.parse_args()
    os.chdir(ROOT)  # shown paths as in CI
    tally = Tally(args.keep)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="staffopt-fuzz-") as tmp:
        folder = Path(tmp)
        run_inputs(args.n, random.Random(args.seed), args.cli_every, folder, tally)
        inputs_seconds = time.perf_counter() - started
        paths = heavy = 0
        if not args.no_extras:
            paths = run_paths(folder, tally)
            heavy = run_heavy(folder, tally)
    seconds = time.perf_counter() - started
    print(f"\nseed {args.seed}: {args.n} mutated inputs ({tally.cli} also through the CLI) "
          f"in {inputs_seconds:.0f} s; {paths} path-case commands; {heavy} heavy files")
    _print_counts("inputs by kind", tally.kinds)
    _print_counts("how far they got", tally.stages)
    _print_counts("known issues tripped", tally.known)
    print(f"findings: {sum(tally.findings.values())} ({len(tally.findings)} distinct)")
    for finding, count in tally.findings.most_common():
        print(f"  {count:>5}  {finding}")
    print(f"run time: {seconds:.0f} s")
    return 1 if tally.findings else 0


if __name__ == "__main__":
    sys.exit(main())
