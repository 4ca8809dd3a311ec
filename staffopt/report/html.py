"""The HTML report: one self-contained page (inline CSS and SVG, no script, no request),
or, where one page would pass MAX_BYTES, an index page with one page per branch."""

from __future__ import annotations

from html import escape

from staffopt.batch.summary import role_totals
from staffopt.report.cells import merged_shortages
from staffopt.report.inputs import ReportInput
from staffopt.report.svg import freed_uncovered_chart, heat_map, timeline
from staffopt.result import BranchResult

MAX_BYTES = 5_000_000
LEGEND = ('<p class="legend">Bars from start to end of each shift, the break left out: '
          + " · ".join(f'<span style="color:{c}">■</span> {r}' for r, c in (
              ("teller", "#4e79a7"), ("lobby manager", "#f28e2b"),
              ("operations supervisor", "#76b7b2"), ("account manager", "#59a14f"),
              ("branch head", "#b07aa1"))) + "</p>")

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #456;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px}
th{background:#dde4ee}td.n{text-align:right}.cards{display:flex;gap:1em;flex-wrap:wrap}
.card{border:1px solid #bbc;border-radius:6px;padding:.5em 1em;min-width:7em}
.card b{display:block;font-size:1.5em}.maps{display:flex;flex-wrap:wrap;gap:1em}
svg{font-size:10px;font-family:system-ui,sans-serif}svg .ax{font-weight:bold}
.short{fill:#f4a3a3}.ok{fill:#b9e3b2}.over{fill:#e3e3f3}.freed{fill:#5aae61}
.axis{stroke:#333}.p-teller{fill:#4e79a7}.p-lobby-manager{fill:#f28e2b}
.p-operations-supervisor{fill:#76b7b2}.p-account-manager{fill:#59a14f}
.p-branch-head{fill:#b07aa1}rect[class^=p-]{fill-opacity:.9}
@media print{body{margin:0;max-width:none}section.branch{break-before:page}
nav{display:none}}
"""


def _page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")


def _cell(v: object) -> str:
    if v is None:
        return "<td></td>"
    if isinstance(v, int | float):
        return f'<td class="n">{v:g}</td>'
    return f"<td>{escape(str(v))}</td>"


def _table(head: list[str], rows: list[list[object]]) -> str:
    return ("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"
            + "".join("<tr>" + "".join(_cell(v) for v in r) + "</tr>" for r in rows)
            + "</table>")


def _freed_hours(r: BranchResult) -> float:
    return sum(a.contract_hours for a in r.assignments if a.role is None)


def _region(inp: ReportInput, link: dict[str, str]) -> list[str]:
    ok = [r for r in inp.results if r.totals is not None]
    t = {k: sum(getattr(r.totals, k) for r in ok) for k in
         ("staff", "kept", "moved", "freed", "under_floor", "uncovered_hours")}
    cards = "".join(f'<div class="card">{escape(k.replace("_", " "))}<b>{v:g}</b></div>'
                    for k, v in t.items())
    out = [f"<h1>Staffing report: {escape(inp.region)}</h1>",
           f"<p>{len(inp.results)} branches, {len(inp.results) - len(ok)} failed.</p>",
           f'<div class="cards">{cards}</div>']
    if inp.pool is not None:
        p = inp.pool
        out.append(f"<p>Pool ({escape(p.scope)}): uncovered hours {p.uncovered_hours_before:g}"
                   f" → {p.uncovered_hours_after:g} with "
                   f"{sum(m.used for m in p.members)} freed staff.</p>")
    roles = role_totals(ok, [])
    out += ["<h2>Headcount by role</h2>", _table(
        ["role", "current", "required", "kept", "moved in", "moved out", "freed", "floor",
         "under floor", "uncovered h"], [list(vars(x).values()) for x in roles])]
    out += ["<h2>Freed against uncovered hours</h2>",
            "<p>Freed hours are the contract hours of the people freed.</p>",
            freed_uncovered_chart([(r.branch, _freed_hours(r), r.totals.uncovered_hours)
                                   for r in ok if r.totals])]
    rows = [[f'<a href="{link[r.branch]}">{escape(r.branch)}</a>', r.name, r.district,
             r.status, *((r.totals.staff, r.totals.kept, r.totals.moved, r.totals.freed,
                          r.totals.uncovered_hours) if r.totals else [None] * 5)]
            for r in inp.results]
    head = ["id", "name", "district", "status", "staff", "kept", "moved", "freed",
            "uncovered h"]
    out += ["<h2>Branches</h2>", "<table><tr>" + "".join(f"<th>{h}</th>" for h in head)
            + "</tr>" + "".join("<tr><td>" + r[0] + "</td>" + "".join(_cell(v) for v in r[1:])
                                + "</tr>" for r in rows) + "</table>"]
    return out


def _branch(r: BranchResult) -> list[str]:
    title = r.branch + (f" {r.name}" if r.name else "")
    out = [f'<section class="branch" id="b-{escape(r.branch)}"><h2>{escape(title)}</h2>',
           f"<p>status {escape(r.status)}" + (f": {escape(r.error or '')}" if r.error else "")
           + "</p>"]
    if r.totals is None:
        return [*out, "</section>"]
    out.append(_table(["role", "current", "required", "kept", "moved in", "moved out",
                       "freed", "floor", "under floor", "uncovered h"],
                      [[h.role, h.current, h.required, h.kept, h.moved_in, h.moved_out,
                        h.freed, h.floor, h.under_floor, h.uncovered_hours]
                       for h in r.headcount]))
    posts = sorted({q.post for q in r.requirements})
    out.append("<h3>Coverage: rostered/required per slot</h3><div class=\"maps\">"
               + "".join(f"<figure><figcaption>{escape(p)}</figcaption>{heat_map(r, p)}"
                         "</figure>" for p in posts) + "</div>")
    out += ["<h3>Roster</h3>", LEGEND, timeline(r) or "<p>no shifts</p>"]
    runs = merged_shortages(r.shortages, r.slot_minutes or 60)
    if runs:
        out += ["<h3>Shortages</h3>", _table(
            ["post", "day", "from", "to", "most missing", "cause"],
            [[s.post, s.day, s.start, s.end, s.most, s.cause] for s in runs])]
    return [*out, "</section>"]


def html_pages(inp: ReportInput, folder: str, index_name: str = "index.html"
               ) -> tuple[str, dict[str, str]]:
    """The index page and, only where one page would be too big, a page per branch (by
    file name under ``folder``)."""
    single = _page(f"staffopt report: {inp.region}",
                   _region(inp, {r.branch: f"#b-{r.branch}" for r in inp.results})
                   + [x for r in inp.results for x in _branch(r)])
    if len(single.encode()) <= MAX_BYTES:
        return single, {}
    links = {r.branch: f"{folder}/{r.branch}.html" for r in inp.results}
    index = _page(f"staffopt report: {inp.region}", _region(inp, links))
    pages = {f"{r.branch}.html": _page(f"{r.branch}: {inp.region}",
                                       [f'<nav><a href="../{escape(index_name)}">region</a></nav>',
                                        *_branch(r)]) for r in inp.results}
    return index, pages
