"""Inline SVG charts: freed against uncovered hours per branch, a coverage heat-map and a
roster timeline. Plain SVG, no script, so the page needs nothing from the network."""

from __future__ import annotations

from html import escape

from staffopt.counting import SlotKey, coverage
from staffopt.report.cells import days_of, post_label
from staffopt.result import BranchResult, minutes_of

ROW = 14


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
            + "".join(body) + "</svg>")


def freed_uncovered_chart(rows: list[tuple[str, float, float]]) -> str:
    """Per branch (id, freed contract hours, uncovered hours): freed to the right in
    green, uncovered to the left in red, on one hour scale."""
    half, label = 300, 90
    top = max([f for _, f, _ in rows] + [u for _, _, u in rows] + [1])
    scale = half / top
    body = [f'<text x="{label}" y="11" class="ax">← uncovered hours</text>',
            f'<text x="{label + 2 * half}" y="11" class="ax" text-anchor="end">'
            'freed hours →</text>']
    mid = label + half
    for i, (bid, freed, unc) in enumerate(rows):
        y = 18 + i * ROW
        body.append(f'<text x="{label - 4}" y="{y + 10}" text-anchor="end">{escape(bid)}</text>')
        if unc:
            w = unc * scale
            body.append(f'<rect class="short" x="{mid - w:.1f}" y="{y}" width="{w:.1f}" '
                        f'height="{ROW - 3}"><title>{escape(bid)}: {unc:g} uncovered h'
                        '</title></rect>')
        if freed:
            body.append(f'<rect class="freed" x="{mid}" y="{y}" width="{freed * scale:.1f}" '
                        f'height="{ROW - 3}"><title>{escape(bid)}: {freed:g} freed h'
                        '</title></rect>')
    height = 22 + len(rows) * ROW
    body.append(f'<line x1="{mid}" y1="14" x2="{mid}" y2="{height}" class="axis"/>')
    return _svg(label + 2 * half + 10, height, body, "freed against uncovered hours")


def heat_map(result: BranchResult, post: str) -> str:
    """One post's coverage: slots down, days across; each cell rostered/required, red
    where short, green where covered."""
    step = result.slot_minutes or 60
    need = {(r.day, r.start): r.required for r in result.requirements if r.post == post}
    on = coverage((r.shift() for r in result.roster), step)
    days = days_of(result)
    starts = sorted({s for _, s in need}, key=minutes_of)
    cw, left = 44, 40
    body = [f'<text x="{left + i * cw + cw / 2}" y="10" text-anchor="middle">{d}</text>'
            for i, d in enumerate(days)]
    for j, start in enumerate(starts):
        y = 14 + j * ROW
        body.append(f'<text x="{left - 3}" y="{y + 10}" text-anchor="end">{start}</text>')
        for i, day in enumerate(days):
            req = need.get((day, start), 0)
            got = on[SlotKey(post, day, minutes_of(start))]
            if not req and not got:
                continue
            cls = "short" if got < req else ("ok" if req else "over")
            x = left + i * cw
            body.append(f'<rect class="{cls}" x="{x}" y="{y}" width="{cw - 2}" '
                        f'height="{ROW - 1}"/><text x="{x + cw / 2 - 1}" y="{y + 10}" '
                        f'text-anchor="middle">{got}/{req}</text>')
    return _svg(left + len(days) * cw, 16 + len(starts) * ROW, body,
                f"coverage of {post}")


def timeline(result: BranchResult) -> str:
    """Each rostered person's week: a bar per shift from start to end, the break cut out."""
    days = days_of(result)
    people = sorted({r.employee for r in result.roster})
    if not people:
        return ""
    lo = min(minutes_of(r.start) for r in result.roster) // 60 * 60
    hi = -(-max(minutes_of(r.end) for r in result.roster) // 60) * 60
    dw, left = 110, 60
    per = (dw - 6) / max(hi - lo, 60)
    body = [f'<text x="{left + i * dw + dw / 2}" y="10" text-anchor="middle">{d}</text>'
            for i, d in enumerate(days)]
    row = {p: k for k, p in enumerate(people)}
    for p, k in row.items():
        body.append(f'<text x="{left - 3}" y="{24 + k * ROW}" text-anchor="end">{escape(p)}'
                    '</text>')
    for r in result.roster:
        if r.day not in days:
            continue
        x0 = left + days.index(r.day) * dw
        y = 14 + row[r.employee] * ROW
        parts = [(r.start, r.break_start or r.end)]
        if r.break_start and r.break_end:
            parts.append((r.break_end, r.end))
        tip = f"{r.employee} {r.day} {r.start}–{r.end} {post_label(r.post)}"
        for a, b in parts:
            x = x0 + (minutes_of(a) - lo) * per
            w = (minutes_of(b) - minutes_of(a)) * per
            body.append(f'<rect class="p-{_cls(r.post)}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                        f'height="{ROW - 3}"><title>{escape(tip)}</title></rect>')
    return _svg(left + len(days) * dw, 18 + len(people) * ROW, body, "roster timeline")


def _cls(post: str) -> str:
    return post.split(".", 1)[0].replace("_", "-")
