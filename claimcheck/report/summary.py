"""Counts per document and for the corpus, read from the document records a record at a
time and laid out as a pandas frame, one row per document."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from claimcheck import vocab
from claimcheck.model import check_worthiness
from claimcheck.vocab import Status

STATUS_ORDER = tuple(Status)
SOURCED = frozenset(vocab.SOURCED)


def per_document(documents: Iterable[dict]) -> tuple[pd.DataFrame, float | None]:
    """One row per document (path, score, grade, statements, claims, claims by status and
    flag, and the sourced share of its high check-worthiness claims), and that share for
    the corpus (None: no such claim). Each record is read once and only its counts are
    kept, so a corpus of any size costs a row per document."""
    rows, high, sourced = [], 0, 0
    for document in documents:
        claims = [s for s in document["statements"] if s["claim"]]
        statuses = Counter(s["status"] for s in claims)
        flags = Counter(flag for s in claims for flag in set(s["flags"]))
        worth = [s["status"] in SOURCED for s in claims if check_worthiness(s["kinds"]) == "high"]
        rows.append((document["path"], document["score"], document["grade"],
                     len(document["statements"]), len(claims),
                     *(statuses[status] for status in STATUS_ORDER),
                     flags["hype"], flags["absolute"], flags["off-label"],
                     sum(worth) / len(worth) if worth else math.nan))
        high, sourced = high + len(worth), sourced + sum(worth)
    columns = ["document", "score", "grade", "statements", "claims", *STATUS_ORDER, "hype",
               "absolute", "off_label", "high_sourced"]
    return pd.DataFrame.from_records(rows, columns=columns), sourced / high if high else None
