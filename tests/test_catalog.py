"""claims.yaml as a claims library: reviews are kept, carried and never lost."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck import catalog
from claimcheck.cli import Exit

from .conftest import catalogue_bytes

PAGE = """Stem Cell Therapy for Knee Pain

Stem cell injections regrow cartilage in 90% of patients.
The procedure is completely safe and has no side effects.
Most patients walk without pain within two weeks.
"""
CONFIG = "corpus: pages\n"
SAFE = "The procedure is completely safe and has no side effects."


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_format: str) -> Path:
    """A small site, its catalogue in each catalog-format."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "knee.txt").write_text(PAGE)
    (tmp_path / "claimcheck.yaml").write_text(f"{CONFIG}catalog-format: {catalog_format}\n")
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {id: fda-warning, type: guideline, status: verified}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def claims(site: Path) -> dict[str, dict]:
    """The catalogue's entries by text, from whichever files hold them."""
    return {e["text"]: e for e in catalog.entries(site / "claims.yaml")}


def review_safe(cli, site: Path, verdict: str = "contradicted") -> str:
    claim_id = claims(site)[SAFE]["id"]
    result = cli("review", claim_id, "--verdict", verdict, "--source", "fda-warning",
                 "--note", "Infection and bleeding are known risks.", "--reviewer", "ed",
                 "--date", "2026-11-21")
    assert result.exit_code == Exit.OK, result.stderr
    return claim_id


def test_review_is_recorded_and_overrides_the_status_everywhere(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site)
    entry = claims(site)[SAFE]
    assert entry["review"] == {"verdict": "contradicted", "sources": ["fda-warning"],
                               "note": "Infection and bleeding are known risks.",
                               "reviewer": "ed", "date": __import__("datetime").date(2026, 11, 21)}
    assert entry["status"] == "unsourced"  # the derived status stays beside the verdict
    import json

    statement = next(s for s in json.loads(cli("scan", "-f", "json", "pages").stdout)
                     ["documents"][0]["statements"] if s["id"] == claim_id)
    assert (statement["status"], statement["derived_status"]) == ("contradicted", "unsourced")
    assert statement["review"]["verdict"] == "contradicted"
    assert statement["library"] == {"id": claim_id, "match": "exact", "similarity": 1.0}


def test_rerun_is_byte_identical(cli, site):
    cli("audit")
    review_safe(cli, site)
    before = (site / "claims.yaml").read_bytes()
    assert "claims.yaml: unchanged" in cli("audit").stderr
    assert (site / "claims.yaml").read_bytes() == before


def test_review_survives_a_reworded_sentence(cli, site):
    cli("audit")
    review_safe(cli, site)
    page = site / "pages" / "knee.txt"
    page.write_text(PAGE.replace(SAFE, "The procedure is completely safe and has no side-effects at all."))
    cli("audit")
    entries = claims(site)
    moved = entries["The procedure is completely safe and has no side-effects at all."]
    assert moved["review"]["verdict"] == "contradicted"
    assert moved["changed_since_review"]["previous_text"] == SAFE
    assert SAFE not in entries


def test_review_survives_a_moved_paragraph_and_a_renamed_file(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site)
    lines = PAGE.splitlines()
    (site / "pages" / "knee.txt").unlink()
    (site / "pages" / "sub").mkdir()
    (site / "pages" / "sub" / "knees-renamed.txt").write_text(
        "\n".join([lines[0], "", lines[4], lines[3], "", lines[2]]) + "\n")
    cli("audit")
    entry = claims(site)[SAFE]
    assert entry["id"] == claim_id
    assert entry["review"]["verdict"] == "contradicted"
    assert entry["places"] == [{"document": "pages/sub/knees-renamed.txt", "line": 4}]
    assert "changed_since_review" not in entry


def test_removed_claim_is_orphaned_then_pruned(cli, site):
    cli("audit")
    review_safe(cli, site)
    (site / "pages" / "knee.txt").write_text(PAGE.replace(SAFE + "\n", ""))
    cli("audit")
    entry = claims(site)[SAFE]
    assert entry["orphaned"] is True and entry["review"]["verdict"] == "contradicted"
    assert entry["places"] == []
    result = cli("catalog", "prune")
    assert "1 orphaned claim(s) removed" in result.stderr
    assert SAFE not in claims(site)


def test_comments_and_hand_edits_survive(cli, site):
    cli("audit")
    review_safe(cli, site)
    path = site / "claims.yaml"
    text = path.read_text().replace("      verdict: contradicted\n",
                                    "      verdict: contradicted  # checked against the FDA page\n")
    text = "# Reviewed by the editorial team.\n" + text
    path.write_text(text)
    cli("audit")
    assert path.read_text() == text


def test_the_same_claim_in_two_documents_is_one_entry_and_the_verdict_applies_to_both(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site)
    (site / "pages" / "hip.md").write_text(f"# Hips\n\n{SAFE}\n")
    cli("audit")
    entry = claims(site)[SAFE]
    assert [p["document"] for p in entry["places"]] == ["pages/hip.md", "pages/knee.txt"]
    import json

    data = json.loads(cli("scan", "-f", "json", "pages/hip.md").stdout)
    statement = next(s for s in data["documents"][0]["statements"] if s["id"] == claim_id)
    assert statement["status"] == "contradicted"


def test_near_paraphrase_elsewhere_is_only_suggested_until_accepted(cli, site):
    cli("audit")
    claim_id = review_safe(cli, site)
    (site / "pages" / "hip.md").write_text("# Hips\n\nThe procedure is completely safe and has no side effects whatsoever.\n")
    cli("audit")
    near = claims(site)["The procedure is completely safe and has no side effects whatsoever."]
    assert near["library"]["id"] == claim_id and near["library"]["match"] == "suggested"
    assert "review" not in near
    import json

    statement = json.loads(cli("scan", "-f", "json", "pages/hip.md").stdout)["documents"][0]["statements"][1]
    assert statement["status"] == "unsourced" and statement["library"]["match"] == "suggested"
    result = cli("catalog", "accept-suggestions")
    assert "1 suggestion(s) accepted" in result.stderr
    near = claims(site)["The procedure is completely safe and has no side effects whatsoever."]
    assert near["review"]["verdict"] == "contradicted" and near["library"]["match"] == "accepted"
    statement = json.loads(cli("scan", "-f", "json", "pages/hip.md").stdout)["documents"][0]["statements"][1]
    assert statement["status"] == "contradicted"


def test_not_a_claim_verdict_removes_the_claim_but_keeps_the_entry(cli, site):
    cli("audit")
    claim_id = claims(site)["Most patients walk without pain within two weeks."]["id"]
    assert cli("review", claim_id, "--verdict", "not-a-claim", "--date", "2026-11-21").exit_code == 0
    cli("audit")
    import json

    statement = next(s for s in json.loads(cli("scan", "-f", "json", "pages").stdout)
                     ["documents"][0]["statements"] if s["id"] == claim_id)
    assert (statement["claim"], statement["reason"], statement["status"]) == (False, "reviewed", None)
    assert claims(site)["Most patients walk without pain within two weeks."]["review"]["verdict"] == "not-a-claim"


@pytest.mark.parametrize(("args", "message"), [
    (["c-0000000000", "--verdict", "approved"], "claims.yaml: no claim 'c-0000000000'"),
    (["SAFE", "--verdict", "approved", "--source", "nope"], "claims.yaml: source 'nope' is not in the registry"),
    (["SAFE", "--verdict", "maybe"], "Invalid value for '--verdict'"),
    (["SAFE"], "--verdict is required with a claim id"),
    (["SAFE", "--verdict", "approved", "--date", "21/11/2026"], "--date must be YYYY-MM-DD"),
])
def test_review_validates_and_leaves_the_file_untouched(cli, site, args, message):
    cli("audit")
    before = (site / "claims.yaml").read_bytes()
    args = [claims(site)[SAFE]["id"] if a == "SAFE" else a for a in args]
    result = cli("review", *args)
    assert result.exit_code == Exit.ERROR
    assert message in result.stderr
    assert (site / "claims.yaml").read_bytes() == before


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("verdict: contradicted", "verdict: wrong"), "unknown verdict 'wrong'"),
    (lambda t: t.replace("[fda-warning]", "[missing-source]"), "review names source 'missing-source', which is not in the registry"),
    (lambda t: t.replace("    review:", "    reveiw:"), "unknown key 'reveiw'"),
])
def test_bad_catalogue_is_one_line_with_its_line_and_left_untouched(cli, site, edit, message):
    cli("audit")
    review_safe(cli, site)
    path = site / "claims.yaml"
    broken = edit(path.read_text())
    path.write_text(broken)
    for command in (["audit"], ["scan", "pages"], ["review", "c-0000000000", "--verdict", "approved"]):
        result = cli(*command)
        assert result.exit_code == Exit.ERROR
        line = result.stderr.strip()
        assert line.startswith("claimcheck: error: claims.yaml:") and message in line, line
        assert "\n" not in line
    assert path.read_text() == broken


def test_a_killed_write_leaves_the_previous_file(site):
    subprocess.run([sys.executable, "-m", "claimcheck.cli", "audit"], check=False, cwd=site,
                   capture_output=True)
    (site / "pages" / "knee.txt").write_text(PAGE + "Results last for ten years.\n")
    before = catalogue_bytes(site / "claims.yaml")
    entries = catalog.entries(site / "claims.yaml")
    killer = ("import os, signal, sys\n"
              "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
              "sys.argv = ['claimcheck', 'audit']\n"
              "from claimcheck.cli import main\nmain()\n")
    result = subprocess.run([sys.executable, "-c", killer], cwd=site, capture_output=True)
    assert result.returncode == -signal.SIGKILL
    assert catalogue_bytes(site / "claims.yaml") == before
    assert catalog.entries(site / "claims.yaml") == entries and entries


def test_interactive_review_walks_high_claims_and_saves_each_answer(cli, site):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    cli("audit")
    result = CliRunner().invoke(app, ["review", "--reviewer", "ed", "--date", "2026-11-21"],
                                input="approved\nfda-warning\nlooks right\nskip\nquit\n")
    assert result.exit_code == Exit.OK, result.output
    reviewed = [e for e in claims(site).values() if e.get("review")]
    assert len(reviewed) == 1
    assert reviewed[0]["review"]["sources"] == ["fda-warning"]
    assert "1 verdict(s) recorded" in result.stdout


def test_explain_tells_the_whole_story_of_the_yale_claim(cli, project):
    import shutil

    from .conftest import ROOT

    shutil.copy(ROOT / "claims.yaml", project / "claims.yaml")
    shutil.copy(ROOT / "sources.yaml", project / "sources.yaml")
    result = cli("explain", "c-d4b799e260")
    assert result.exit_code == Exit.OK, result.stderr
    story = result.stdout
    for part in ("85% of PTSD patients showed significant improvement",
                 "klarity-clinic-science-behind-ketamine.txt:42",
                 "Yale University Study (2021)", "from the heading or label above",
                 "yale-2021-ptsd-study: matched by named", "registry status: not-found",
                 "Abdallah", "unverifiable: set by the review (unverifiable)",
                 "reviewed: its verdict applies", "by: claimcheck maintainers, 2026-11-21"):
        assert part in story, part
