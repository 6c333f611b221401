"""Every format tells the same story: on the bundled corpus, JSON, CSV and SARIF agree on each
claim's id, status, line and document, and on each document's score."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.report.formats import FINDINGS, REPORT, STREAM, Format, renderer

from .conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """scan (JSON), audit (CSV) and check (SARIF) of a copy of the project: its corpus,
    configuration, catalogue and registry."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(CORPUS, folder / "corpus" / "ketamine-ptsd")
    for name in ("pyproject.toml", "claims.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, folder / name)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code in (0, 1), result.stderr
        return result.stdout

    here = os.getcwd()
    os.chdir(folder)
    try:
        return {"json": json.loads(run("scan", "--format", "json", "corpus")),
                "csv": list(csv.DictReader(io.StringIO(run("audit", "--quiet", "--format",
                                                           "csv")))),
                "sarif": json.loads(run("check", "--format", "sarif", "corpus"))}
    finally:
        os.chdir(here)


def _claims(document: dict) -> dict[tuple[str, int], str]:
    return {(s["id"], s["line"]): s["status"] for s in document["statements"] if s["claim"]}


def test_json_and_csv_agree_on_every_claim(outputs):
    from_json = {(d["path"], *key): status for d in outputs["json"]["documents"]
                 for key, status in _claims(d).items()}
    from_csv = {(row["document"], row["id"], int(row["line"])): row["status"]
                for row in outputs["csv"]}
    assert from_json and from_json == from_csv


def test_sarif_agrees_with_json_on_every_finding(outputs):
    by_id = {s["id"]: (d["path"], s) for d in outputs["json"]["documents"]
             for s in d["statements"]}
    scores = {d["path"]: d["score"] for d in outputs["json"]["documents"]}
    results = outputs["sarif"]["runs"][0]["results"]
    assert results
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        path, line = location["artifactLocation"]["uri"], location["region"]["startLine"]
        claim_id = result["partialFingerprints"]["claimcheckClaimId/v1"]
        if claim_id.startswith("document:"):
            score = re.search(r"below the minimum: ([\d.]+)", result["message"]["text"])
            assert float(score.group(1)) == scores[path], result
            continue
        document, statement = by_id[claim_id]
        assert (document, statement["line"]) == (path, line), result
        assert statement["claim"], result
        assert statement["status"] in _STATUSES.get(result["ruleId"], {statement["status"]}), result


_STATUSES = {"CC101": {"unsourced"}, "CC102": {"unverifiable"}, "CC103": {"contradicted"},
             "CC104": {"vague"}, "CC105": {"self-reported"}}
"""The statuses a claim-level rule fires on; the wording rules (CC2xx) fire on any status."""


def test_every_format_has_a_renderer_and_every_renderer_exists():
    for kind in (STREAM, REPORT, FINDINGS):
        for fmt in kind:
            assert callable(renderer(kind, fmt)), fmt
    with pytest.raises(ValueError, match="no such output format 'sarif'"):
        renderer(REPORT, Format.SARIF)
