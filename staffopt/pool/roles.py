"""The pool's settings as region.yaml and the standards give them: scope and roles."""

from __future__ import annotations

from staffopt.config.models import Pool, QueueRole, Region, Standards, WorkloadRole
from staffopt.config.source import SourceMap
from staffopt.problems import Problem


def pool_roles(pool: Pool, std: Standards) -> list[str]:
    """The roles members may work: the file's, else every queue and workload role."""
    if pool.roles is not None:
        return list(pool.roles)
    return [r for r, spec in std.roles.items() if isinstance(spec, (QueueRole, WorkloadRole))]


def pool_scope(pool: Pool, districts: list[str | None]) -> str:
    """``district`` when set or when any branch names a district, else ``region``."""
    if pool.scope is not None:
        return pool.scope
    return "district" if any(d is not None for d in districts) else "region"


def check_pool(region: Region, smap: SourceMap, std: Standards) -> list[Problem]:
    """Each pool role must be a role of the standards, said at its line in region.yaml."""
    if region.pool is None or region.pool.roles is None:
        return []
    known = ", ".join(std.roles)
    return [
        smap.problem(("pool", "roles", i), "unknown-role",
                     f"unknown role {role!r}; use one of the standards' roles: {known}")
        for i, role in enumerate(region.pool.roles) if role not in std.roles
    ]
