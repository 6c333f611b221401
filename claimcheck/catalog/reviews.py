"""What people do to claims.yaml: verdicts (with the history of the ones they replace),
pruning orphans, accepting suggestions. Each is one locked read-modify-write, written
atomically, or not at all on any error."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck import yamlfile
from claimcheck.evidence.registry import Registry
from claimcheck.model import VERDICTS, Review

from .library import as_review
from .schema import (
    NAME_LIMIT,
    PAST_KEYS,
    TEXT_LIMIT,
    CatalogError,
    keep_in_history,
    read,
    same_review,
)
from .writing import flow, flow_map


def entries(path: Path, registry: Registry | None = None) -> list[CommentedMap]:
    """The catalogue's entries, validated, one per id (read-only use)."""
    return list(read(path, registry).data["claims"])


def set_review(path: Path, claim_id: str, registry: Registry | None, *, verdict: str,
               sources: Sequence[str] = (), note: str | None = None,
               reviewer: str | None = None, date: str | None = None,
               fmt: str = "auto") -> Review | None:
    """Record a person's verdict on a claim: exactly what they gave, nothing of an earlier
    reviewer's. A review that says something else than the one in place moves that one into
    the `history` and is returned, so the caller can say what it replaced."""
    if verdict not in VERDICTS:
        raise CatalogError(path, f"unknown verdict {verdict!r} (known: {', '.join(VERDICTS)})")
    if note is not None and len(note) > TEXT_LIMIT:
        raise CatalogError(path, f"the note is {len(note):,} characters (at most {TEXT_LIMIT:,})")
    if reviewer is not None and len(reviewer) > NAME_LIMIT:
        raise CatalogError(path, f"the reviewer's name is over {NAME_LIMIT} characters")
    with yamlfile.locked(path, CatalogError):
        loaded = read(path, registry, fmt)
        data = loaded.data
        entry = next((e for e in data["claims"] if e["id"] == claim_id), None)
        if entry is None:
            raise CatalogError(path, f"no claim {claim_id!r} (ids are listed in the file and "
                                     f"by `claimcheck scan --format json`)")
        missing = [s for s in sources if registry is not None and registry.get(s) is None]
        if missing:
            raise CatalogError(path, f"source {missing[0]!r} is not in the registry")
        given = {"verdict": verdict, "sources": flow(tuple(sources)) if sources else None,
                 "note": note or None, "reviewer": reviewer or None,
                 "date": dt.date.fromisoformat(date) if date else None}
        review = entry.get("review")
        replaced = None
        if not isinstance(review, CommentedMap):
            review = entry["review"] = CommentedMap()
        elif review.get("verdict") and not same_review(review, given):
            replaced = as_review(review)
            keep_in_history(review, {k: review.get(k) for k in PAST_KEYS})
        for key in PAST_KEYS:
            if given[key] is None:
                review.pop(key, None)
            elif review.get(key) != given[key]:
                review[key] = given[key]
        if "history" in review:  # after the review's own keys, whatever order they had
            review.move_to_end("history")
        entry.pop("changed_since_review", None)
        loaded.save(path)
        return replaced


def prune(path: Path, fmt: str = "auto") -> int:
    """Remove orphaned claims (reviewed claims no document contains any more)."""
    with yamlfile.locked(path, CatalogError):
        loaded = read(path, fmt=fmt)
        claims = loaded.data["claims"]
        kept = [e for e in claims if not e.get("orphaned")]
        removed = len(claims) - len(kept)
        if removed or loaded.merged:
            loaded.data["claims"] = CommentedSeq(kept)
            loaded.save(path)
        return removed


def accept_suggestions(path: Path, registry: Registry | None = None,
                       fmt: str = "auto") -> list[tuple[str, str]]:
    """Copy the review of each suggested library match onto the claim it was suggested for.
    Returns (claim id, library id) pairs."""
    with yamlfile.locked(path, CatalogError):
        loaded = read(path, registry, fmt)
        data = loaded.data
        by_id = {e["id"]: e for e in data["claims"]}
        accepted = []
        for entry in data["claims"]:
            library = entry.get("library")
            if not library or library.get("match") != "suggested" or entry.get("review"):
                continue
            source = by_id.get(library.get("id"))
            if source is None or not source.get("review"):
                continue
            entry["review"] = copy.deepcopy(source["review"])
            entry["library"] = flow_map(id=library["id"], match="accepted",
                                        similarity=library.get("similarity"))
            accepted.append((entry["id"], library["id"]))
        if accepted:
            loaded.save(path)
        return accepted
