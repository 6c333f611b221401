"""Counts per document and for the corpus, computed with pandas from the document records."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from claimcheck import vocab
from claimcheck.model import check_worthiness
from claimcheck.vocab import Status

STATUS_ORDER = tuple(Status)
SOURCED = frozenset(vocab.SOURCED)


_NOT_A_CLAIM = {"claim": False}


def light(document: dict) -> dict:
    """What the counts read of a document record: its path, score and grade, and its claims'
    line, status, kinds and flags (every other statement one shared placeholder)."""
    return {"path": document["path"], "score": document["score"], "grade": document["grade"],
            "statements": [{"claim": True, "line": s["line"], "status": s["status"],
                            "kinds": s["kinds"], "flags": s["flags"]} if s["claim"]
                           else _NOT_A_CLAIM for s in document["statements"]]}


def claims_frame(documents: Sequence[dict]) -> pd.DataFrame:
    """One row per claim: where it is, its status, check-worthiness and flags."""
    rows = [
        {
            "document": d["path"],
            "line": s["line"],
            "status": s["status"],
            "worth": check_worthiness(s["kinds"]),
            "hype": "hype" in s["flags"],
            "absolute": "absolute" in s["flags"],
            "off_label": "off-label" in s["flags"],
        }
        for d in documents
        for s in d["statements"]
        if s["claim"]
    ]
    columns = ["document", "line", "status", "worth", "hype", "absolute", "off_label"]
    return pd.DataFrame(rows, columns=columns)


def per_document(documents: Sequence[dict]) -> pd.DataFrame:
    """Statements, claims, counts by status and flag, and the sourced share of high claims."""
    claims = claims_frame(documents)
    table = pd.DataFrame({"document": [d["path"] for d in documents],
                          "statements": [len(d["statements"]) for d in documents]}
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
