"""Safe file access: only regular files are read, and never past the size limit.

A FIFO would block the read forever, ``/dev/zero`` would never end, and a symlink loop
or an over-long name raises where a plain ``is_file()`` is asked. Every way a path can
fail to be a readable file becomes one ``Problem`` at 0:0 (there is no line to name).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from staffopt.problems import ConfigError, Problem

MAX_BYTES = 5_000_000  # no real profile comes near; bigger files are refused, not parsed

_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _os_problem(file: str, exc: OSError, what: str = "file") -> Problem:
    """An OSError from looking up or opening a path, in words (the file has no line yet)."""
    code, message = "unreadable", f"cannot read the {what}: {exc.strerror or exc}"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        code, message = "not-found", f"no such {what}; check the path"
    elif exc.errno == errno.ELOOP:
        code, message = "symlink-loop", (
            "the path runs into a symlink loop (links that lead back to each other); "
            "fix or delete the link"
        )
    elif exc.errno == errno.ENAMETOOLONG:
        code, message = "name-too-long", (
            "the path is too long for the system (a name of over 255 bytes, or a path of "
            "over 4,096); shorten it"
        )
    elif exc.errno in (errno.EACCES, errno.EPERM):
        message = f"permission denied: cannot read the {what}; check its permissions"
    return Problem(file, 0, 0, "error", code, message)


def _kind_problem(file: str, mode: int, want: str) -> Problem | None:
    if want == "folder":
        if stat.S_ISDIR(mode):
            return None
        return Problem(file, 0, 0, "error", "not-a-folder", "this is a file, not a folder")
    if stat.S_ISREG(mode) or (want == "any" and stat.S_ISDIR(mode)):
        return None
    what = next((words for test, words in _NOT_FILES if test(mode)), "not a file")
    return Problem(
        file, 0, 0, "error", "not-a-file",
        f"this is {what}, not a regular file; staffopt reads only regular files",
    )


def path_problem(path: Path, file: str, want: str = "file") -> Problem | None:
    """Why ``path`` is not what is wanted, or None when it is.

    ``want`` is ``file`` (a regular file), ``folder``, or ``any`` (either). Every lookup
    error (missing, a symlink loop, an over-long name, no permission) becomes a problem
    at 0:0, since there is no line to name; nothing is opened, so a FIFO cannot block.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _os_problem(file, exc, "file or folder" if want == "any" else want)
    except ValueError:  # an embedded NUL byte
        return Problem(file, 0, 0, "error", "not-found", "the path holds a NUL character")
    return _kind_problem(file, mode, want)


def _too_large(file: str, size: int | None, limit: int) -> ConfigError:
    said = f"is {size:,} bytes" if size is not None else f"holds more than {limit:,} bytes"
    why = "profiles are small" if limit == MAX_BYTES else "files this large are not read"
    return ConfigError([Problem(
        file, 1, 1, "error", "file-too-large", f"the file {said}; {why}, the limit is {limit:,}",
    )])


def read_file(path: Path, file: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raise ConfigError otherwise.

    The type is checked before opening and again on the open descriptor (the path may
    change in between); the open does not block on a FIFO, and the read stops one byte
    past the limit, whatever the size the file claims.
    """
    file = file if file is not None else str(path)
    problem = path_problem(path, file)
    if problem is not None:
        raise ConfigError([problem])
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ConfigError([_os_problem(file, exc)]) from None
    try:
        info = os.fstat(fd)
        problem = _kind_problem(file, info.st_mode, "file")
        if problem is not None:
            raise ConfigError([problem])
        if info.st_size > limit:
            raise _too_large(file, info.st_size, limit)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ConfigError([_os_problem(file, exc)]) from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_large(file, None, limit)
    return b"".join(chunks)


def resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path where a symlink loop or a bad name stops it."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()
