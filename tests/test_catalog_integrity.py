"""The claims library never breaks: reworded claims, repaired duplicates, documents that left
the corpus, review history, hostile files, one-line errors and the lock."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimcheck import catalog
from claimcheck.cli import Exit

from .conftest import ROOT, catalogue_bytes
from .test_catalog import SAFE, claims, review_safe, site  # noqa: F401 (a fixture)

MIDLAND = "corpus/ketamine-ptsd/midland-clinic-how-ketamine-treats-ptsd.txt"
NEARLY = "In the US alone, PTSD affects nearly 8 million adults."
ALMOST = "In the US alone, PTSD affects almost 8 million adults."


@pytest.fixture
def shipped(project: Path, catalog_format: str) -> Path:
    """The bundled corpus with the shipped claims.yaml and sources.yaml, the catalogue in
    each catalog-format."""
    for name in ("claims.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, project / name)
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text().replace(
        'catalog = "claims.yaml"\n', f'catalog = "claims.yaml"\ncatalog-format = "{catalog_format}"\n'))
    return project


def entries_of(path: Path) -> list[dict]:
    """The catalogue's entries, from whichever files hold them."""
    return catalog.entries(path)


def one_line_error(result, *parts: str) -> str:
    line = result.stderr.strip()
    assert result.exit_code == Exit.ERROR, result.stderr
    assert "\n" not in line and line.startswith("claimcheck: error: "), line
    assert "Traceback" not in line
    for part in parts:
        assert part in line, line
    return line


def test_a_reworded_reviewed_claim_keeps_its_review_and_every_later_command_works(cli, shipped):
    page = shipped / MIDLAND
    page.write_text(page.read_text().replace("affects nearly 8 million", "affects almost 8 million"))
    for _ in range(2):
        result = cli("audit", "--quiet")
        assert result.exit_code == Exit.OK, result.stderr
    found = [e for e in entries_of(shipped / "claims.yaml") if "8 million adults" in e["text"]]
    assert len(found) == 1
    entry = found[0]
    assert entry["text"] == ALMOST and not entry.get("orphaned")
    assert entry["places"] == [{"document": MIDLAND, "line": 16}]
    assert entry["review"]["verdict"] == "needs-source"
    assert entry["changed_since_review"]["previous_text"] == NEARLY
    ids = [e["id"] for e in entries_of(shipped / "claims.yaml")]
    assert len(ids) == len(set(ids))
    assert "&" not in (shipped / "claims.yaml").read_text().split("claims:", 1)[1].split("\n")[1]
    for command in (["audit", "--quiet"], ["check"], ["scan", "corpus"], ["explain", entry["id"]],
                    ["catalog", "prune"]):
        result = cli(*command)
        assert result.exit_code == Exit.OK, (command, result.stderr)
    from typer.testing import CliRunner

    from claimcheck.cli import app

    walked = CliRunner().invoke(app, ["review"], input="quit\n")
    assert walked.exit_code == Exit.OK, walked.output


BUGGY = """\
schema: 1
claims:
  - &id001
    id: c-d65fec4cf3
    text: In the US alone, PTSD affects almost 8 million adults.
    kinds: [statistic, epidemiology]
    flags: [number]
    attribution: {type: none}
    status: unsourced
    places: []
    sources: []
    review:
      verdict: needs-source
      note: Cite a current source.
      reviewer: maintainers
      date: 2026-11-21
    orphaned: true
  - *id001
  - id: c-96d6a9e02c
    text: Ketamine is not addictive.
    review: {verdict: contradicted, note: The label warns of dependence., reviewer: ann, date: 2026-11-20}
  - id: c-96d6a9e02c
    text: Ketamine is not addictive.
    review: {verdict: approved, reviewer: bob, date: 2026-11-22}
"""


def test_duplicates_of_the_old_version_are_read_as_one_and_repaired_by_audit(cli, site):
    path = site / "claims.yaml"
    path.write_text(BUGGY)
    scanned = cli("scan", "pages")
    assert scanned.exit_code == Exit.OK, scanned.stderr
    assert "2 claim id(s) listed more than once" in scanned.stderr
    assert path.read_text() == BUGGY  # a read-only command writes nothing
    result = cli("audit")
    assert result.exit_code == Exit.OK, result.stderr
    assert "claims.yaml: updated (2 claim id(s) listed twice merged into one entry each, " \
           "every review kept)" in result.stderr
    assert "warning" not in result.stderr
    data = entries_of(path)
    ids = [e["id"] for e in data]
    assert len(ids) == len(set(ids))
    by_id = {e["id"]: e for e in data}
    assert by_id["c-d65fec4cf3"]["review"]["note"] == "Cite a current source."
    twice = by_id["c-96d6a9e02c"]["review"]
    assert twice["verdict"] == "contradicted" and twice["reviewer"] == "ann"
    assert [(h["verdict"], h["reviewer"]) for h in twice["history"]] == [("approved", "bob")]
    again = cli("audit")
    assert "claims.yaml: unchanged" in again.stderr and "merged" not in again.stderr


OLD_ENTRY = """\
  - id: c-c6b7b5f189
    text: "Real web copy, kept exactly as captured."
    kinds: [background]
    flags: []
    attribution: none
    status: unsourced
    places:
      - {document: corpus/ketamine-ptsd/SOURCES.md, line: 3}
  - id: c-0123456789
    text: "Every page is checked by two editors."
    kinds: [background]
    attribution: vague
    places:
      - {document: corpus/ketamine-ptsd/SOURCES.md, line: 9}
    review: {verdict: not-a-claim, reviewer: ed, date: 2026-11-20}
"""


def test_entries_of_an_excluded_document_in_the_older_format_never_crash(cli, shipped):
    path = shipped / "claims.yaml"
    path.write_text(path.read_text() + OLD_ENTRY)
    from typer.testing import CliRunner

    from claimcheck.cli import app

    walked = CliRunner().invoke(app, ["review"], input="skip\nquit\n")
    assert walked.exit_code == Exit.OK, walked.output
    assert "1/" in walked.stdout and "attribution:" in walked.stdout
    assert cli("explain", "c-0123456789").exit_code == Exit.OK
    result = cli("audit", "--quiet")
    assert result.exit_code == Exit.OK, result.stderr
    by_id = {e["id"]: e for e in entries_of(path)}
    assert "c-c6b7b5f189" not in by_id  # unreviewed, and SOURCES.md is not in the corpus
    kept = by_id["c-0123456789"]
    assert kept["orphaned"] is True and kept["places"] == []
    assert kept["attribution"] == {"type": "vague"}  # migrated to the current shape
    assert "SOURCES.md" not in path.read_text()


def test_a_document_excluded_by_configuration_orphans_its_reviewed_claims(cli, site):
    cli("audit")
    review_safe(cli, site)
    (site / "claimcheck.yaml").write_text("corpus: pages\nexclude: [knee.txt]\n")
    (site / "pages" / "other.txt").write_text("Results last for ten years in most patients.\n")
    assert cli("audit").exit_code == Exit.OK
    entry = claims(site)[SAFE]
    assert entry["orphaned"] is True and entry["places"] == []
    assert "Stem cell injections regrow cartilage in 90% of patients." not in claims(site)


def test_auditing_one_file_leaves_the_other_documents_alone(cli, site):
    (site / "pages" / "hip.txt").write_text("Hip injections are painless for everyone.\n")
    cli("audit")
    assert cli("audit", "pages/hip.txt").exit_code == Exit.OK
    entry = claims(site)[SAFE]
    assert entry["places"] == [{"document": "pages/knee.txt", "line": 4}]


def test_a_second_review_keeps_the_first_in_the_history_and_says_so(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site)
    result = cli("review", claim_id, "--verdict", "approved", "--reviewer", "kim",
                 "--date", "2026-12-01")
    assert result.exit_code == Exit.OK, result.stderr
    assert (f"claimcheck: warning: {claim_id}: this replaces the review 'contradicted' "
            "(ed, 2026-11-21); it is kept in the claim's history") in result.stderr
    review = claims(site)[SAFE]["review"]
    assert review["verdict"] == "approved" and review["reviewer"] == "kim"
    assert "note" not in review and "sources" not in review  # nothing of ed's is credited to kim
    assert review["history"] == [{"verdict": "contradicted", "sources": ["fda-warning"],
                                  "note": "Infection and bleeding are known risks.",
                                  "reviewer": "ed", "date": __import__("datetime").date(2026, 11, 21)}]
    same = cli("review", claim_id, "--verdict", "approved", "--reviewer", "kim",
               "--date", "2026-12-02")
    assert "warning" not in same.stderr
    assert len(claims(site)[SAFE]["review"]["history"]) == 1
    story = cli("explain", claim_id).stdout
    assert "replaces 1 earlier review(s)" in story and "contradicted (ed, 2026-11-21)" in story
    scanned = json.loads(cli("scan", "-f", "json", "pages").stdout)
    statement = next(s for s in scanned["documents"][0]["statements"] if s["id"] == claim_id)
    assert statement["review"]["history"][0]["verdict"] == "contradicted"
    assert statement["review"]["history"][0]["reviewer"] == "ed"
    cli("audit")
    assert "replaces contradicted: Infection and bleeding" in (site / "reports" / "index.html").read_text()
    assert "replaces 1 earlier" in (site / "reports" / "report.md").read_text()
    assert claims(site)[SAFE]["review"]["history"][0]["reviewer"] == "ed"  # audit keeps it


BOMB = "\n".join(
    ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)])


def _bombed(site: Path, name: str) -> str:
    """Put a billion-laughs bomb in one of the user's files; returns its path."""
    if name == "claims.yaml":
        (site / name).write_text(
            "claims:\n  - id: c-0000000000\n    text: x\n    review:\n      verdict: approved\n"
            "      note:\n        " + BOMB.replace("\n", "\n        ") + "\n")
    elif name == "sources.yaml":
        (site / name).write_text(
            "sources:\n  - id: bomb\n    type: web\n    notes:\n      "
            + BOMB.replace("\n", "\n      ") + "\n")
    else:
        (site / name).write_text("corpus: pages\nexclude:\n  " + BOMB.replace("\n", "\n  ") + "\n")
    return name


@pytest.mark.parametrize("name", ["claims.yaml", "sources.yaml", "claimcheck.yaml"])
def test_an_alias_bomb_in_any_user_file_is_refused_at_once(site, name):
    import resource

    _bombed(site, name)
    before = (site / name).read_bytes()

    def limit() -> None:  # a bomb that expanded would need gigabytes
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "claimcheck.cli", "audit"], cwd=site,
                            capture_output=True, text=True, timeout=60, preexec_fn=limit)
    elapsed = time.monotonic() - started
    assert result.returncode == Exit.ERROR, result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and "aliases (*a0) are not allowed" in line, line
    assert f"{name}:" in line and line.split(f"{name}:")[1].split(":")[0].isdigit(), line
    assert (site / name).read_bytes() == before
    assert not (site / "reports").exists()
    assert elapsed < 30  # bounded: the bomb is never expanded


LONG = "x" * 20_001


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("line: 4", "line: three"),
     "a place's line must be a number from 1, not 'three'"),
    (lambda t: t.replace("{document: pages/knee.txt, line: 4}", "{line: 4}"),
     "each place needs exactly a document and a line"),
    (lambda t: t.replace("date: 2026-11-21", "date: 2026-13-45"), "'2026-13-45' is not a date"),
    (lambda t: t.replace("reviewer: ed", "reviewer: [ed, al]"), "reviewer must be text"),
    (lambda t: t.replace("note: Infection and bleeding are known risks.", "note: 42"),
     "note must be text"),
    (lambda t: t.replace("note: Infection and bleeding are known risks.", f"note: {LONG}"),
     "note is 20,001 characters long (at most 20,000)"),
    (lambda t: t.replace("    review:\n", "    review:\n      history: oops\n"),
     "history must be a list of earlier reviews"),
    (lambda t: t.replace("    status:", "    orphaned: maybe\n    status:", 1),
     "orphaned must be true or false"),
    (lambda t: __import__("re").sub(r"kinds: \[[^\]\n]*\]", "kinds: [[nested]]", t, count=1),
     "kinds must be a list of names"),
])
def test_each_bad_field_is_one_line_with_file_and_line_for_every_command(cli, site, edit, message):
    cli("audit")
    review_safe(cli, site)
    path = site / "claims.yaml"
    broken = edit(path.read_text())
    assert broken != path.read_text()
    path.write_text(broken)
    for command in (["audit"], ["scan", "pages"], ["check"], ["explain", "c-0000000000"],
                    ["catalog", "prune"], ["review", "c-0000000000", "--verdict", "approved"]):
        line = one_line_error(cli(*command), message)
        assert line.startswith("claimcheck: error: claims.yaml:"), line
        assert line.split("claims.yaml:")[1].split(":")[0].isdigit(), line
    assert path.read_text() == broken


@pytest.mark.parametrize(("entry", "message"), [
    ("authors: Smith AB", "authors must be a list of names"),
    ("notes: [a, b]", "notes must be text"),
    (f"notes: {LONG}", "notes is 20,001 characters long"),
    ("title: {a: 1}", "title must be text"),
    ("verified: {how: [a], on: 2026-11-21}", "verified.how must be text"),
    ("verified: {how: x, on: 2026-02-30}", "'2026-02-30' is not a date"),
])
def test_bad_registry_fields_are_one_line_with_file_and_line(cli, site, entry, message):
    (site / "sources.yaml").write_text(f"sources:\n  - id: fda-warning\n    type: web\n    {entry}\n")
    line = one_line_error(cli("scan", "pages"), "sources.yaml:", message)
    assert line.split("sources.yaml:")[1].split(":")[0].isdigit(), line


def test_reports_that_cannot_be_written_are_one_line_and_claims_yaml_is_untouched(cli, site):
    (site / "reports").write_text("not a folder")
    one_line_error(cli("audit"), "reports: cannot write the reports: reports is not a folder")
    assert not (site / "claims.yaml").exists()
    one_line_error(cli("audit", "--reports", "reports/sub"), "reports is not a folder")
    (site / "reports").unlink()


def test_a_write_refused_by_the_system_is_one_line(cli, site, monkeypatch, catalog_format):
    import os

    cli("audit")
    (site / "pages" / "knee.txt").write_text(PAGE_EDITED)
    before = catalogue_bytes(site / "claims.yaml")
    real = os.replace

    def refuse(source, target):
        if Path(target).name in ("claims.yaml", "claims.parquet"):
            raise PermissionError(13, "Permission denied", str(target))
        return real(source, target)

    monkeypatch.setattr(os, "replace", refuse)
    written = "claims.parquet" if catalog_format == "parquet" else "claims.yaml"
    one_line_error(cli("audit"), f"{written}: cannot write: Permission denied")
    assert catalogue_bytes(site / "claims.yaml") == before
    assert not [p for p in site.iterdir() if p.name.endswith(".tmp")]


PAGE_EDITED = "Stem Cell Therapy\n\nStem cells regrow cartilage in every patient we treat.\n"


def test_broken_inputs_are_named_and_the_others_still_audited(cli, site, monkeypatch):
    import os

    pages = site / "pages"
    (pages / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(pages / "pipe.md")
    (pages / "locked.txt").write_text("Our patients all recover.\n")
    real = Path.stat

    def stat(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    result = cli("scan", "-f", "json", "pages/gone.txt", "pages/pipe.md", "pages/locked.txt",
                 "pages/knee.txt")
    assert result.exit_code == Exit.ERROR
    assert result.stderr.splitlines() == [
        "claimcheck: error: pages/gone.txt: broken symbolic link (to nowhere.txt, which does "
        "not exist)",
        "claimcheck: error: pages/pipe.md: not a regular file (a named pipe): nothing to audit",
        "claimcheck: error: pages/locked.txt: cannot read: Permission denied",
    ]
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["pages/knee.txt"]
    walked = cli("scan", "-f", "json", "pages")  # inside a folder too, and never read
    assert "pages/pipe.md: not a regular file" in walked.stderr


def test_a_run_waits_for_the_lock_then_fails_in_one_line(site):
    subprocess.run([sys.executable, "-m", "claimcheck.cli", "audit"], cwd=site, check=True,
                   capture_output=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
         "from claimcheck import yamlfile\n"
         "with yamlfile.locked(Path('claims.yaml')):\n"
         "    print('held', flush=True)\n    time.sleep(30)\n"],
        cwd=site, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = (site / "claims.yaml").read_bytes()
        claim_id = next(e["id"] for e in entries_of(site / "claims.yaml") if e["text"] == SAFE)
        result = subprocess.run(
            [sys.executable, "-m", "claimcheck.cli", "review", claim_id, "--verdict", "approved"],
            cwd=site, capture_output=True, text=True, env={**__import__("os").environ,
                                                           "CLAIMCHECK_LOCK_TIMEOUT": "0.5"})
        assert result.returncode == Exit.ERROR
        assert result.stderr.strip() == (
            "claimcheck: error: claims.yaml: another claimcheck run has held its lock "
            "(.claims.yaml.lock) for over 0.5 s; try again when it has finished")
        assert (site / "claims.yaml").read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_concurrent_writers_never_lose_each_others_changes(site):
    """Reviews of every claim and audits at once: each review is there at the end."""
    subprocess.run([sys.executable, "-m", "claimcheck.cli", "audit"], cwd=site, check=True,
                   capture_output=True)
    (site / "pages" / "knee.txt").write_text(
        (site / "pages" / "knee.txt").read_text() + "Results last for ten years.\n")
    ids = [e["id"] for e in entries_of(site / "claims.yaml")]
    runs = [[sys.executable, "-m", "claimcheck.cli", "review", claim_id, "--verdict",
             "approved", "--note", f"note {n}"] for n, claim_id in enumerate(ids)]
    runs += [[sys.executable, "-m", "claimcheck.cli", "audit", "--quiet"]] * 2
    started = [subprocess.Popen(run, cwd=site, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True) for run in runs]
    for process in started:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    notes = {e["id"]: e.get("review", {}).get("note") for e in entries_of(site / "claims.yaml")}
    assert {notes.get(claim_id) for claim_id in ids} == {f"note {n}" for n in range(len(ids))}
