"""sources.yaml: the bundled registry loads, and every malformed one is named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.cli import Exit
from claimcheck.evidence import registry

from .conftest import ROOT

VALID = """schema: 1
sources:
  - id: lee-2019
    type: rct
    authors: [Lee K]
    year: 2019
    doi: 10.1000/abc
    status: verified
    verified: {how: DOI resolves, on: 2026-01-02}
"""


def test_bundled_registry_loads():
    loaded = registry.load(ROOT / "sources.yaml")
    statuses = {s.id: s.status for s in loaded.sources}
    assert statuses["feder-2014"] == "verified"
    assert statuses["yale-2021-ptsd-study"] == "not-found"
    assert "Abdallah" in loaded.get("yale-2021-ptsd-study").notes
    assert loaded.by_doi("10.1001/JAMAPSYCHIATRY.2014.62").id == "feder-2014"


def test_missing_registry_is_empty(tmp_path: Path):
    assert registry.load(tmp_path / "sources.yaml").sources == ()


def test_valid_entry(tmp_path: Path):
    path = tmp_path / "sources.yaml"
    path.write_text(VALID)
    source = registry.load(path).get("lee-2019")
    assert (source.first_author, source.year, source.verified_on) == ("Lee", 2019, "2026-01-02")


@pytest.mark.parametrize(("body", "message"), [
    ("sources: [\n", "sources.yaml:2: malformed YAML"),
    (VALID.replace("    status: verified", "    colour: red\n    status: verified"), "sources.yaml:8: unknown key 'colour'"),
    (VALID + VALID.split("sources:\n")[1], "sources.yaml:10: duplicate source id 'lee-2019' (first at line 3)"),
    (VALID.replace("10.1000/abc", "doi.org/abc"), "sources.yaml:7: source 'lee-2019': bad DOI 'doi.org/abc'"),
    (VALID.replace("status: verified", "status: maybe"), "sources.yaml:8: source 'lee-2019': status must be one of"),
    (VALID.replace("type: rct", "type: blog"), "sources.yaml:4: source 'lee-2019': type must be one of"),
    (VALID.replace("id: lee-2019", "id: Lee 2019"), "sources.yaml:3: source id must be lower-case"),
    ("sources: {a: 1}\n", "sources.yaml:1: 'sources' must be a list"),
])
def test_malformed_registry_is_one_line_with_file_and_line(tmp_path: Path, monkeypatch, body, message):
    monkeypatch.chdir(tmp_path)
    Path("sources.yaml").write_text(body)
    with pytest.raises(registry.RegistryError) as raised:
        registry.load(Path("sources.yaml"))
    assert str(raised.value).startswith(message)


def test_cli_reports_a_bad_registry_and_overwrites_nothing(cli, project):
    cli("audit")
    catalogue = (project / "claims.yaml").read_bytes()
    (project / "sources.yaml").write_text(VALID.replace("10.1000/abc", "not-a-doi"))
    for command in (["audit"], ["scan", "corpus"]):
        result = cli(*command)
        assert result.exit_code == Exit.ERROR
        assert result.stderr.strip() == ("claimcheck: error: sources.yaml:7: source 'lee-2019': "
                                         "bad DOI 'not-a-doi' (expected 10.NNNN/...)")
        assert result.stdout == ""
    assert (project / "claims.yaml").read_bytes() == catalogue
    assert cli("scan", "--isolated", "corpus").exit_code == Exit.OK
