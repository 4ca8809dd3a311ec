"""Output files, written atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from staffopt.result import BranchResult, roster_csv


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A temporary file is created private (0600); the finished file gets the mode any new
# file would, so that results can be shared as the folder's owner intends.
_FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, text: str) -> None:
    """Write text so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_branch_outputs(result: BranchResult, out: Path) -> list[Path]:
    """Write ``<id>.json`` (contract §5) and ``<id>-roster.csv`` into ``out``."""
    json_path = out / f"{result.branch}.json"
    csv_path = out / f"{result.branch}-roster.csv"
    write_atomic(csv_path, roster_csv(result))
    write_atomic(json_path, result.to_json())  # last: its presence marks a finished branch
    return [json_path, csv_path]
