"""What a claims.yaml may hold, checked field by field as it is read.

Every field has a type, every free-text field a size limit; a file that breaks either is one
`CatalogError` naming the file and line. Two shapes written by earlier versions are repaired
as they are read, never refused: an `attribution` given as a bare type (`attribution: none`)
and a claim id listed twice (an entry and its YAML alias, or two copies): the copies are
merged into one entry that keeps every review.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck import yamlfile
from claimcheck.evidence.registry import Registry
from claimcheck.model import VERDICTS
from claimcheck.yamlfile import YamlFileError

from . import columns, layout
from .writing import HEADER, commented, has_comment, order

SCHEMA = 1
ENTRY_KEYS = ("id", "text", "places", "kinds", "flags", "attribution", "status", "sources",
              "library", "changed_since_review", "orphaned", "review")
REVIEW_KEYS = ("verdict", "sources", "note", "reviewer", "date", "history")
PAST_KEYS = REVIEW_KEYS[:-1]
"""What each earlier review in a `history` keeps."""
TEXT_LIMIT = 20_000
"""Longest claim text, note or other free text, in characters."""
NAME_LIMIT = 200
"""Longest reviewer name, id, kind, flag, status or source id."""
PATH_LIMIT = 4096
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class CatalogError(YamlFileError):
    """claims.yaml cannot be used: one line naming the file and, where known, the line."""


@dataclass(frozen=True)
class Loaded:
    """A validated catalogue as read: the document (its entries plain dicts where the C
    loader or the Parquet dataset gave them, see layout.py and columns.py), the ids that
    were listed more than once and have been merged (the files still hold the copies until
    written), where each YAML entry came from, to write the file back cheaply (None: write
    it whole), and the configured catalog-format, for `save`."""

    data: CommentedMap
    merged: tuple[str, ...] = ()
    layout: layout.Layout | None = None
    fmt: str = "auto"

    def text(self, claims: list[dict] | None = None) -> str:
        """claims.yaml's text for `claims` (by default every entry in `data`)."""
        return "".join(self.pieces(claims))

    def pieces(self, claims: list[dict] | None = None) -> list[str]:
        """`text` in pieces, an entry each where the layout allows (never joined: a large
        catalogue's text is not held twice)."""
        everything = self.data["claims"]
        if self.layout is not None:
            pieces = layout.render(self.layout, list(everything) if claims is None else claims)
            if pieces is not None:
                return pieces if pieces[0].startswith("#") else [HEADER, *pieces]
        if claims is None:  # the list itself kept: it holds the comments between entries
            for index, entry in enumerate(everything):
                everything[index] = commented(entry)
            return [yamlfile.dump(self.data, HEADER)]
        self.data["claims"] = CommentedSeq(commented(entry) for entry in claims)
        try:
            return [yamlfile.dump(self.data, HEADER)]
        finally:
            self.data["claims"] = everything

    def save(self, path: Path) -> bool:
        """Write the catalogue as `data` now holds it: the generated entries to the Parquet
        dataset when the format asks for it (columns.wanted), claims.yaml the rest; each file
        only if its bytes change. The dataset is written before claims.yaml and removed
        after it, so a run cut short leaves at worst a claim in both (read as one), never a
        claim in neither. Returns whether anything was written."""
        claims = list(self.data["claims"])
        dataset = columns.folder(path)
        generated = [entry for entry in claims if _generated(entry)]
        if columns.wanted(self.fmt, generated):
            changed = columns.write(dataset, generated, CatalogError)
            moved = {id(entry) for entry in generated}
            kept = [entry for entry in claims if id(entry) not in moved]
            return yamlfile.write_if_changed(path, self.pieces(kept), CatalogError) or changed
        changed = yamlfile.write_if_changed(path, self.pieces(), CatalogError)
        return columns.remove(dataset, CatalogError) or changed


def _generated(entry: dict) -> bool:
    """Whether an entry holds nothing of people's: no review, no comment, only the fields
    an audit writes (such an entry may live in the Parquet dataset)."""
    return (not entry.get("review") and all(key in columns.KEYS for key in entry)
            and not (isinstance(entry, CommentedMap) and has_comment(entry)))


def read(path: Path, registry: Registry | None = None, fmt: str = "auto",
         memo: layout.Memo | None = None) -> Loaded:
    """The catalogue, validated and repaired in memory; an empty one when the file does not
    exist. Claims in the Parquet dataset beside it (columns.py) are read with it. With a
    registry, every source a review names must be in it; `memo` (layout.read) spares
    reading again entries read before."""
    found = _read_yaml(path, registry, memo)
    generated = []
    for part, entry in columns.read(columns.folder(path), CatalogError):
        _Checker(part, entry, None).entry()
        generated.append(entry)
    if generated:
        claims = found.data["claims"]
        kept, merged = _merge_copies([*claims, *generated])
        kept.sort(key=order)
        found.data["claims"] = CommentedSeq(kept)
        return Loaded(found.data, tuple(sorted({*found.merged, *merged})), found.layout, fmt)
    return Loaded(found.data, found.merged, found.layout, fmt)


def _read_yaml(path: Path, registry: Registry | None, memo: layout.Memo | None) -> Loaded:
    text = yamlfile.read_text(path, CatalogError)
    if text is None or not text.strip():
        return Loaded(CommentedMap([("schema", SCHEMA), ("claims", CommentedSeq())]),
                      layout=layout.fresh(HEADER, SCHEMA) if text is None else None)
    found = layout.read(text, path, SCHEMA, CatalogError, memo)
    if found is not None:
        shape, entries = found
        try:
            return _checked(path, CommentedMap([("schema", SCHEMA),
                                                ("claims", CommentedSeq(entries))]),
                            registry, shape)
        except CatalogError:
            pass  # read whole: its reading, and its error and line, are the ones that count
    data = yamlfile.loads(text, path, CatalogError, repeated_items=True)
    if data is None:
        return Loaded(CommentedMap([("schema", SCHEMA), ("claims", CommentedSeq())]))
    if not isinstance(data, CommentedMap):
        raise CatalogError(path, "expected a mapping at the top of the file")
    return _checked(path, data, registry, None)


def _checked(path: Path, data: CommentedMap, registry: Registry | None,
             shape: layout.Layout | None) -> Loaded:
    unknown = sorted(set(data) - {"schema", "claims"})
    if unknown:
        raise CatalogError(path, f"unknown key {unknown[0]!r}", yamlfile.line(data, unknown[0]))
    if data.get("schema", SCHEMA) != SCHEMA:
        raise CatalogError(path, f"schema {data['schema']!r} is not supported (this version "
                                 f"reads schema {SCHEMA})", yamlfile.line(data, "schema"))
    claims = data.get("claims")
    if claims is None:
        data["claims"] = claims = CommentedSeq()
    if not isinstance(claims, list):
        raise CatalogError(path, "'claims' must be a list", yamlfile.line(data, "claims"))
    checked: set[int] = set()
    for entry in claims:
        if id(entry) not in checked:
            _Checker(path, entry, registry).entry()
            checked.add(id(entry))
    kept, merged = _merge_copies(claims)
    if merged:
        data["claims"] = CommentedSeq(kept)
    return Loaded(data, tuple(merged), shape)


class _Checker:
    """Checks one entry, raising CatalogError at the first field that is wrong."""

    def __init__(self, path: Path, entry: object, registry: Registry | None) -> None:
        self.path, self.node, self.registry = path, entry, registry
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise CatalogError(path, "each claim needs an 'id'", yamlfile.line(entry))
        self.id = entry["id"]

    def fail(self, node: object, key: str | None, message: str) -> CatalogError:
        return CatalogError(self.path, f"claim {self.id}: {message}", yamlfile.line(node, key))

    def entry(self) -> None:
        entry = self.node
        if len(self.id) > NAME_LIMIT or not _ID.fullmatch(self.id):
            raise self.fail(entry, "id", f"bad id {self.id[:40]!r}")
        self.keys(entry, ENTRY_KEYS, "key")
        self.text(entry, "text", TEXT_LIMIT)
        self.text(entry, "status", NAME_LIMIT)
        for key in ("kinds", "flags", "sources"):
            self.names(entry, key)
        self.places(entry)
        self.attribution(entry)
        self.mapping(entry, "library", {"id": str, "match": str, "similarity": float})
        self.mapping(entry, "changed_since_review",
                     {"previous_id": str, "previous_text": str, "similarity": float})
        if not isinstance(entry.get("orphaned", False), bool):
            raise self.fail(entry, "orphaned", "orphaned must be true or false")
        review = entry.get("review")
        if review is not None:
            self.review(review, entry, REVIEW_KEYS)

    def keys(self, node: CommentedMap, known: tuple[str, ...], what: str) -> None:
        unknown = [k for k in node if k not in known]
        if unknown:
            raise self.fail(node, unknown[0], f"unknown {what} {str(unknown[0])[:40]!r} "
                                              f"(known: {', '.join(known)})")

    def text(self, node: CommentedMap, key: str, limit: int) -> None:
        value = node.get(key)
        if value is None:
            return
        if not isinstance(value, str):
            raise self.fail(node, key, f"{key} must be text (quote it)")
        if len(value) > limit:
            raise self.fail(node, key, f"{key} is {len(value):,} characters long "
                                       f"(at most {limit:,})")

    def names(self, node: CommentedMap, key: str) -> None:
        value = node.get(key)
        if value is None:
            return
        if not isinstance(value, list) or not all(
                isinstance(v, str) and len(v) <= NAME_LIMIT for v in value):
            raise self.fail(node, key, f"{key} must be a list of names")
        if len(value) > NAME_LIMIT:
            raise self.fail(node, key, f"{key} has {len(value)} items (at most {NAME_LIMIT})")

    def places(self, entry: CommentedMap) -> None:
        places = entry.get("places")
        if places is None:
            return
        if not isinstance(places, list):
            raise self.fail(entry, "places", "places must be a list of {document, line}")
        for place in places:
            if not isinstance(place, dict) or set(place) != {"document", "line"}:
                raise self.fail(place if isinstance(place, dict) else entry, None,
                                "each place needs exactly a document and a line")
            document, number = place["document"], place["line"]
            if not isinstance(document, str) or not 0 < len(document) <= PATH_LIMIT:
                raise self.fail(place, "document", "a place's document must be a path")
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise self.fail(place, "line", f"a place's line must be a number from 1, "
                                               f"not {str(number)[:40]!r}")

    def attribution(self, entry: CommentedMap) -> None:
        said = entry.get("attribution")
        if isinstance(said, str):  # the older shape: the type alone
            said = CommentedMap(type=said)
            said.fa.set_flow_style()
            entry["attribution"] = said
        self.mapping(entry, "attribution", {"type": str, "text": str})
        if said is not None and not isinstance(said.get("type"), str):
            raise self.fail(said, None, "attribution needs a type")

    def mapping(self, node: CommentedMap, key: str, fields: dict[str, type]) -> None:
        value = node.get(key)
        if value is None:
            return
        if not isinstance(value, dict):
            raise self.fail(node, key, f"{key} must be a mapping of {', '.join(fields)}")
        self.keys(value, tuple(fields), f"{key} key")
        for name, kind in fields.items():
            item = value.get(name)
            if item is None:
                continue
            if kind is float:
                if isinstance(item, bool) or not isinstance(item, int | float):
                    raise self.fail(value, name, f"{key}.{name} must be a number")
            elif not isinstance(item, str) or len(item) > TEXT_LIMIT:
                raise self.fail(value, name, f"{key}.{name} must be text of at most "
                                             f"{TEXT_LIMIT:,} characters")

    def review(self, review: object, entry: dict, known: tuple[str, ...]) -> None:
        if not isinstance(review, dict):
            raise self.fail(entry, "review", "a review must be a mapping")
        self.keys(review, known, "review key")
        if review.get("verdict") not in VERDICTS:
            raise self.fail(review, "verdict", f"unknown verdict "
                                               f"{str(review.get('verdict'))[:40]!r} "
                                               f"(known: {', '.join(VERDICTS)})")
        self.names(review, "sources")
        if self.registry is not None:
            missing = [s for s in review.get("sources") or () if self.registry.get(s) is None]
            if missing:
                raise self.fail(review, "sources", f"review names source {missing[0]!r}, "
                                                   f"which is not in the registry")
        self.text(review, "note", TEXT_LIMIT)
        self.text(review, "reviewer", NAME_LIMIT)
        date = review.get("date")
        if date is not None and not isinstance(date, dt.date):
            try:
                dt.date.fromisoformat(str(date))
            except ValueError:
                raise self.fail(review, "date", f"{str(date)[:40]!r} is not a date "
                                                f"(YYYY-MM-DD)") from None
        history = review.get("history")
        if history is None:
            return
        if not isinstance(history, list):
            raise self.fail(review, "history", "history must be a list of earlier reviews")
        for past in history:
            self.review(past, review, PAST_KEYS)


def _merge_copies(claims: list) -> tuple[list, list[str]]:
    """One entry per id: later copies are folded into the first (places joined; a review
    the first lacks is taken, a different one kept in its history)."""
    first: dict[str, CommentedMap] = {}
    kept, merged = [], []
    for entry in claims:
        claim_id = entry["id"]
        if claim_id not in first:
            first[claim_id] = entry
            kept.append(entry)
            continue
        merged.append(claim_id)
        original = first[claim_id]
        if entry is original:
            continue
        places = original.get("places") or []
        extra = [p for p in entry.get("places") or [] if p not in places]
        if extra:
            original["places"] = CommentedSeq([*places, *extra])
        review = entry.get("review")
        if review and not original.get("review"):
            original["review"] = review
        elif review and not same_review(review, original["review"]):
            keep_in_history(original["review"], review)
    return kept, sorted(set(merged))


def same_review(one: dict, other: dict) -> bool:
    """Whether two reviews say the same thing, by the same person (the date aside)."""
    def said(review: dict) -> tuple:
        return (review.get("verdict"), tuple(review.get("sources") or ()),
                review.get("note") or None, review.get("reviewer") or None)

    return said(one) == said(other)


def keep_in_history(review: CommentedMap, past: dict) -> None:
    """Add an earlier review (and any history of its own) to `review`'s history, oldest first."""
    history = review.get("history")
    if history is None:
        history = review["history"] = CommentedSeq()
    for item in [*(past.get("history") or ()), past]:
        record = CommentedMap((k, item[k]) for k in PAST_KEYS if item.get(k) is not None)
        if not any(same_review(record, h) and h.get("date") == record.get("date")
                   for h in history):
            history.append(record)
    history.sort(key=lambda h: str(h.get("date") or ""))
