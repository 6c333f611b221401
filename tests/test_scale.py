"""Scale without changing a byte: --jobs 1 and --jobs 2, a cold and a warm analysis cache give
the same JSON, claims.yaml and reports on the bundled corpus plus 200 generated pages; the
cache is invalidated by what it must (configuration, package files), never serves a damaged
entry, and the registry and reviews are always applied afresh."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimcheck import catalog, config, incremental, pipeline
from claimcheck.cli import Exit
from claimcheck.evidence import registry

from .conftest import CORPUS, ROOT, generated_page

REPORTS = ("index.html", "report.md", "claims.csv", "report.json")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scale")
    shutil.copytree(CORPUS, root / "corpus" / "ketamine-ptsd")
    generated = root / "corpus" / "generated"
    generated.mkdir()
    for index in range(200):
        (generated / f"page-{index:03}.md").write_text(generated_page(index))
    for name in ("pyproject.toml", "sources.yaml"):
        shutil.copy(ROOT / name, root / name)
    return root


def audited(cli, site: Path, run: str, *options: str) -> dict[str, bytes]:
    """Audit the whole corpus into its own folder from the committed claims.yaml; every
    output's bytes."""
    folder = site / "runs" / run
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "claims.yaml", folder / "claims.yaml")
    result = cli("audit", "corpus", "--quiet", "--catalog", folder / "claims.yaml",
                 "--reports", folder / "reports", *options)
    assert result.exit_code == Exit.OK, result.stderr
    outputs = {name: (folder / "reports" / name).read_bytes() for name in REPORTS}
    outputs["claims.yaml"] = (folder / "claims.yaml").read_bytes()
    outputs["stdout"] = result.stdout.encode()
    return outputs


def test_jobs_and_the_cache_never_change_a_byte(cli, site, monkeypatch):
    monkeypatch.chdir(site)
    cache = site / ".claimcheck-cache"
    first = audited(cli, site, "jobs-1", "--jobs", "1", "--no-cache")
    assert audited(cli, site, "jobs-2", "--jobs", "2", "--no-cache") == first
    assert not any((cache / f).exists()
                   for f in (incremental.FOLDER, incremental.SECTIONS, incremental.ENTRIES))
    assert audited(cli, site, "cold", "--jobs", "2") == first  # fills the cache
    for folder in (incremental.FOLDER, incremental.SECTIONS):  # an entry per document
        assert len(list((cache / folder).rglob("*.pickle"))) == 205
    assert audited(cli, site, "warm", "--jobs", "1") == first
    assert audited(cli, site, "warm-2", "--jobs", "2") == first
    for shown in ("json", "table"):  # each document rendered in its worker under -j 2
        scans = {jobs: cli("scan", "-f", shown, "-j", jobs, "corpus").stdout for jobs in "12"}
        assert scans["1"] == scans["2"]
        assert scans["1"].count("generated/page-") >= 200
    checks = {jobs: cli("check", "-f", "sarif", "-j", jobs, "corpus") for jobs in "12"}
    assert checks["1"].stdout == checks["2"].stdout
    assert checks["1"].exit_code == checks["2"].exit_code == Exit.POLICY


def test_a_damaged_entry_is_recomputed(cli, site, monkeypatch):
    monkeypatch.chdir(site)
    expected = audited(cli, site, "before-damage", "--no-cache")
    audited(cli, site, "filling", "--jobs", "1")
    for folder in (incremental.FOLDER, incremental.SECTIONS):
        for entry in (site / ".claimcheck-cache" / folder).rglob("*.pickle"):
            entry.write_bytes(b"not a pickle")
    assert audited(cli, site, "damaged", "--jobs", "1") == expected


def test_configuration_that_steers_detection_changes_the_key(tmp_path):
    plain = incremental.AnalysisCache(tmp_path, config.DEFAULT)
    (tmp_path / "claimcheck.yaml").write_text("vocabulary:\n  hype: [next-level]\n")
    worded = incremental.AnalysisCache(tmp_path, config.load(tmp_path / "claimcheck.yaml"))
    (tmp_path / "claimcheck.yaml").write_text("reports: elsewhere\n")
    elsewhere = incremental.AnalysisCache(tmp_path, config.load(tmp_path / "claimcheck.yaml"))
    assert plain.salt != worded.salt
    assert plain.salt == elsewhere.salt  # where reports go does not change an analysis


def test_a_changed_lexicon_or_model_changes_the_fingerprint(tmp_path):
    package = tmp_path / "claimcheck"
    shutil.copytree(ROOT / "claimcheck", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = incremental.tree_fingerprint(package)
    assert incremental.tree_fingerprint(package) == before
    lexicon = package / "lexicons" / "flags.yaml"
    lexicon.write_text(lexicon.read_text().replace("amazing", "astonishing", 1))
    after = incremental.tree_fingerprint(package)
    assert after != before
    (package / "models" / "references.crfsuite").write_bytes(b"retrained")
    assert incremental.tree_fingerprint(package) not in (before, after)


def test_a_cached_run_sees_vocabulary_registry_and_reviews_at_once(cli, tmp_path, monkeypatch):
    (tmp_path / "page.md").write_text(
        "# Offer\n\nOur next-level infusion cures 85% of migraines (Smith 2014).\n")
    monkeypatch.chdir(tmp_path)

    def claim() -> dict:
        assert cli("audit", "page.md", "--quiet").exit_code == Exit.OK
        report = json.loads((tmp_path / "reports" / "report.json").read_text())
        return next(s for s in report["documents"][0]["statements"] if s["claim"])

    before = claim()
    assert "hype" not in before["flags"] and not before["sources"]
    (tmp_path / "claimcheck.yaml").write_text("vocabulary:\n  hype: [next-level]\n")
    assert "hype" in claim()["flags"]
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: smith-2014\n    type: journal-article\n    authors: [Smith, J]\n"
        "    year: 2014\n    title: Infusions for migraine\n    status: verified\n")
    assert claim()["sources"][0]["id"] == "smith-2014"
    assert cli("review", before["id"], "--verdict", "contradicted", "--note", "no",
               "--source", "smith-2014").exit_code == Exit.OK
    assert claim()["status"] == "contradicted"


def test_an_unchanged_audit_is_answered_without_analysing(cli, site, monkeypatch):
    monkeypatch.chdir(site)
    folder = site / "runs" / "answered"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "claims.yaml", folder / "claims.yaml")
    args = ("audit", "corpus", "--catalog", folder / "claims.yaml", "--reports",
            folder / "reports")
    analysed = []
    stream = pipeline.stream
    monkeypatch.setattr(pipeline, "stream", lambda *a, **k: analysed.append(1) or stream(*a, **k))

    def audit(*options: str) -> tuple[str, dict[str, bytes]]:
        result = cli(*args, *options)
        assert result.exit_code == Exit.OK, result.stderr
        files = {name: (folder / "reports" / name).read_bytes() for name in REPORTS}
        return result.stdout, {**files, "claims.yaml": (folder / "claims.yaml").read_bytes()}

    first = audit()  # the catalogue changes: its reviews apply as before, so the answer is kept
    assert audit() == first and len(analysed) == 1
    assert audit("--format", "json") != first and len(analysed) == 2  # other options
    assert audit() == first and len(analysed) == 2
    (folder / "reports" / "index.html").write_text("edited by hand")
    assert audit() == first and len(analysed) == 3  # a report not as the audit left it
    assert audit("--no-cache") == first and len(analysed) == 4
    sources = site / "sources.yaml"
    original = sources.read_text()
    try:
        sources.write_text(original.replace("title: ", "title: Retitled ", 1))
        audit()
        assert len(analysed) == 5  # the registry changed
    finally:
        sources.write_text(original)
    page = site / "corpus" / "generated" / "page-007.md"
    text = page.read_text()
    try:
        page.write_text(text + "\nOur clinic cures 99% of patients.\n")
        edited = audit()
        assert len(analysed) == 6 and "cures 99% of patients" in edited[1]["claims.yaml"].decode()
    finally:
        page.write_text(text)
    assert audit() == first and len(analysed) == 7


def test_the_kept_reviews_are_what_reading_the_catalogue_gives(cli, site, monkeypatch):
    monkeypatch.chdir(site)
    outputs = audited(cli, site, "library", "--jobs", "1")
    path = site / "runs" / "library" / "claims.yaml"
    assert path.read_bytes() == outputs["claims.yaml"]
    sources = registry.load(site / "sources.yaml")
    kept = incremental.Store(site / ".claimcheck-cache" / incremental.CATALOG).get(
        incremental._library_key(path, sources))
    read = catalog.library(path, sources)
    assert kept == read and read.reviews and read.ids
    assert incremental.library(path, sources, site / ".claimcheck-cache") == read


def test_an_audit_after_an_edit_writes_what_a_cold_one_writes(cli, site, monkeypatch):
    """The second audit of an edited site takes the catalogue's unchanged entries from
    CACHE/entries, the documents from CACHE/analysis and the report sections from
    CACHE/sections: its outputs are those of the same two audits with --no-cache."""
    monkeypatch.chdir(site)
    page = site / "corpus" / "generated" / "page-007.md"
    original = page.read_text(encoding="utf-8")
    outputs = {}
    try:
        for run, options in (("cached", ()), ("uncached", ("--no-cache",))):
            folder = site / "runs" / f"edited-{run}"
            folder.mkdir(parents=True)
            shutil.copy(ROOT / "claims.yaml", folder / "claims.yaml")
            audit = ("audit", "corpus", "--quiet", "--catalog", folder / "claims.yaml",
                     "--reports", folder / "reports", *options)
            page.write_text(original, encoding="utf-8")
            assert cli(*audit).exit_code == Exit.OK
            page.write_text(original + "\nOur clinic cures 99% of patients, and 1 in 3 "
                            "sleep better.\n", encoding="utf-8")
            assert cli(*audit).exit_code == Exit.OK
            outputs[run] = {name: (folder / "reports" / name).read_bytes() for name in REPORTS}
            outputs[run]["claims.yaml"] = (folder / "claims.yaml").read_bytes()
    finally:
        page.write_text(original, encoding="utf-8")
    assert b"Our clinic cures 99% of patients" in outputs["cached"]["claims.yaml"]
    assert outputs["cached"] == outputs["uncached"]
    assert list((site / ".claimcheck-cache" / incremental.ENTRIES).rglob("*.pickle"))
