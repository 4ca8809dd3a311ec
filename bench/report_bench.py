"""Time ``staffopt report`` on a batch folder, or on a region synthesised from it.

    python bench/report_bench.py FOLDER [--copies N]

With ``--copies N`` the folder's branch results are copied, renamed, into N branches
(``<id>-<k>``), so a 470-branch region can be timed without solving 470 branches.
Prints the seconds to load and write, and the sizes of the workbook and HTML.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from staffopt.report import write_report


def synthesise(folder: Path, copies: int, out: Path) -> Path:
    """``copies`` branch results made from the folder's, each under a new id."""
    sources = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    sources = [s for s in sources if s.get("kind") == "BranchResult"]
    for k in range(copies):
        data = dict(sources[k % len(sources)])
        data["branch"] = f"{data['branch']}-{k:03d}"
        (out / f"{data['branch']}.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--copies", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if args.copies:
            (Path(tmp) / "region").mkdir()
            folder = synthesise(args.folder, args.copies, Path(tmp) / "region")
        start = time.perf_counter()
        written = write_report(folder, Path(tmp) / "report.xlsx", Path(tmp) / "report.html")
        seconds = time.perf_counter() - start
        html = [p for p in written if p.suffix == ".html"]
        print(f"branches: {len(list(folder.glob('*.json')))}  seconds: {seconds:.2f}")
        print(f"xlsx: {(Path(tmp) / 'report.xlsx').stat().st_size / 1e6:.2f} MB")
        print(f"html: {len(html)} file(s), index {html[0].stat().st_size / 1e6:.2f} MB, "
              f"largest {max(p.stat().st_size for p in html) / 1e6:.2f} MB, "
              f"total {sum(p.stat().st_size for p in html) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
