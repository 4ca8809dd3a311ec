"""Write a report's files atomically."""

from __future__ import annotations

from pathlib import Path

from staffopt.files import write_together
from staffopt.report.html import html_pages
from staffopt.report.inputs import load_report
from staffopt.report.workbook import workbook_bytes


def write_report(source: Path, xlsx: Path | None, html: Path | None) -> list[Path]:
    """Load ``source`` and write the workbook and/or HTML; returns the files written."""
    inp = load_report(source)
    written: list[Path] = []
    if xlsx is not None:
        # write_together writes text: latin-1 maps each byte to one character and back
        write_together([(xlsx, workbook_bytes(inp).decode("latin-1"))], encoding="latin-1")
        written.append(xlsx)
    if html is not None:
        folder = f"{html.stem}-branches"
        index, pages = html_pages(inp, folder, html.name)
        files = [(html.parent / folder / name, text) for name, text in pages.items()]
        write_together([*files, (html, index)])
        written += [html, *(f for f, _ in files)]
    return written
