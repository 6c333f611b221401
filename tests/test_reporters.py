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
    chunks = list(json_report.chunks(pipeline.stream(
        [PAGES, PAGES / "missing.md"], config.DEFAULT, finish=json_report.rendered)))
    assert chunks[0] == '{"schema": 1, "documents": ['
    assert chunks[-1].startswith('\n], "summary": {"documents": 2')
    assert '"problems": [{"path": "' in chunks[-1]
    assert len(chunks) == 4


def test_a_long_summary_is_written_in_pieces_that_make_the_same_text(tmp_path, monkeypatch):
    from .conftest import generated_page

    for index in range(30):
        (tmp_path / f"page-{index:03}.md").write_text(generated_page(index))
    run = to_records(pipeline.run([tmp_path], config.DEFAULT))
    monkeypatch.setattr(table, "LINES", 7)
    for color in (False, True):
        pieces = list(table.chunks(run, width=100, color=color))
        whole = table.render_summary(run, width=100, color=color) + table.render_worst(
            run, width=100, color=color)
        assert len(pieces) > 5 and "".join(pieces) == whole == table.render(
            run, width=100, color=color)
        assert all(p.endswith("\n") for p in pieces)
