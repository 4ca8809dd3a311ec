"""Region runs (design §6): solve every branch of a region in worker processes.

The parent lists the branch files and hands each worker a path; the worker loads and
solves the branch itself (CP-SAT objects do not pickle) and sends back plain data: the
result's JSON text, or the reason it failed. The parent writes every file, so a branch
counts as finished only once its ``<id>.json`` is on disk.

The parts, by concern:

- ``worker``: the task a worker runs, and the test hook that injects faults;
- ``executors``: local spawned processes, or Ray;
- ``region``: finding a region's branch files, and what ``--resume`` can skip;
- ``collector``: outcomes into files on disk and summary rows;
- ``summary``: the summary types, summary.json and summary.csv;
- ``signals``: SIGTERM and SIGHUP stop a batch as Ctrl-C does;
- ``progress``: the progress bar;
- ``run``: ``run_batch``, which ties them together.
"""

from staffopt.batch.executors import EXECUTORS
from staffopt.batch.region import RegionFiles, open_region, plan
from staffopt.batch.run import run_batch
from staffopt.batch.signals import BatchInterrupted
from staffopt.batch.summary import BranchRow, RegionSummary, RoleTotal, role_totals, row_of
from staffopt.batch.worker import CRASH_ENV

__all__ = [
    "CRASH_ENV",
    "EXECUTORS",
    "BatchInterrupted",
    "BranchRow",
    "RegionFiles",
    "RegionSummary",
    "RoleTotal",
    "open_region",
    "plan",
    "role_totals",
    "row_of",
    "run_batch",
]
