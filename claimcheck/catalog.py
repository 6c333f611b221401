"""The only module that reads and writes claims.yaml, the claims catalogue.

Round-trip YAML (ruamel.yaml) so comments and hand edits survive; each claim's `review`
block belongs to people and is carried over untouched. Writes are atomic: a temporary file
in the same folder, then a rename, so a killed run leaves the previous file whole.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from claimcheck.model import Analysis, DocumentResult

SCHEMA = 1
HEADER = """\
# claimcheck claims catalogue: every claim found in the audited documents.
# `claimcheck audit` keeps the generated fields up to date. The `review` block of a claim
# belongs to people: the tool never changes it and never drops a reviewed claim.
"""


class CatalogError(Exception):
    """claims.yaml cannot be used: one line naming the file and, where known, the line."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(path: Path) -> CommentedMap:
    """The catalogue as a round-trip mapping; an empty one when the file does not exist."""
    if not path.exists():
        return CommentedMap(schema=SCHEMA, claims=CommentedSeq())
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CatalogError(path, f"malformed YAML: {exc.problem}",
                           mark.line + 1 if mark else None) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(path, f"cannot read: {exc}") from None
    if data is None:
        return CommentedMap(schema=SCHEMA, claims=CommentedSeq())
    if not isinstance(data, CommentedMap) or not isinstance(data.get("claims", []), list):
        raise CatalogError(path, "expected a mapping with a 'claims' list")
    seen: dict[str, int] = {}
    for entry in data.get("claims") or []:
        line = entry.lc.line + 1 if hasattr(entry, "lc") else None
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise CatalogError(path, "each claim needs an 'id'", line)
        if entry["id"] in seen:
            raise CatalogError(path, f"duplicate claim id {entry['id']!r} "
                                     f"(first at line {seen[entry['id']]})", line)
        seen[entry["id"]] = line or 0
    data.setdefault("claims", CommentedSeq())
    return data


def update(path: Path, results: Sequence[DocumentResult]) -> bool:
    """Merge the claims of the audited documents into the catalogue. True if the file changed."""
    data = load(path)
    audited = {_relative(path, r.path) for r in results}
    existing = {entry["id"]: entry for entry in data["claims"]}
    current: dict[str, tuple[Analysis, list[tuple[str, int]]]] = {}
    for result in results:
        where = _relative(path, result.path)
        for analysis in result.analyses:
            if analysis.decision.claim:
                current.setdefault(analysis.id, (analysis, []))[1].append(
                    (where, analysis.statement.line))
    merged = []
    for claim_id, (analysis, places) in current.items():
        entry = existing.get(claim_id, CommentedMap())
        kept = [p for p in _places(entry) if p[0] not in audited]
        merged.append(_fill(entry, analysis, sorted(set(kept + places))))
    for claim_id, entry in existing.items():
        if claim_id in current:
            continue
        kept = [p for p in _places(entry) if p[0] not in audited]
        if kept or entry.get("review"):
            _set_places(entry, kept)
            if not kept:
                entry["orphaned"] = True
            merged.append(entry)
    merged.sort(key=_order)
    data["claims"] = CommentedSeq(merged)
    return _write(path, data)


def _fill(entry: CommentedMap, analysis: Analysis, places: list[tuple[str, int]]) -> CommentedMap:
    """Bring an entry's generated fields up to date in place; people's keys and their order,
    and any comments, stay as they are. A new entry gets the canonical key order."""
    decision = analysis.decision
    values = {
        "id": analysis.id,
        "text": analysis.statement.text,
        "kinds": _flow(decision.kinds),
        "flags": _flow(decision.flags),
        "attribution": analysis.attribution.type,
        "status": analysis.status,
    }
    for key, value in values.items():
        if entry.get(key) != value:
            entry[key] = value
    _set_places(entry, places)
    entry.pop("orphaned", None)
    return entry


def _places(entry: CommentedMap) -> list[tuple[str, int]]:
    return [(str(p["document"]), int(p["line"])) for p in entry.get("places") or []]


def _set_places(entry: CommentedMap, places: list[tuple[str, int]]) -> None:
    if _places(entry) == places:
        return
    seq = CommentedSeq()
    for document, line in places:
        item = CommentedMap(document=document, line=line)
        item.fa.set_flow_style()
        seq.append(item)
    entry["places"] = seq


def _flow(values: tuple[str, ...]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _order(entry: CommentedMap) -> tuple:
    places = _places(entry)
    return (0, *places[0], entry["id"]) if places else (1, "", 0, entry["id"])


def _relative(catalog: Path, shown: str) -> str:
    """A document's path relative to the catalogue's folder, so the file can move with it."""
    target = Path(shown).resolve()
    try:
        return target.relative_to(catalog.resolve().parent).as_posix()
    except ValueError:
        return Path(os.path.relpath(target, catalog.resolve().parent)).as_posix()


def _write(path: Path, data: CommentedMap) -> bool:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    text = buffer.getvalue()
    if not text.startswith("#"):
        text = HEADER + text
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text)
    return True


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
