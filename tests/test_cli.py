"""The public surface: commands, exit codes, output shape and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.cli import Exit, app

from .conftest import CORPUS, PAGES


def test_exit_codes_are_pinned():
    assert [(e.name, int(e)) for e in Exit] == [("OK", 0), ("POLICY", 1), ("ERROR", 2)]


@pytest.mark.parametrize("command", ["scan", "audit"])
def test_every_command_has_help_with_an_example(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"claimcheck {command}" in result.stdout


def test_no_arguments_shows_usage(cli):
    result = cli()
    assert result.exit_code == Exit.ERROR
    shown = result.stdout + result.stderr
    assert "scan" in shown and "audit" in shown


def test_scan_json_covers_every_statement_with_exact_offsets(cli):
    result = cli("scan", "--isolated", "--format", "json", CORPUS)
    assert result.exit_code == Exit.OK
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert data["problems"] == []
    paths = [d["path"] for d in data["documents"]]
    assert paths == sorted(paths) and len(paths) == 5
    total = 0
    for document in data["documents"]:
        text = (Path(CORPUS.parent.parent) / document["path"]).read_text(encoding="utf-8") \
            if not Path(document["path"]).is_absolute() else Path(document["path"]).read_text()
        for s in document["statements"]:
            total += 1
            assert text[s["start"]:s["end"]] == s["text"]
            assert text.count("\n", 0, s["start"]) + 1 == s["line"]
            assert set(s) == {"id", "text", "start", "end", "line", "claim", "reason", "kinds",
                              "flags", "attribution", "status", "why", "sources", "derived_status",
                              "review", "library", "score"}
            if s["claim"]:
                assert s["reason"] is None and s["kinds"] and s["status"]
            else:
                assert s["reason"] and s["kinds"] == [] and s["status"] is None
    assert total == 485


def test_isolated_ignores_configuration(cli, project):
    page = "corpus/ketamine-ptsd/klarity-clinic-science-behind-ketamine.txt"
    configured = json.loads(cli("scan", "-f", "json", page).stdout)
    isolated = json.loads(cli("scan", "-f", "json", "--isolated", page).stdout)
    flags = lambda data: {f for s in data["documents"][0]["statements"] for f in s["flags"]}
    assert "off-label" in flags(configured)
    assert "off-label" not in flags(isolated)


def test_scan_writes_nothing(cli, project):
    before = sorted(p for p in project.rglob("*"))
    assert cli("scan", "corpus").exit_code == Exit.OK
    assert sorted(p for p in project.rglob("*")) == before


def test_scan_table_lists_claims(cli):
    result = cli("scan", PAGES / "iv-clinic.md")
    assert result.exit_code == Exit.OK
    assert "NAD+ therapy is completely" in result.stdout  # the table wraps the rest of the cell
    assert "absolute" in result.stdout


BAD_INPUTS = {
    "missing": (None, "no such file or directory"),
    "empty-dir": ("dir", "no .docx, .html, .md, .pdf, .txt files in this directory"),
    "empty.txt": (b"", "empty file: nothing to audit"),
    "blank.md": (b"  \n\n\t\n", "empty file: nothing to audit"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file, not text (contains NUL bytes)"),
    "latin1.txt": ("Café au lait cures nothing.\n".encode("latin-1"),
                   "undecodable byte 0xe9 at offset 3 (not UTF-8; re-save the file as UTF-8)"),
    "chrome.html": (b"<html><body><nav>Home</nav><script>x()</script></body></html>",
                    "no text to audit (only markup, scripts or navigation)"),
    "notes.rtf": (b"{\\rtf1 x}", "unsupported file type '.rtf' (supported: .docx, .html, .md, "
                  ".pdf, .txt)"),
    "cut.pdf": (b"%PDF-1.4", "malformed PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?)"),
}


def _make(tmp_path: Path, name: str, content: bytes | str | None) -> Path:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", BAD_INPUTS)
@pytest.mark.parametrize("command", ["scan", "audit"])
def test_bad_input_gives_one_clear_line_and_exit_2(cli, tmp_path, monkeypatch, name, command):
    monkeypatch.chdir(tmp_path)
    content, message = BAD_INPUTS[name]
    _make(tmp_path, name, content)
    result = cli(command, name)
    assert result.exit_code == Exit.ERROR
    where = f"{name}:1" if name == "latin1.txt" else name
    assert result.stderr.splitlines()[0] == f"claimcheck: error: {where}: {message}"
    assert "Traceback" not in result.stderr + result.stdout


def test_good_inputs_are_audited_beside_bad_ones(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text("Ketamine relieves depression within hours.\n")
    (tmp_path / "empty.txt").write_text("")
    result = cli("scan", "-f", "json", "good.txt", "empty.txt", "missing.md")
    assert result.exit_code == Exit.ERROR
    data = json.loads(result.stdout)
    assert [d["path"] for d in data["documents"]] == ["good.txt"]
    assert [p["path"] for p in data["problems"]] == ["empty.txt", "missing.md"]
    assert result.stderr.count("claimcheck: error:") == 2


def test_audit_without_corpus_or_paths_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("audit")
    assert result.exit_code == Exit.ERROR
    assert "no paths given and no corpus configured" in result.stderr


def test_bad_config_is_one_line_and_exit_2(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claimcheck.yaml").write_text("corpus: pages\nbogus: 1\n")
    result = cli("audit")
    assert result.exit_code == Exit.ERROR
    assert result.stderr.strip() == (
        "claimcheck: error: invalid config: " + str(tmp_path / "claimcheck.yaml")
        + ": unknown key 'bogus' (known: cache, catalog, catalog-format, check, contact, corpus, exclude, fetch, off-label, registry, reports, vocabulary)")


def test_audit_writes_the_catalogue_and_reruns_byte_identical(cli, project):
    first = cli("audit")
    assert first.exit_code == Exit.OK, first.stderr
    assert "claimcheck summary" in first.stdout
    catalogue = (project / "claims.yaml").read_bytes()
    assert b"klarity-clinic-science-behind-ketamine.txt" in catalogue
    second = cli("audit")
    assert second.exit_code == Exit.OK
    assert "claims.yaml: unchanged" in second.stderr
    assert (project / "claims.yaml").read_bytes() == catalogue


def test_audit_keeps_a_review_written_by_hand(cli, project):
    cli("audit")
    path = project / "claims.yaml"
    text = path.read_text()
    marker = "    text: Ketamine therapy is administered under medical supervision and is not addictive when used as prescribed.\n"
    assert marker in text
    reviewed = text.replace(marker, marker + "    review:\n      verdict: contradicted  # see the label\n      note: Schedule III\n", 1)
    path.write_text(reviewed)
    assert cli("audit").exit_code == Exit.OK
    assert path.read_text() == reviewed


def test_malformed_catalogue_is_left_untouched(cli, project):
    path = project / "claims.yaml"
    path.write_text("claims:\n  - id: [unclosed\n")
    result = cli("audit")
    assert result.exit_code == Exit.ERROR
    assert result.stderr.startswith("claimcheck: error: claims.yaml:")
    assert "malformed YAML" in result.stderr
    assert path.read_text() == "claims:\n  - id: [unclosed\n"


def test_app_name():
    assert app.info.name == "claimcheck"


def test_version_prints_the_installed_version(cli):
    from claimcheck import installed_version

    result = cli("--version")
    assert result.exit_code == Exit.OK
    assert result.stdout == f"claimcheck {installed_version()}\n"


def test_exit_zero_keeps_the_findings_but_not_the_failure(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text("Our clinic cures 95% of patients with arthritis.\n")
    failed = cli("check", "--format", "json", "page.txt")
    assert failed.exit_code == Exit.POLICY
    kept = cli("check", "--format", "json", "--exit-zero", "page.txt")
    assert kept.exit_code == Exit.OK and kept.stdout == failed.stdout
    assert cli("check", "--exit-zero", "missing.txt").exit_code == Exit.ERROR
