"""CSV: one row per claim, for spreadsheets."""

from __future__ import annotations

import pandas as pd

from . import records


def render(run: records.Records) -> str:
    rows = [records.claim_row(d["path"], s) for d, s in run.claims()]
    return pd.DataFrame(rows, columns=list(records.CSV_COLUMNS)).to_csv(index=False,
                                                                        lineterminator="\n")
