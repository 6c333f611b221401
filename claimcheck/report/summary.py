"""Counts per document and for the corpus, computed with pandas from the document records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from claimcheck import vocab
from claimcheck.model import check_worthiness
from claimcheck.vocab import Status

STATUS_ORDER = tuple(Status)
SOURCED = frozenset(vocab.SOURCED)


def counted(documents: Iterable[dict]) -> tuple[list[dict], pd.DataFrame]:
    """What the counts read of the document records, each read once: every document's head
    (path, score, grade, and how many statements) and the claims frame of them all."""
    heads, rows = [], []
    for document in documents:
        heads.append({"path": document["path"], "score": document["score"],
                      "grade": document["grade"], "statements": len(document["statements"])})
        rows += _claim_rows(document)
    return heads, _claims(rows)


def _claim_rows(document: dict) -> list[tuple]:
    # Rows as tuples (a quarter of a dict's memory): the frame reads them column by column.
    return [(document["path"], s["line"], s["status"], check_worthiness(s["kinds"]),
             "hype" in s["flags"], "absolute" in s["flags"], "off-label" in s["flags"])
            for s in document["statements"] if s["claim"]]


def _claims(rows: list[tuple]) -> pd.DataFrame:
    """One row per claim: where it is, its status, check-worthiness and flags."""
    columns = ["document", "line", "status", "worth", "hype", "absolute", "off_label"]
    return pd.DataFrame.from_records(rows, columns=columns)


def per_document(heads: Sequence[dict], claims: pd.DataFrame) -> pd.DataFrame:
    """Statements, claims, counts by status and flag, and the sourced share of high claims,
    from `counted`."""
    table = pd.DataFrame({"document": [d["path"] for d in heads],
                          "statements": [d["statements"] for d in heads]}
                         ).set_index("document")
    grouped = claims.groupby("document")
    table["claims"] = grouped.size()
    statuses = claims.pivot_table(index="document", columns="status", aggfunc="size",
                                  fill_value=0)
    for status in STATUS_ORDER:
        table[status] = statuses[status] if status in statuses else 0
    for flag in ("hype", "absolute", "off_label"):
        table[flag] = grouped[flag].sum()
    high = claims[claims["worth"] == "high"]
    sourced = high["status"].isin(SOURCED).groupby(high["document"]).mean()
    table["high_sourced"] = sourced
    table = table.fillna({c: 0 for c in table.columns if c != "high_sourced"})
    ints = [c for c in table.columns if c != "high_sourced"]
    table[ints] = table[ints].astype(int)
    return table.reset_index()
