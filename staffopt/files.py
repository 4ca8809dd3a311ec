"""Files on disk: which YAML files a folder holds, and output files written atomically.

Outputs go to a temporary file in the same folder, then a rename, so that readers see
the old file or the new one, never half of one. Every way an output cannot be written
becomes one ``OutputError`` that names the file or folder, never a bare ``OSError``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from staffopt.config.loading import display_path
from staffopt.result import BranchResult, roster_csv

YAML_SUFFIXES = (".yaml", ".yml")


# ---------------------------------------------------------------- finding files


def is_yaml_name(name: str) -> bool:
    """Whether a file name is one the folder search takes: ``*.yaml`` or ``*.yml``, any case."""
    return not name.startswith(".") and name.lower().endswith(YAML_SUFFIXES)


def yaml_files(folder: Path) -> list[Path]:
    """Every YAML file under ``folder``, searched recursively, sorted.

    The one discovery rule of ``validate`` and ``batch`` (design §7): names ending in
    ``.yaml`` or ``.yml`` in any case; hidden files and folders (``.git``, editors'
    scratch copies) are left out. Symlinked folders are not followed, so a link loop
    cannot trap the search. An entry that is not a folder is listed even when it cannot
    be read (a dangling link, a FIFO): the loader reports it, rather than the search
    hiding it.
    """
    found: list[Path] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(top) / name for name in names if is_yaml_name(name)]
    return sorted(found)


# ---------------------------------------------------------------- writing files


class OutputError(Exception):
    """An output file or folder that cannot be written; the message names it and says why."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A temporary file is created private (0600); the finished file gets the mode any new
# file would, so that results can be shared as the folder's owner intends.
_FILE_MODE = 0o666 & ~_umask()


def check_out_folder(out: Path) -> None:
    """Make ``out`` a folder that files can be written into, creating it if needed.

    Raises OutputError when it is a file or a device, lies under a file, or cannot be
    written (permissions, a read-only or full file system), so that a run fails before
    any work rather than after it.
    """
    shown = display_path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        what = "it is a file, not a folder" if out.is_file() else "it is not a folder"
        raise OutputError(out, f"cannot write into {shown}: {what}") from None
    except OSError as exc:
        raise OutputError(out, f"cannot create the folder {shown}: {_reason(exc)}") from None
    try:  # a probe: the only sure test of permissions, read-only mounts and free space
        fd, probe = tempfile.mkstemp(prefix=".staffopt-probe.", suffix=".tmp", dir=out)
        try:
            os.write(fd, b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
            Path(probe).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(out, f"cannot write into {shown}: {_reason(exc)}") from None


def _write_temporary(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to a new temporary file beside ``path``; return its path."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        try:
            os.chmod(fd, _FILE_MODE)
            handle = os.fdopen(fd, "w", encoding=encoding, newline="")
        except BaseException:
            os.close(fd)
            raise
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_together(files: list[tuple[Path, str]], encoding: str = "utf-8") -> None:
    """Write several files so that they land together or not at all.

    Each is written to a temporary file first (a full disk fails there), and only then
    are all renamed into place, in the order given. On failure every temporary file is
    removed and OutputError names the file that could not be written.
    """
    written: list[tuple[Path, Path]] = []
    current = files[0][0] if files else Path()
    try:
        for current, text in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            written.append((_write_temporary(current, text, encoding), current))
        for tmp, current in written:
            os.replace(tmp, current)
    except OSError as exc:
        raise OutputError(
            current, f"cannot write {display_path(current)}: {_reason(exc)}"
        ) from None
    finally:
        for tmp, _ in written:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write one file atomically; raises OutputError naming it when it cannot be written."""
    write_together([(path, text)])


def write_branch_outputs(result: BranchResult, out: Path) -> list[Path]:
    """Write ``<id>.json`` (contract §5) and ``<id>-roster.csv`` into ``out``, together.

    The JSON is renamed into place last: its presence marks a finished branch.
    """
    json_path = out / f"{result.branch}.json"
    csv_path = out / f"{result.branch}-roster.csv"
    write_together([(csv_path, roster_csv(result)), (json_path, result.to_json())])
    return [json_path, csv_path]
