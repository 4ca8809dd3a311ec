"""The parts of a file that did load, when others failed their schema.

So that one run reports every problem (design §7), a file with schema errors is
validated again without the values that failed; the model that then loads is given
to the cross-checks. A required top-level value that failed is replaced by a neutral
stand-in. ``Gaps`` tells the checks what is missing, so that a check which needs the
whole of a value (every employee, every counter) stays silent rather than report what
the missing part would have answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from staffopt.config.source import SourceMap

Path_ = tuple[str, ...]
MAX_ROUNDS = 12  # each round drops at least one value; real files need two or three

# Neutral values for required top-level fields, per kind: checks of such a field are
# skipped (see ``Salvage.unknown``), and the others find nothing in them.
STAND_INS: dict[str, dict[str, Any]] = {
    "Branch": {"id": "unknown", "grade": 8, "volume": {"daily": {}}},
    "Standards": {
        "name": "unknown",
        "calendar": {"slot_minutes": 60, "opening_hours": {}, "open_days_per_year": 1},
        "labor": {
            "shift_hours": [1], "max_hours_per_week": 1, "max_days_per_week": 1,
            "working_days_per_year": 1,
        },
        "transactions": {"unknown": {"minutes": 1, "zone": "self_service"}},
        "roles": {"unknown": {"sizing": "presence", "on_duty": 0}},
    },
    "Region": {"name": "unknown"},
    "Scenario": {"name": "unknown"},
}


@dataclass(frozen=True)
class Gaps:
    """What a partly loaded model lacks, by its own paths (list positions as text)."""

    lost: frozenset[Path_] = frozenset()  # mappings and lists that lost an entry
    gone: frozenset[Path_] = frozenset()  # the keys they lost (a default may stand there)
    stand_ins: frozenset[str] = frozenset()  # top-level fields that hold stand-ins

    def real(self, name: str) -> bool:
        """Whether a top-level field holds the file's value, not a stand-in."""
        return name not in self.stand_ins

    def kept(self, *path: object) -> bool:
        """Whether the value at ``path`` is the file's and kept all its entries."""
        at = tuple(str(part) for part in path)
        if at in self.lost or (at and at[0] in self.stand_ins):
            return False
        return not any(at[:n] in self.gone for n in range(1, len(at) + 1))

    def whole(self, *path: object) -> bool:
        """Whether the value at ``path`` is the file's and lost nothing at any depth."""
        at = tuple(str(part) for part in path)
        return self.kept(*at) and not any(p[: len(at)] == at for p in self.lost)


WHOLE = Gaps()  # a model that loaded whole


@dataclass
class Salvage:
    """A model of the parts that loaded, placed in the original file."""

    model: BaseModel
    map: SourceMap  # the model's paths -> marks in the file
    gaps: Gaps


def _prune(data: Any, dropped: set[Path_], origin: dict[Path_, Path_],
           old: Path_ = (), new: Path_ = ()) -> Any:
    """A copy of ``data`` without the dropped paths; ``origin`` maps new paths to old."""
    origin[new] = old
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            child = (*old, str(key))
            if child not in dropped:
                out[key] = _prune(value, dropped, origin, child, (*new, str(key)))
        return out
    if isinstance(data, list):
        items = []
        for i, value in enumerate(data):
            child = (*old, str(i))
            if child not in dropped:
                items.append(_prune(value, dropped, origin, child, (*new, str(len(items)))))
        return items
    return data


def _key_of(node: dict[Any, Any], part: object) -> Any:
    """The key of ``node`` that reads as ``part``, or None.

    Looked up first, then searched: a file of 40,000 unknown keys has as many errors, and
    a search for each would take minutes.
    """
    if isinstance(part, str) and part in node:
        return part
    return next((k for k in node if str(k) == str(part)), None)


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """The path of the value a pydantic location points at, as deep as the data goes.

    Parts that name no value (a union tag, ``[key]``, a missing key) are skipped.
    """
    path: Path_ = ()
    node = data
    for part in loc:
        if isinstance(node, dict):
            key = _key_of(node, part)
            if key is None:
                continue
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        path = (*path, str(part))
    return path


def _remap(smap: SourceMap, origin: dict[Path_, Path_]) -> SourceMap:
    values = {new: smap.values[old] for new, old in origin.items() if old in smap.values}
    keys = {new: smap.keys[old] for new, old in origin.items() if old in smap.keys}
    return SourceMap(smap.file, values, keys)


def _in_mapping(data: Any, path: Path_) -> bool:
    """Whether the value at ``path`` of the original data is a mapping's entry."""
    node = data
    for part in path[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[_key_of(node, part)]
    return isinstance(node, dict)


def _gaps(data: Any, origin: dict[Path_, Path_], dropped: set[Path_],
          stand_ins: set[str]) -> Gaps:
    new_of = {old: new for new, old in origin.items()}
    kept = [path for path in dropped if path[:-1] in new_of]
    lost = {new_of[path[:-1]] for path in kept}
    # a list's later items move up, so only a mapping's lost key names a place
    gone = {(*new_of[path[:-1]], path[-1]) for path in kept if _in_mapping(data, path)}
    return Gaps(frozenset(lost), frozenset(gone), frozenset(stand_ins))


def salvage(model: type[BaseModel], kind: str, data: dict[str, Any],
            smap: SourceMap) -> Salvage | None:
    """The model of what loads once every failing value is left out, or None.

    None when nothing useful is left: the failure is about the file as a whole, or a
    required top-level value failed that has no stand-in.
    """
    dropped: set[Path_] = set()
    unknown: set[str] = set()
    stand_ins = STAND_INS.get(kind, {})
    for _ in range(MAX_ROUNDS):
        origin: dict[Path_, Path_] = {}
        pruned = _prune(data, dropped, origin)
        pruned.update({name: stand_ins[name] for name in unknown})
        try:
            valid = model.model_validate(pruned)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:
            return Salvage(valid, _remap(smap, origin), _gaps(data, origin, dropped, unknown))
        before = (len(dropped), len(unknown))
        for error in errors:
            loc = tuple(error["loc"])
            path = _data_path(pruned, loc)
            # a required top-level value that failed, or is missing: its stand-in
            name = path[0] if len(path) == 1 else "" if path else str(loc[0]) if loc else ""
            if name in stand_ins and name not in unknown:
                unknown.add(name)
            elif not path or path not in origin:
                return None  # about the file as a whole
            else:
                dropped.add(origin[path])
        if (len(dropped), len(unknown)) == before:
            return None
    return None
