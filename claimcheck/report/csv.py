"""CSV: one row per claim, for spreadsheets."""

from __future__ import annotations

import pandas as pd

from . import records
from .build import ReliabilityReport


def render(report: ReliabilityReport) -> str:
    rows = [records.claim_row(d.result.path, a) for d, a in report.claims]
    return pd.DataFrame(rows, columns=list(records.CSV_COLUMNS)).to_csv(index=False,
                                                                        lineterminator="\n")
