"""Standard input: `-` reads it, `--stdin-filename` names and types it (ruff's convention)."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from claimcheck.cli import Exit, app

PAGE = "# Care\n\nOur therapy cures 95% of patients.\n\nBook a visit today.\n"


def invoke(*args: str, text: str = PAGE):
    return CliRunner().invoke(app, list(args), input=text, catch_exceptions=False)


def test_scan_reads_stdin_as_plain_text_named_dash():
    result = invoke("scan", "--isolated", "--format", "json", "-")
    assert result.exit_code == Exit.OK, result.stderr
    document = json.loads(result.stdout)["documents"][0]
    assert document["path"] == "-"
    texts = [s["text"] for s in document["statements"]]
    assert "# Care" in texts  # plain text: the hash is not read as a heading mark
    claim = next(s for s in document["statements"] if "95%" in s["text"])
    assert (claim["status"], claim["line"]) == ("unsourced", 3)


def test_stdin_filename_names_the_document_and_picks_the_reader():
    result = invoke("scan", "--isolated", "--format", "json", "-", "--stdin-filename",
                    "drafts/care.md")
    document = json.loads(result.stdout)["documents"][0]
    assert document["path"] == "drafts/care.md"
    assert [s["text"] for s in document["statements"]][0] == "Care"  # a Markdown heading


def test_check_annotates_stdin_under_its_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--format", "github", "-", "--stdin-filename", "page.md")
    assert result.exit_code == Exit.POLICY
    assert "::error file=page.md,line=3," in result.stdout


def test_stdin_problems_are_one_line_and_exit_2():
    cases = [(("scan", "-", "--stdin-filename", "notes.yaml"), PAGE,
              "claimcheck: error: notes.yaml: unsupported file type '.yaml' for standard input "
              "(supported: .docx, .html, .md, .pdf, .txt)\n"),
             (("scan", "-"), "  \n", "claimcheck: error: -: empty file: nothing to audit\n")]
    for args, text, message in cases:
        result = invoke(*args, "--isolated", text=text)
        assert (result.exit_code, result.stderr) == (Exit.ERROR, message)


def test_stdin_named_twice_is_read_once():
    result = invoke("scan", "--isolated", "--format", "json", "-", "-")
    assert result.exit_code == Exit.ERROR
    assert result.stderr == ("claimcheck: error: -: standard input named twice: "
                             "it is read once\n")
    assert len(json.loads(result.stdout)["documents"]) == 1


def test_a_real_pipe(tmp_path):
    done = subprocess.run([sys.executable, "-m", "claimcheck.cli", "scan", "--isolated", "-f",
                           "json", "-"], input=PAGE.encode(), capture_output=True, cwd=tmp_path,
                          check=False)
    assert done.returncode == Exit.OK, done.stderr
    assert json.loads(done.stdout)["documents"][0]["path"] == "-"
