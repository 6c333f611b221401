"""Reporters are pure functions of the results: golden files pin their output."""

from __future__ import annotations

import json

from claimcheck import config, pipeline
from claimcheck.report import json as json_report
from claimcheck.report import table, to_records

from .conftest import PAGES, golden


def report():
    return pipeline.run([PAGES], config.DEFAULT)


def test_json_golden():
    rendered = json_report.render(to_records(report()))
    json.loads(rendered)
    golden("pages.json", rendered)


def test_table_golden():
    result = report()
    rendered = "".join(table.render_document(d, width=120) for d in result.documents)
    golden("pages-claims.txt", rendered)


def test_summary_golden():
    golden("pages-summary.txt", table.render(to_records(report()), width=120))


def test_json_streams_in_chunks_with_problems_last():
    chunks = list(json_report.chunks(pipeline.judged(pipeline.stream(
        [PAGES, PAGES / "missing.md"], config.DEFAULT))))
    assert chunks[0] == '{"schema": 1, "documents": ['
    assert chunks[-1].startswith('\n], "summary": {"documents": 2')
    assert '"problems": [{"path": "' in chunks[-1]
    assert len(chunks) == 4
