"""The committed reports/ are what `claimcheck audit` writes today, byte for byte, and the
renderers are pinned by golden files."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil

from claimcheck import config, incremental, pipeline
from claimcheck.report import REPORT_FILES, html, renderer, to_records

from .conftest import CORPUS, PAGES, ROOT, generated_page, golden


def test_committed_reports_are_not_stale(cli, tmp_path, monkeypatch):
    shutil.copytree(CORPUS, tmp_path / "corpus" / "ketamine-ptsd")
    for name in ("pyproject.toml", "claims.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = cli("audit", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert "claims.yaml: unchanged" in result.stderr, "claims.yaml is stale: run claimcheck audit"
    for name in REPORT_FILES:
        assert (tmp_path / "reports" / name).read_bytes() == (ROOT / "reports" / name).read_bytes(), \
            f"reports/{name} is stale: run claimcheck audit and commit reports/"
    assert "Traceback" not in result.stderr
    again = cli("audit", "--quiet")
    assert "reports/: unchanged" in again.stderr


def _report():
    return to_records(pipeline.run([PAGES], config.DEFAULT))


def test_markdown_golden():
    golden("pages-report.md", renderer("md")(_report()))


def test_csv_golden():
    golden("pages-claims.csv", renderer("csv")(_report()))


def test_html_golden_is_self_contained():
    html = renderer("html")(_report())
    golden("pages-report.html", html)
    for remote in ("http://", "https://", "//cdn"):
        assert f'src="{remote}' not in html and f"href=\"{remote}" not in html
    assert html.count('<a class="claim') == len(list(_report().claims()))
    assert html.count('<details class="claim"') == len(list(_report().claims()))
    assert 'class="chart"' in html and 'name="viewport"' in html


def test_html_sections_kept_between_runs_render_only_what_changed(tmp_path, monkeypatch):
    run = _report()
    documents = list(run.documents)
    expected = renderer("html")(run)
    rendered = []
    document = html._document
    monkeypatch.setattr(html, "_document", lambda i, d: rendered.append(i) or document(i, d))
    kept = incremental.Sections(tmp_path)
    assert "".join(html.chunks(run, kept)) == expected
    assert rendered == list(range(len(documents))) and len(documents) > 1
    rendered.clear()
    assert "".join(html.chunks(run, kept)) == expected and rendered == []
    edited = copy.deepcopy(documents)
    edited[1]["path"] += "-renamed"
    changed = dataclasses.replace(run, documents=edited)
    plain = renderer("html")(changed)
    rendered.clear()
    assert "".join(html.chunks(changed, kept)) == plain != expected and rendered == [1]
    for entry in (tmp_path / incremental.SECTIONS).rglob("*.pickle"):
        entry.write_bytes(b"damaged")
    rendered.clear()
    assert "".join(html.chunks(run, kept)) == expected  # a damaged section is rendered again
    assert rendered == list(range(len(documents)))


def test_json_report_adds_scores_and_page_checks():
    data = json.loads(renderer("json")(_report()))
    assert data["schema"] == 1
    assert set(data["summary"]) == {"documents", "statements", "claims", "score", "grade"}
    document = data["documents"][0]
    assert {"score", "grade", "checks"} <= set(document)
    assert [c["name"] for c in document["checks"]] == ["authorship", "attribution", "disclosure", "currency"]
    claim = next(s for s in document["statements"] if s["claim"])
    assert isinstance(claim["score"], int)


def test_audit_prints_any_report_format(cli, project):
    """Each format on stdout is exactly what the renderer makes of the same audit."""
    expected = _corpus_report(project)
    for fmt in ("md", "csv", "html", "json"):
        result = cli("audit", "--quiet", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == renderer(fmt)(expected), fmt


def _corpus_report(project):
    settings = config.load(start=project)
    return to_records(pipeline.run([project / "corpus"], settings))


def test_no_progress_bar_when_not_a_terminal(cli, project):
    result = cli("audit")
    assert result.exit_code == 0, result.stderr
    assert "auditing" not in result.stderr and "\r" not in result.stderr
    assert result.stderr.splitlines()[-2:] == [
        "claims.yaml: updated", "reports/: index.html, report.md, claims.csv, report.json written"]


def test_report_md_is_postable_for_any_corpus_and_the_full_report_has_every_claim(
        cli, tmp_path, monkeypatch):
    """200 generated pages: report.md stays under a pull-request comment's 65,536 characters
    with the summary, the worst findings with their why and reviewer notes, and the pointer to
    the full report; `--format md --full` has every claim, whole."""
    from claimcheck.report import markdown

    pages = tmp_path / "site"
    pages.mkdir()
    for index in range(200):
        (pages / f"page-{index:03}.md").write_text(generated_page(index))
    monkeypatch.chdir(tmp_path)
    assert cli("audit", "site", "--quiet").exit_code == 0
    catalogue = json.loads((tmp_path / "reports" / "report.json").read_text())
    claims = [s for d in catalogue["documents"] for s in d["statements"] if s["claim"]]
    assert len(claims) >= 2000
    note = "Checked against the label: " + "the risks are listed in section five. " * 8
    worst = next(s for s in claims if "completely safe" in s["text"])
    assert cli("review", worst["id"], "--verdict", "contradicted", "--note", note,
               "--reviewer", "editor", "--date", "2026-12-01").exit_code == 0
    assert cli("audit", "site", "--quiet").exit_code == 0
    report = (tmp_path / "reports" / "report.md").read_text()
    assert len(report) < markdown.LIMIT
    assert "## Summary" in report and "## Worst unsourced marketing" in report
    assert "Why: " in report and "index.html" in report and "--full" in report
    assert "**contradicted** (editor, 2026-12-01): Checked against the label" in report
    assert "more" in report  # what did not fit is counted, not silently dropped
    full = cli("audit", "site", "--quiet", "--format", "md", "--full")
    assert full.exit_code == 0
    assert len(full.stdout) > 5 * len(report)
    for claim in claims[::97]:
        assert markdown._escape(claim["text"]) in full.stdout
    refused = cli("audit", "site", "--quiet", "--full")
    assert refused.exit_code == 2 and "--full is for --format md" in refused.stderr
