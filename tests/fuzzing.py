"""Hostile inputs for staffopt, and the promises every outcome must keep.

Shared by ``tests/test_fuzz.py`` (a bounded number of examples, in CI) and
``bench/fuzz.py`` (the long run). Both draw from a ``random.Random``: Hypothesis hands
the tests one it controls, the script seeds its own, so a case found by either can be
replayed by the other.

An input starts from a seed file (a Standards, Branch or Region file of the test data),
parsed into a tree that keeps what YAML would lose: duplicate keys, the exact text of
every scalar. Structured mutations edit the tree at any depth (keys deleted, duplicated,
renamed; values of another type, tagged, huge or negative numbers, odd unicode; lists
grown, nesting deepened), then it is written out as YAML; text mutations follow (a
byte-order mark, CRLF, tabs, a truncation, random bytes). ``drive`` writes the case to
disk and runs it in-process through validate, requirements and solve, and ``drive_cli``
through the command line; each returns the promises it saw broken (``findings``), with
the inputs that trip a known, open issue counted apart (``known``).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
STANDARDS = ROOT / "configs" / "standards.yaml"
SOLVE_LIMIT = 0.05  # seconds: enough to reach the result code, not to solve well


# ---------------------------------------------------------------- the tree


class YMap(list):  # type: ignore[type-arg]
    """A mapping as a list of [key text, value] pairs, so that a key may repeat."""


class YSeq(list):  # type: ignore[type-arg]
    """A sequence of values."""


Tree = YMap | YSeq | str  # a str is a scalar's YAML text, ready to write


def _scalar_text(node: yaml.ScalarNode) -> str:
    if node.style is None:  # plain: write it as it was
        return node.value
    return json.dumps(node.value, ensure_ascii=False)  # a JSON string is YAML double-quoted


def to_tree(node: yaml.Node) -> Tree:
    """A composed YAML node as a tree (anchors and aliases come out as copies)."""
    if isinstance(node, yaml.MappingNode):
        return YMap([[_scalar_text(k), to_tree(v)] for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return YSeq(to_tree(v) for v in node.value)
    return _scalar_text(node)


def _inline(value: Tree) -> str | None:
    if isinstance(value, str):
        return value
    if not value:
        return "{}" if isinstance(value, YMap) else "[]"
    return None


def emit(tree: Tree, indent: int = 0) -> list[str]:
    """The tree as block-style YAML lines."""
    pad = " " * indent
    inline = _inline(tree)
    if inline is not None:
        return [pad + inline]
    lines: list[str] = []
    for item in tree:
        head, value = (f"{pad}{item[0]}:", item[1]) if isinstance(tree, YMap) else (f"{pad}-", item)
        text = _inline(value)
        if text is not None:
            lines.append(f"{head} {text}")
        else:
            lines.append(head)
            lines += emit(value, indent + 2)
    return lines


def dump(tree: Tree) -> str:
    """The tree as the text of a YAML file."""
    return "\n".join(emit(tree)) + "\n"


def load_tree(path: Path) -> Tree:
    """A seed file as a tree."""
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert node is not None, path
    return to_tree(node)


# ---------------------------------------------------------------- seeds


@dataclass(frozen=True)
class Seed:
    """A file to mutate, and the partners it is driven with."""

    name: str
    kind: str  # of the mutated file: Standards, Branch or Region
    branch: Path  # the branch driven through requirements and solve
    standards: Path
    region: Path | None = None  # the region.yaml a Region seed mutates
    small: bool = True  # small enough to solve on every example

    @property
    def file(self) -> Path:
        """The file that is mutated."""
        return {"Standards": self.standards, "Branch": self.branch}.get(self.kind) or self.region


_REQ, _SOLVE, _VALID = DATA / "requirements", DATA / "solve", DATA / "valid"
SEEDS: tuple[Seed, ...] = (
    Seed("branch-full", "Branch", _VALID / "full-branch.yaml", STANDARDS, small=False),
    Seed("branch-minimal", "Branch", _VALID / "minimal-branch.yaml", STANDARDS),
    Seed("branch-small", "Branch", _REQ / "small.yaml", _REQ / "standards-small.yaml"),
    Seed("branch-part-timer", "Branch", _SOLVE / "part-timer-and-colleague.yaml",
         _SOLVE / "part-timer.standards.yaml"),
    Seed("branch-guard", "Branch", _SOLVE / "security-guard.yaml",
         _SOLVE / "security-guard.standards.yaml"),
    Seed("standards-full", "Standards", _VALID / "minimal-branch.yaml", STANDARDS),
    Seed("standards-small", "Standards", _REQ / "small.yaml", _REQ / "standards-small.yaml"),
    Seed("standards-tiny", "Standards", _SOLVE / "free-two-tellers.yaml",
         _SOLVE / "free-two-tellers.standards.yaml"),
    Seed("region-demo", "Region", _REQ / "small.yaml", _REQ / "standards-small.yaml",
         ROOT / "data" / "regions" / "demo-city" / "region.yaml"),
    Seed("region-security", "Region", _VALID / "security" / "branches" / "guarded-branch.yaml",
         _VALID / "security" / "standards-security.yaml", _VALID / "security" / "region.yaml"),
)


def seed_tree(seed: Seed) -> Tree:
    """The seed's tree; a region's paths point into the case folder (see ``write_case``)."""
    tree = load_tree(seed.file)
    if seed.kind == "Region" and isinstance(tree, YMap):
        for pair in tree:
            if pair[0] == "standards":
                pair[1] = "../standards.yaml"
            elif pair[0] == "branches":
                pair[1] = "branches/"
    return tree


# ---------------------------------------------------------------- structured mutations


NUMBERS = (
    "-1", "0", "-0.5", "-2147483649", "2147483648", "4294967296", "9223372036854775808",
    "-9223372036854775809", "9007199254740993", "1.0e+308", "1.0e+400", "-1.0e+400", "4.9e-324",
    ".inf", "-.inf", ".nan", "0x7fffffffffffffff", "0x" + "f" * 300, "0o777", "0b101",
    "1:1:1:1:1:1", ":".join(["59"] * 40), "1_000_000_000", "9" * 5000, "1e999", "+12",
    "0.1e+1", "0x_1", "1.", "-0",
)
SCALARS = (
    "~", "null", "''", '""', "true", "no", "Yes", "off", "2026-01-01", "2026-13-45",
    "2026-01-01T25:00:00", "'12'", "E001", "teller", "closed", "'09:00-17:00'", "'24:00-09:00'",
    "'00:00-24:00'", "'23:00-24:00'", "mon", "x" * 300, "'" + "y" * 5000 + "'",
)
TEXTS = (
    '"é"', '"名字"', '"\\u202eevil"', '"zero\\u200bwidth"', '"🏦"', '"a\\nb"', '"tab\\there"',
    '"nul\\u0000"', '"\\ud800"', '"\\u0085"', '"\\u2028"', '"control\\u0007"', '"Ω≈ç√"',
    '"  padded  "', '"teller\\u00a0cash"', '"ﬁ"', '"TELLER"', '"%s%n"', '"::error::x"',
    '"[/]"', '"[bold red]x"', '"[link=x]y[/link]"', '"%0A"', '"${HOME}"', '"C:\\\\x"',
)
TAGGED = (
    "!!timestamp nonsense", "!!bool maybe", "!!binary aGVsbG8=", "!!binary ***", "!!int x",
    "!!float x", "!!null x", "!!str 12", "!custom 1", "!!python/object:os.system x",
    "!!python/name:os.system", "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "! 12",
    "!!merge x", "!<tag:yaml.org,2002:int> 3", "!!seq [1]", "!!map {a: 1}",
)
KEYS = (
    "kind", "version", "id", "staff", "roles", "zones", "'1'", "1", "08", "''", "~", "<<",
    '"名字"', '"ki\\u200bnd"', "Kind", "KIND", "true", "2026-01-01", "? x", "'a: b'",
)
DEEP = 80  # deeper than the parser accepts (source.MAX_DEPTH)


def _containers(tree: Tree) -> list[YMap | YSeq]:
    out: list[YMap | YSeq] = []
    stack: list[Tree] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            continue
        out.append(node)
        stack += [item[1] for item in node] if isinstance(node, YMap) else list(node)
    return out


def _slot(tree: Tree, rnd: random.Random) -> tuple[YMap | YSeq, int] | None:
    """A random value position: a container and an index in it."""
    filled = [c for c in _containers(tree) if c]
    if not filled:
        return None
    container = rnd.choice(filled)
    return container, rnd.randrange(len(container))


def _get(container: YMap | YSeq, i: int) -> Tree:
    return container[i][1] if isinstance(container, YMap) else container[i]


def _set(container: YMap | YSeq, i: int, value: Tree) -> None:
    if isinstance(container, YMap):
        container[i][1] = value
    else:
        container[i] = value


def _copy(tree: Tree) -> Tree:
    if isinstance(tree, YMap):
        return YMap([[k, _copy(v)] for k, v in tree])
    if isinstance(tree, YSeq):
        return YSeq(_copy(v) for v in tree)
    return tree


def _value(rnd: random.Random, pool: tuple[str, ...] | None = None) -> Tree:
    if pool is not None:
        return rnd.choice(pool)
    kind = rnd.randrange(6)
    if kind == 0:
        return YSeq(rnd.choice(SCALARS) for _ in range(rnd.randrange(4)))
    if kind == 1:
        return YMap([[rnd.choice(KEYS), rnd.choice(SCALARS)] for _ in range(rnd.randrange(3))])
    return rnd.choice(NUMBERS + SCALARS + TEXTS)


def m_delete(tree: Tree, rnd: random.Random) -> None:
    """Delete a key (with its value) or a list item."""
    slot = _slot(tree, rnd)
    if slot is not None:
        del slot[0][slot[1]]


def m_duplicate(tree: Tree, rnd: random.Random) -> None:
    """Repeat a key (keeping or changing its value) or a list item."""
    slot = _slot(tree, rnd)
    if slot is None:
        return
    container, i = slot
    copy = _copy(container[i]) if isinstance(container, YMap) else [None, _copy(container[i])]
    if isinstance(container, YMap):
        if rnd.random() < 0.5:
            copy[1] = _value(rnd)
        container.insert(rnd.randrange(len(container) + 1), copy)
    else:
        container.insert(rnd.randrange(len(container) + 1), copy[1])


def _rename(key: str, rnd: random.Random) -> str:
    plain = key.strip("'\"")
    choice = rnd.randrange(6)
    if choice == 0 and plain:
        i = rnd.randrange(len(plain))
        return plain[:i] + plain[i + 1:] or "x"  # a typo: a letter dropped
    if choice == 1:
        return plain.upper() or "X"
    if choice == 2:
        return plain + "_x"
    if choice == 3:
        return json.dumps(plain + rnd.choice(("\u200b", "\u00e9", " ")), ensure_ascii=False)
    return rnd.choice(KEYS)


def m_rename(tree: Tree, rnd: random.Random) -> None:
    """Rename a key: a typo, other case, an unknown name, a number, odd unicode."""
    maps = [c for c in _containers(tree) if isinstance(c, YMap) and c]
    if maps:
        container = rnd.choice(maps)
        pair = container[rnd.randrange(len(container))]
        pair[0] = _rename(pair[0], rnd)


def m_swap_type(tree: Tree, rnd: random.Random) -> None:
    """Give a value another type: a list for a number, a mapping for text, and so on."""
    slot = _slot(tree, rnd)
    if slot is not None:
        _set(*slot, _value(rnd))


def m_tag(tree: Tree, rnd: random.Random) -> None:
    """Tag a value, or replace it with a tagged one."""
    slot = _slot(tree, rnd)
    if slot is None:
        return
    old = _get(*slot)
    if isinstance(old, str) and rnd.random() < 0.5:
        _set(*slot, rnd.choice(("!!str ", "!!int ", "!!float ", "!!timestamp ", "!x ")) + old)
    else:
        _set(*slot, rnd.choice(TAGGED))


def m_number(tree: Tree, rnd: random.Random) -> None:
    """Replace a value with a huge, negative, odd or non-finite number."""
    slot = _slot(tree, rnd)
    if slot is not None:
        _set(*slot, rnd.choice(NUMBERS))


def m_scale(tree: Tree, rnd: random.Random) -> None:
    """Multiply a number in place: a volume of millions, a factor of a billion."""
    numbers = [
        (c, i) for c in _containers(tree) for i in range(len(c))
        if isinstance(_get(c, i), str) and re.fullmatch(r"-?\d+(\.\d+)?", _get(c, i))
    ]
    if numbers:
        container, i = rnd.choice(numbers)
        value = float(_get(container, i)) * rnd.choice((-1, 10, 1000, 1e6, 1e9, 2**31, 1e15))
        _set(container, i, str(int(value)) if abs(value) < 1e18 else repr(value))


def m_text(tree: Tree, rnd: random.Random) -> None:
    """Put odd unicode in a value or a key."""
    slot = _slot(tree, rnd)
    if slot is None:
        return
    container, i = slot
    if isinstance(container, YMap) and rnd.random() < 0.3:
        container[i][0] = rnd.choice(TEXTS)
    else:
        _set(container, i, rnd.choice(TEXTS))


def m_grow(tree: Tree, rnd: random.Random) -> None:
    """Repeat an item of a list (staff, shift lengths, skills) up to 30 times; a copied
    employee gets a fresh id, so that larger staffs reach the model."""
    seqs = [c for c in _containers(tree) if isinstance(c, YSeq) and c]
    if not seqs:
        return
    seq = rnd.choice(seqs)
    item = seq[rnd.randrange(len(seq))]
    for n in range(rnd.randrange(1, 30)):
        copy = _copy(item)
        if isinstance(copy, YMap):
            for pair in copy:
                if pair[0] == "id" and rnd.random() < 0.9:
                    pair[1] = f"CLONE-{n}"
        seq.append(copy)


def m_nest(tree: Tree, rnd: random.Random) -> None:
    """Bury a value in nested lists, sometimes deeper than the parser allows."""
    slot = _slot(tree, rnd)
    if slot is None:
        return
    value = _get(*slot)
    for _ in range(rnd.choice((1, 2, 10, DEEP))):
        value = YSeq([value])
    _set(*slot, value)


def _hours(rnd: random.Random) -> str:
    if rnd.random() < 0.2:
        return "closed"
    start = rnd.randrange(0, 47)
    end = rnd.randrange(start + 1, 49)
    return f"'{start // 2:02d}:{start % 2 * 30:02d}-{end // 2:02d}:{end % 2 * 30:02d}'"


def _days(rnd: random.Random) -> str:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return "[" + ", ".join(rnd.sample(days, rnd.randrange(8))) + "]"


def _pick(*values: object) -> Callable[[random.Random], str]:
    return lambda rnd: str(rnd.choice(values))


# Values a field accepts but a real file seldom holds, by the path of the field.
ODD_VALUES: tuple[tuple[re.Pattern[str], Callable[[random.Random], str]], ...] = tuple(
    (re.compile(pattern), make) for pattern, make in (
        (r"opening_hours\.\w+$", _hours),
        (r"^counters\.\w+$", _pick(0, 1, 2, 7, 40, 1000)),
        (r"^volume\.daily\.\w+$", _pick(0, 0.5, 1, 99, 5000, 20000, 100000)),
        (r"^volume\.visitors$", _pick(0, 1, 3000, 100000)),
        (r"weekday_factors\.\w+$", _pick(0, 0.001, 0.5, 3, 10)),
        (r"intraday_profile\.\w+$", _pick(0, 0.001, 5, 50)),
        (r"^customers\.\w+$", _pick(0, 1, 9999, 100000)),
        (r"^grade$", _pick(8, 11, 14)),
        (r"^staff\.\d+\.unavailable$", _days),
        (r"^staff\.\d+\.max_hours_per_week$", _pick(0, 1, 3.5, 4, 12, 40)),
        (r"^staff\.\d+\.role$", _pick("~", "teller", "lobby_manager", "branch_head")),
        (r"^calendar\.slot_minutes$", _pick(15, 30, 60)),
        (r"^calendar\.open_days_per_year$", _pick(1, 200, 365)),
        (r"^labor\.shift_hours$", _pick("[1]", "[4]", "[12]", "[2, 3]", "[8, 4, 6]", "[24]")),
        (r"^labor\.max_hours_per_week$", _pick(1, 4, 20, 168)),
        (r"^labor\.max_days_per_week$", _pick(1, 2, 7)),
        (r"^labor\.working_days_per_year$", _pick(1, 100, 365)),
        (r"\.min_on_duty(\.\w+)?$", _pick(0, 1, 3, 9)),
        (r"\.on_duty$", _pick(0, 1, 4)),
        (r"\.max_occupancy$", _pick(0.01, 0.5, 1)),
        (r"\.percent$", _pick(1, 50, 99.9)),
        (r"\.wait_minutes$", _pick(0, 0.5, 60)),
        (r"\.minutes(_per_\w+)?$", _pick(0, 0.01, 1, 60, 480)),
        (r"\.customers_per_manager$", _pick(1, 5, 100000)),
        (r"\.by_grade\.\w+$", _pick(0, 1, 5)),
        (r"breaks\.\d+\.window$", _hours),
        (r"breaks\.\d+\.minutes$", _pick(15, 30, 60, 120)),
        (r"breaks\.\d+\.min_shift_hours$", _pick(0, 1, 4, 12)),
        (r"^staff\.\d+\.skills$", _pick(
            "[]", "[teller]", "[teller.vip]", "[operations_supervisor]", "[lobby_manager]",
            "[branch_head, teller, lobby_manager, account_manager, operations_supervisor]",
        )),
        (r"^name$", _pick('"名字"', "x", '"a  b"', '"\\u00e9t\\u00e9"')),
        # a region's paths, relative to its folder (the case's standards are one up)
        (r"^standards$", _pick(
            "../standards.yaml", "./../standards.yaml", "../standards.yaml/", "../", "/dev/null",
            "/dev/zero", "region.yaml", "../nowhere.yaml", "branches/b.yaml", "s" * 300, "'.'",
        )),
        (r"^branches$", _pick(
            "branches", "./branches/", "../region/branches", "'.'", "/dev", "branches/b.yaml",
            "nowhere/", "b" * 300, "branches/../branches",
        )),
    )
)


def _leaves(tree: Tree, path: str = "") -> Iterator[tuple[str, YMap | YSeq, int]]:
    if isinstance(tree, str):
        return
    for i, item in enumerate(tree):
        key, value = (item[0], item[1]) if isinstance(tree, YMap) else (str(i), item)
        here = f"{path}.{key}" if path else key
        yield here, tree, i
        yield from _leaves(value, here)


def m_odd(tree: Tree, rnd: random.Random) -> None:
    """An odd value that the schema accepts: a day shorter than any shift, no counters,
    everyone away, a tiny occupancy. These reach sizing and the model."""
    spots = [
        (container, i, make) for path, container, i in _leaves(tree)
        for pattern, make in ODD_VALUES if pattern.search(path)
    ]
    if spots:
        container, i, make = rnd.choice(spots)
        _set(container, i, make(rnd))


STRUCTURED: tuple[Callable[[Tree, random.Random], None], ...] = (
    m_delete, m_duplicate, m_rename, m_swap_type, m_tag, m_number, m_scale, m_text,
    m_grow, m_nest,
)



# ---------------------------------------------------------------- text mutations


SPLICES = (
    b"\x00", b"\xff", b"\xc3", b"\x07", b"\t", b"\r", b": ", b"- ", b"[", b"{", b"}", b"&a ",
    b"*a", b"*nope", b"'", b'"', b"#", b"\n---\n", b"\n...\n", b"%YAML 1.1\n", b"\xe2\x80\xa8",
    b"\xc2\x85", b"\xef\xbb\xbf", b"<<: ", b"? ", b"|\n", b">-\n", b"!!", b"\\", b"\x1b[31m",
)


def _line_starts(raw: bytes) -> list[int]:
    return [0] + [i + 1 for i, b in enumerate(raw) if b == 0x0A]


def t_bom(raw: bytes, rnd: random.Random) -> bytes:
    """A byte-order mark, as Windows editors write."""
    return b"\xef\xbb\xbf" + raw


def t_crlf(raw: bytes, rnd: random.Random) -> bytes:
    """CRLF line ends, or old-Mac CR alone."""
    return raw.replace(b"\n", rnd.choice((b"\r\n", b"\r")))


def t_tabs(raw: bytes, rnd: random.Random) -> bytes:
    """A tab where a line is indented with spaces."""
    starts = [i for i in _line_starts(raw) if raw[i:i + 2] == b"  "]
    if not starts:
        return raw
    i = rnd.choice(starts)
    return raw[:i] + b"\t" + raw[i + 2:]


def t_truncate(raw: bytes, rnd: random.Random) -> bytes:
    """The file cut off at any byte, even inside a UTF-8 character."""
    return raw[: rnd.randrange(len(raw) + 1)]


def t_flip(raw: bytes, rnd: random.Random) -> bytes:
    """A few bytes overwritten at random."""
    data = bytearray(raw)
    for _ in range(rnd.randrange(1, 6)):
        if data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data)


def t_splice(raw: bytes, rnd: random.Random) -> bytes:
    """A piece of YAML syntax or an odd byte put in anywhere."""
    i = rnd.randrange(len(raw) + 1)
    return raw[:i] + rnd.choice(SPLICES) + raw[i:]


def t_cut_span(raw: bytes, rnd: random.Random) -> bytes:
    """A span of lines deleted, or repeated."""
    starts = _line_starts(raw)
    a, b = sorted(rnd.choice(starts) for _ in range(2))
    return raw[:a] + raw[b:] if rnd.random() < 0.5 else raw[:b] + raw[a:b] + raw[b:]


def t_encoding(raw: bytes, rnd: random.Random) -> bytes:
    """The text saved in another encoding."""
    text = raw.decode("utf-8", "replace")
    return text.encode(rnd.choice(("latin-1", "utf-16", "utf-16-le", "gb18030")), "replace")


def t_alias(raw: bytes, rnd: random.Random) -> bytes:
    """An anchor on one value and an alias to it on another."""
    hits = [m.end() for m in re.finditer(rb": ", raw)]
    if len(hits) < 2:
        return raw
    a, b = sorted(rnd.sample(hits, 2))
    alias = rnd.choice((b"*a ", b"*a\n", b"*b "))
    return raw[:a] + b"&a " + raw[a:b] + alias + raw[b:]


TEXTUAL: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    t_bom, t_crlf, t_tabs, t_truncate, t_flip, t_splice, t_cut_span, t_encoding, t_alias,
)


@dataclass(frozen=True)
class FuzzInput:
    """The bytes of one mutated file, and how they were made."""

    seed: Seed
    data: bytes
    family: str  # structured, text, structured+text, truncated, random-bytes
    steps: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The kind of input, for counts: the file kind and the family."""
        return f"{self.seed.kind}/{self.family}"


def _family(steps: list[str]) -> str:
    if not steps:
        return "seed"
    if all(s in ("m_odd", "m_grow", "t_bom", "t_crlf") for s in steps):
        return "odd"
    structured = any(s.startswith("m_") for s in steps)
    if not structured and "t_truncate" in steps:
        return "truncated"
    textual = any(s.startswith("t_") for s in steps)
    return "structured+text" if structured and textual else "structured" if structured else "text"


def make_input(seed: Seed, rnd: random.Random) -> FuzzInput:
    """One hostile file made from ``seed``; every choice comes from ``rnd``.

    Families: random bytes (5 %); odd but valid values (30 %, with a BOM or CRLF now and
    then); hostile structured mutations (45 %, a third with text mutations on top);
    text mutations alone (20 %).
    """
    roll = rnd.random()
    if roll < 0.05:
        return FuzzInput(seed, rnd.randbytes(rnd.randrange(600)), "random-bytes")
    tree = seed_tree(seed)
    steps: list[str] = []
    odd, structured = roll < 0.35, 0.35 <= roll < 0.8
    for _ in range(rnd.choice((1, 1, 2, 3, 4)) if odd or structured else 0):
        mutation = rnd.choice((m_odd, m_odd, m_odd, m_grow) if odd else STRUCTURED)
        mutation(tree, rnd)
        steps.append(mutation.__name__)
    raw = dump(tree).encode("utf-8")
    textual: tuple[Callable[[bytes, random.Random], bytes], ...] = ()
    if odd and rnd.random() < 0.2:
        textual = (rnd.choice((t_bom, t_crlf)),)
    elif not odd and (not structured or rnd.random() < 0.3):
        textual = tuple(rnd.choice(TEXTUAL) for _ in range(rnd.choice((1, 1, 2))))
    for mutation in textual:
        raw = mutation(raw, rnd)
        steps.append(mutation.__name__)
    return FuzzInput(seed, raw, _family(steps), tuple(steps))


# ---------------------------------------------------------------- cases on disk


@dataclass(frozen=True)
class Case:
    """One input written to disk with its partner files, ready to drive."""

    target: Path  # the mutated file
    branch: Path  # driven through requirements and solve
    standards: Path | None  # passed as --standards; None: the region's own
    paths: tuple[Path, ...]  # what validate is given
    region: Path | None = None  # the region folder, for Region inputs


def write_case(folder: Path, item: FuzzInput) -> Case:
    """Write ``item`` into an empty ``folder``, with the partners its seed names."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    seed = item.seed
    if seed.kind == "Branch":
        target = folder / "branch.yaml"
        target.write_bytes(item.data)
        return Case(target, target, seed.standards, (target,))
    if seed.kind == "Standards":
        target, branch = folder / "standards.yaml", folder / "branch.yaml"
        target.write_bytes(item.data)
        shutil.copyfile(seed.branch, branch)
        return Case(target, branch, target, (target, branch))
    region = folder / "region"
    (region / "branches").mkdir(parents=True)
    target, branch = region / "region.yaml", region / "branches" / "b.yaml"
    target.write_bytes(item.data)
    shutil.copyfile(seed.branch, branch)
    shutil.copyfile(seed.standards, folder / "standards.yaml")
    return Case(target, branch, None, (region,), region)


# ---------------------------------------------------------------- promises


PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): \[(error|warning)\] ", re.M)
STATUSES = ("optimal", "feasible", "error")
HANG_SECONDS = 30.0  # the issue's bound; a slower input is a finding


class Hang(Exception):
    """Raised by the alarm when one stage takes longer than ``HANG_SECONDS``."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the main thread if the block runs longer than ``seconds``."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _lines_of(path: Path) -> int | None:
    """How many lines the file has, or None when there is no regular file to name."""
    try:
        if not path.is_file():
            return None
        text = path.read_bytes().decode("utf-8-sig", "replace")
    except OSError:
        return None
    return len(text.splitlines()) or None


def position_findings(
    file: str, line: int, column: int, code: str = "", lines: dict[str, int | None] | None = None
) -> list[str]:
    """What is wrong with a problem's position: line 0 in a file that has lines to name,
    a line past the end of the file, or an internal error. ``lines`` caches line counts
    by file, for the many problems of one file."""
    out = []
    if code == "internal-error":
        out.append(f"internal-error reported on {file}")
    lines = {} if lines is None else lines
    if file not in lines:
        lines[file] = _lines_of(Path(file))
    count = lines[file]
    if line == 0 and count is not None:
        out.append(f"{code or 'a problem'} at line 0 of {file}, which has {count} lines")
    if count is not None and line > count + 1:
        out.append(f"{code} at line {line} of {file}, which has {count} lines")
    if line > 0 and column < 1:
        out.append(f"{code} at column {column} of line {line} of {file}")
    return out


def problem_findings(problems: list[Any]) -> list[str]:
    """The position findings of a list of ``Problem``s."""
    out: list[str] = []
    lines: dict[str, int | None] = {}
    for p in problems:
        out += position_findings(p.file, p.line, p.column, p.code, lines)
        if p.level not in ("error", "warning") or not p.message:
            out.append(f"malformed problem {p!r}")
    return out


def _crash(stage: str, exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "staffopt" in f.filename]
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{stage}: {type(exc).__name__}: {str(exc)[:100]}{where}"


@dataclass
class Outcome:
    """What happened to one case: how far it got, and any broken promise."""

    stage: str = "start"  # validate, rejected, requirements, solved, known
    findings: list[str] = field(default_factory=list)
    known: str | None = None  # the known issue the input trips, if any


@contextmanager
def _stage(outcome: Outcome, name: str) -> Iterator[None]:
    """Run one stage; any exception but ConfigError (which callers expect) is a finding."""
    from staffopt.problems import ConfigError

    try:
        with deadline(HANG_SECONDS):
            yield
    except ConfigError:
        raise
    except Exception as exc:
        outcome.findings.append(_crash(name, exc))
        raise _Stop from None


class _Stop(Exception):
    """Ends a drive after a finding; the later stages depend on the failed one."""


# Open issues outside the loading layer that the fuzz trips, by name: what goes wrong.
# None is open: the two found so far (issue 17: a week in which no shift fits any day,
# and an absurd volume that sizing took minutes over) are fixed, and tests/test_fuzz.py
# asserts how each input of tests/data/hostile/ is now handled. A new one gets an entry
# here, its recognition in ``known_issue``, and a strict xfail in tests/test_fuzz.py.
KNOWN_ISSUES: dict[str, str] = {}


def known_issue(inp: Any) -> str | None:
    """The open issue of ``KNOWN_ISSUES`` a loaded input would trip, if any.

    The drive stops before the stage that would hang or crash on it; with no issue open,
    every input that loads runs on through requirements (and solve).
    """
    del inp  # nothing to recognise while no issue is open
    return None


def _relevant_errors(problems: list[Any]) -> list[Any]:
    # a region's branches folder does not concern the branch: load_branch never looks
    return [p for p in problems if p.level == "error" and p.code != "no-branches"]


def _load(case: Case, out: Outcome, problems: list[Any]) -> Any:
    """load_branch, checked against what validate said; None when it refuses."""
    from staffopt.config import load_branch
    from staffopt.problems import ConfigError

    errors = _relevant_errors(problems)
    try:
        with _stage(out, "load_branch"):
            inp = load_branch(case.branch, case.standards)
    except ConfigError as error:
        out.findings += problem_findings(error.problems)
        if not errors:
            out.findings.append(f"load_branch refused what validate passed: {error.problems[0]}")
        out.stage = "rejected"
        return None
    if errors:
        out.findings.append(f"load_branch took what validate refused: {errors[0]}")
    out.findings += problem_findings(inp.warnings)
    return inp


def _drive(case: Case, out: Outcome, solve_it: bool) -> None:
    from staffopt.batch import open_region
    from staffopt.problems import ConfigError
    from staffopt.requirements import compute
    from staffopt.solve import solve
    from staffopt.validate import validate_paths

    out.stage = "validate"
    with _stage(out, "validate"):
        problems = validate_paths(list(case.paths), case.standards)
    out.findings += problem_findings(problems)
    if case.region is not None:
        try:
            with _stage(out, "open_region"):
                open_region(case.region)
        except ConfigError as error:
            out.findings += problem_findings(error.problems)
    inp = _load(case, out, problems)
    if inp is None:
        return
    out.known = known_issue(inp)
    if out.known is not None:
        out.stage = "known"
        return
    with _stage(out, "requirements"):
        compute(inp.standards, inp.branch)
    out.stage = "requirements"
    if not solve_it:
        return
    with _stage(out, "solve"):
        result = solve(inp, time_limit=SOLVE_LIMIT)
        data = json.loads(result.to_json())
    if data.get("status") not in STATUSES:
        out.findings.append(f"solve: status {data.get('status')!r}")
    out.stage = "solved"


def drive(case: Case, *, solve_it: bool = True) -> Outcome:
    """Run a case in-process through validate, the region (if any), load_branch,
    requirements and (with ``solve_it``) a solve with a tiny time limit."""
    out = Outcome()
    with suppress(_Stop):
        _drive(case, out, solve_it)
    return out


def cli_findings(command: str, result: Any) -> list[str]:
    """The broken promises of one CliRunner result: its exit code, any exception or
    traceback, and the position of every problem line it printed."""
    out = []
    if result.exit_code not in (0, 1, 2):
        out.append(f"{command}: exit code {result.exit_code}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        out.append(_crash(f"{command} (cli)", result.exception))
    text = result.stdout + result.stderr
    if "Traceback" in text:
        out.append(f"{command}: a traceback in the output")
    lines: dict[str, int | None] = {}
    for match in PROBLEM_LINE.finditer(text):
        out += position_findings(match["file"], int(match["line"]), int(match["col"]), "", lines)
    return out


def drive_cli(
    case: Case, *, solve_it: bool = True, fmt: str = "json", batch: bool = False
) -> list[str]:
    """Run a case through the command line: validate, requirements and solve, with
    ``fmt`` (json or table) as the output format of the last two; with ``batch``, a
    Region case also goes through ``batch`` (one worker; it starts a process pool)."""
    from typer.testing import CliRunner

    from staffopt.cli import app

    std = ["--standards", str(case.standards)] if case.standards is not None else []
    commands = [["validate", *map(str, case.paths), *std]]
    if solve_it:
        branch = [str(case.branch), *std, "--format", fmt]
        commands += [["requirements", *branch], ["solve", *branch, "--time-limit", "0.1"]]
    if solve_it and batch and case.region is not None:
        out = case.region.parent / "out"
        commands.append(["batch", str(case.region), "--out", str(out), "--workers", "1",
                         "--time-limit", "0.1"])
    findings: list[str] = []
    runner = CliRunner()
    for args in commands:
        try:
            with deadline(HANG_SECONDS * (3 if args[0] == "batch" else 1)):
                result = runner.invoke(app, args)
        except Hang as exc:
            findings.append(f"{args[0]} (cli): {exc}")
            continue
        findings += cli_findings(args[0], result)
    return findings


# ---------------------------------------------------------------- path cases


def path_cases(folder: Path) -> dict[str, Path]:
    """Paths that are no readable YAML file, made in ``folder``, by name.

    A FIFO (an open for reading would block), a device, a folder, a symlink loop, a
    dangling link, names too long for the system, a missing file, an unreadable file
    (``/proc/self/mem`` for root, whom no permission stops) and a sparse file over
    the size limit.
    """
    import os

    folder.mkdir(parents=True, exist_ok=True)
    cases = {
        "fifo": folder / "fifo.yaml",
        "dev-zero": Path("/dev/zero"),
        "folder": folder / "folder.yaml",
        "symlink-loop": folder / "loop.yaml",
        "dangling-link": folder / "dangling.yaml",
        "long-name": folder / ("n" * 300 + ".yaml"),
        "long-folder": folder / ("d" * 300) / "branch.yaml",
        "missing": folder / "missing.yaml",
        "unreadable": folder / "secret.yaml",
        "too-large": folder / "large.yaml",
    }
    if not cases["fifo"].exists():
        os.mkfifo(cases["fifo"])
        cases["folder"].mkdir()
        cases["symlink-loop"].symlink_to(cases["symlink-loop"])
        cases["dangling-link"].symlink_to(folder / "nowhere.yaml")
        cases["unreadable"].write_text("kind: Branch\n", encoding="utf-8")
        cases["unreadable"].chmod(0)
        with cases["too-large"].open("wb") as handle:
            handle.truncate(6_000_000)  # sparse: costs no disk
    if os.geteuid() == 0:
        cases["unreadable"] = Path("/proc/self/mem")  # a read error even for root
    return cases


def path_commands(path: Path, branch: Path, standards: Path, out: Path) -> list[list[str]]:
    """Every way a command line can be handed ``path``: as the file to check, the branch,
    the standards, the region."""
    p, b, s = str(path), str(branch), str(standards)
    return [
        ["validate", p],
        ["validate", b, "--standards", p],
        ["requirements", p, "--standards", s],
        ["requirements", b, "--standards", p],
        ["solve", p, "--standards", s, "--time-limit", "0.1"],
        ["solve", b, "--standards", p, "--time-limit", "0.1"],
        ["batch", p, "--out", str(out)],
    ]


def drive_path(args: list[str]) -> tuple[int, list[str]]:
    """One command on a path case: its exit code, and its broken promises."""
    from typer.testing import CliRunner

    from staffopt.cli import app

    try:
        with deadline(HANG_SECONDS):
            result = CliRunner().invoke(app, args)
    except Hang as exc:
        return -1, [f"{' '.join(args[:1])}: {exc}"]
    return result.exit_code, cli_findings(args[0], result)
