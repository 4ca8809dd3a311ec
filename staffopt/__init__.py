"""staffopt: standard staffing and weekly rosters for bank branches."""

__version__ = "0.1.0"
