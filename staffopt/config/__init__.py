"""The three file kinds (Standards, Branch, Region): models, YAML loading and checks."""

from staffopt.config.checks import check_branch, check_region, check_standards
from staffopt.config.inputs import BranchInput, Checker, Loaded, load_branch, load_standards
from staffopt.config.loading import (
    Document,
    SchemaError,
    display_path,
    find_standards,
    load_document,
    load_text,
)
from staffopt.config.models import (
    DAYS,
    SELF_SERVICE,
    Branch,
    Employee,
    GradeRole,
    PortfolioRole,
    PresenceRole,
    QueueRole,
    Region,
    Standards,
    WorkloadRole,
    covers,
    parse_hours,
    role_of,
)

__all__ = [
    "DAYS",
    "SELF_SERVICE",
    "Branch",
    "BranchInput",
    "Checker",
    "Document",
    "Employee",
    "GradeRole",
    "Loaded",
    "PortfolioRole",
    "PresenceRole",
    "QueueRole",
    "Region",
    "SchemaError",
    "Standards",
    "WorkloadRole",
    "check_branch",
    "check_region",
    "check_standards",
    "covers",
    "display_path",
    "find_standards",
    "load_branch",
    "load_document",
    "load_standards",
    "load_text",
    "parse_hours",
    "role_of",
]
