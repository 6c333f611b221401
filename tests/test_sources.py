"""`claimcheck sources`: import reference-manager exports, verify works against Crossref and
PubMed, search for the works named attributions point to. The HTTP code under test is the
real one (requests + requests-cache + retries); `responses` replays answers saved in the
services' documented formats (tests/fixtures/README.md), and any request it does not know
fails, so no test can reach the network."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
from pathlib import Path

import pytest
import requests
import responses
from responses import matchers

from claimcheck.cli import Exit
from claimcheck.evidence import registry

from .conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPORTS = FIXTURES / "bibliography"
SEED_000 = ("apa-2013-dsm5", "feder-2014", "krystal-2017", "newport-2015", "liriano-2019")
DOIS = {"apa-2013-dsm5": "10.1176/appi.books.9780890425596",
        "feder-2014": "10.1001/jamapsychiatry.2014.62",
        "krystal-2017": "10.1007/s11920-017-0829-z",
        "newport-2015": "10.1176/appi.ajp.2015.15040465",
        "liriano-2019": "10.7573/dic.212305"}
CONTACT = "editors@example.org"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: a request `responses` does not intercept cannot resolve a host."""
    def refuse(*args, **kwargs):
        raise OSError("tests never touch the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the bundled registry, its own cache folder and a contact address."""
    shutil.copy(ROOT / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "claimcheck.yaml").write_text(f"contact: {CONTACT}\ncache: cache\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def crossref():
    """Crossref as recorded: the seed-000 works by DOI, a retracted article, 404 otherwise."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for source_id, doi in DOIS.items():
            mock.get(f"https://api.crossref.org/works/{doi}",
                     json=_fixture(f"crossref/{source_id}.json"))
        mock.get("https://api.crossref.org/works/10.1016/S0140-6736(97)11096-0",
                 json=_fixture("crossref/wakefield-1998-retracted.json"))
        mock.get(re.compile(r"https://api\.crossref\.org/works/10\.9999/.*"),
                 body="Resource not found.", status=404)
        yield mock


def _entries(path: Path) -> dict[str, dict]:
    data = registry.document(path)
    return {e["id"]: dict(e) for e in data["sources"]}


# --- import ---------------------------------------------------------------------------------


def _imported(cli, tmp: Path, export: str) -> list:
    folder = tmp / export
    folder.mkdir()
    (folder / "sources.yaml").write_text("schema: 1\nsources: []\n")
    (folder / "claimcheck.yaml").write_text("registry: sources.yaml\n")
    result = cli("sources", "import", "--config", folder / "claimcheck.yaml",
                 EXPORTS / f"seed-000.{export}")
    assert result.exit_code == Exit.OK, result.stderr
    return registry.load(folder / "sources.yaml").sources


def test_bibtex_ris_and_csl_json_exports_give_the_same_registry_entries(cli, tmp_path):
    bib, ris, csl = (_imported(cli, tmp_path, e) for e in ("bib", "ris", "json"))
    assert bib == ris == csl
    assert [s.id for s in bib] == ["american-psychiatric-association-2013", "feder-2014",
                                   "krystal-2017", "newport-2015", "liriano-2019"]
    feder = bib[1]
    assert feder.authors == ("Feder A", "Parides MK", "Murrough JW")
    assert (feder.year, feder.volume, feder.issue, feder.pages) == (2014, "71", "6", "681-688")
    assert feder.doi == "10.1001/jamapsychiatry.2014.62" and feder.status == "unverified"
    assert bib[0].authors == ("American Psychiatric Association",) and bib[0].type == "book"
    assert bib[2].pmid == "28844076"


def test_a_second_import_in_any_format_duplicates_nothing(cli, tmp_path):
    _imported(cli, tmp_path, "bib")
    path = tmp_path / "bib" / "sources.yaml"
    before = path.read_bytes()
    for export in ("bib", "ris", "json"):
        result = cli("sources", "import", "--config", tmp_path / "bib" / "claimcheck.yaml",
                     EXPORTS / f"seed-000.{export}")
        assert result.exit_code == Exit.OK
        assert "all already present" in result.stderr
    assert path.read_bytes() == before


def test_importing_the_corpus_references_into_the_project_registry_changes_nothing(cli, workdir):
    """The bundled registry already holds these works (matched by DOI): a person's entries
    are never duplicated or overwritten."""
    before = (workdir / "sources.yaml").read_bytes()
    result = cli("sources", "import", EXPORTS / "seed-000.bib")
    assert result.exit_code == Exit.OK, result.stderr
    assert (workdir / "sources.yaml").read_bytes() == before


def test_import_matches_by_author_year_title_and_only_fills_missing_fields(cli, workdir):
    """No DOI in common: the work is matched by first author, year and a fuzzy title; a field
    a person set (the year, the title) is kept, a missing one (the volume) filled."""
    (workdir / "extra.bib").write_text(
        "@article{x, author = {Feder, A. and Costi, S.}, year = {2021}, title = {A randomized "
        "controlled trial of repeated ketamine administration for chronic PTSD}, "
        "journal = {Am J Psychiatry}, volume = {178}, pages = {193--202}}\n"
        "@article{y, author = {Feder, A.}, year = {2021}, title = {Something else entirely: "
        "sleep and memory in veterans}}\n")
    path = workdir / "sources.yaml"
    registry.update(path, "feder-2021", {"title": "A Randomized Controlled Trial of Repeated "
                                                  "Ketamine Administration for Chronic PTSD",
                                         "volume": None})
    dry = cli("sources", "import", "--dry-run", "extra.bib")
    assert dry.exit_code == Exit.OK
    assert "would fill feder-2021: volume" in dry.stderr
    assert "would add feder-2021b" in dry.stderr
    before = path.read_bytes()
    assert cli("sources", "import", "extra.bib").exit_code == Exit.OK
    entries = _entries(path)
    assert entries["feder-2021"]["volume"] == "178"
    assert entries["feder-2021"]["container"] == "The American Journal of Psychiatry"
    assert entries["feder-2021"]["pages"] == "193-202"
    assert entries["feder-2021b"]["status"] == "unverified"
    assert path.read_bytes() != before
    assert "# claimcheck registry" in path.read_text()  # comments survive


def test_dry_run_writes_nothing(cli, tmp_path):
    (tmp_path / "sources.yaml").write_text("schema: 1\nsources: []\n")
    (tmp_path / "claimcheck.yaml").write_text("{}\n")
    result = cli("sources", "import", "--dry-run", "--config", tmp_path / "claimcheck.yaml",
                 EXPORTS / "seed-000.ris")
    assert result.exit_code == Exit.OK
    assert result.stderr.count("would add ") == 5
    assert (tmp_path / "sources.yaml").read_text() == "schema: 1\nsources: []\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.bib", "@article{x, title = {Unclosed\n", "bad.bib:1: malformed BibTeX entry"),
    ("bad.json", "[{\"title\": }]", "bad.json:1: malformed CSL-JSON"),
    ("empty.ris", "", "empty.ris: no references found"),
    ("refs.docx", "x", "refs.docx: unsupported export '.docx'"),
    ("items.json", "[1, 2]", "items.json: CSL-JSON must be a list of objects, one per work"),
])
def test_a_bad_export_is_one_line_and_exit_2_and_writes_nothing(cli, workdir, name, content,
                                                                 message):
    (workdir / name).write_text(content)
    before = (workdir / "sources.yaml").read_bytes()
    result = cli("sources", "import", name)
    assert result.exit_code == Exit.ERROR
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (workdir / "sources.yaml").read_bytes() == before


def test_values_the_registry_would_reject_are_left_out_not_written(cli, workdir):
    """A year of 99 or a malformed DOI in an export must not turn sources.yaml into a file
    that no longer loads: the work is imported without them."""
    (workdir / "odd.json").write_text(json.dumps([{
        "type": "article-journal", "title": "An odd record", "author": [{"family": "Roe"}],
        "issued": {"date-parts": [[99]]}, "DOI": "not-a-doi", "PMID": "PMC123"}]))
    result = cli("sources", "import", "odd.json")
    assert result.exit_code == Exit.OK, result.stderr
    odd = registry.load(workdir / "sources.yaml").get("roe")
    assert (odd.title, odd.year, odd.doi, odd.pmid) == ("An odd record", None, None, None)


def test_an_invalid_registry_is_never_written(workdir):
    path = workdir / "sources.yaml"
    before = path.read_bytes()
    with pytest.raises(registry.RegistryError, match="year must be a four-digit number"):
        registry.update(path, "feder-2014", {"year": 99})
    assert path.read_bytes() == before


def test_a_cache_that_cannot_be_a_folder_is_one_line_and_exit_2(cli, workdir):
    (workdir / "cache").write_text("a file where the cache folder should be")
    result = cli("sources", "verify", "--offline", "feder-2014")
    assert result.exit_code == Exit.ERROR
    assert result.stderr.startswith("claimcheck: error: cache: cannot keep the look-up cache")
    assert len(result.stderr.strip().splitlines()) == 1


# --- verify ---------------------------------------------------------------------------------


def test_verify_marks_the_five_seed_000_works_verified(cli, workdir, crossref):
    result = cli("sources", "verify", *SEED_000)
    assert result.exit_code == Exit.OK, result.stderr
    entries = _entries(workdir / "sources.yaml")
    for source_id in SEED_000:
        entry = entries[source_id]
        assert entry["status"] == "verified", (source_id, result.stderr)
        assert entry["service"] == f"Crossref (DOI {DOIS[source_id]})"
        assert entry["checked_on"] == dt.date.today()
        assert "mismatch" not in entry and "notice" not in entry
        assert entry["verified"]  # the person's record of how it was verified is kept
    assert len(crossref.calls) == 5


def test_the_services_etiquette_is_honoured(cli, workdir, crossref):
    cli("sources", "verify", "feder-2014")
    request = crossref.calls[0].request
    assert f"mailto:{CONTACT}" in request.headers["User-Agent"]
    assert request.headers["User-Agent"].startswith("claimcheck/")
    assert f"mailto={CONTACT.replace('@', '%40')}" in request.url


def test_a_wrong_year_is_a_mismatch_naming_the_field(cli, workdir, crossref):
    path = workdir / "sources.yaml"
    registry.update(path, "feder-2014", {"year": 2015})
    result = cli("sources", "verify", "feder-2014")
    assert result.exit_code == Exit.OK
    entry = _entries(path)["feder-2014"]
    assert entry["status"] == "mismatch" and list(entry["mismatch"]) == ["year"]
    assert "year: registry 2015, service '2014'" in result.stderr
    shown = cli("sources", "show", "feder-2014").stdout
    assert "status: mismatch: year disagree with the published record" in shown
    listed = cli("sources", "list", "--status", "mismatch").stdout
    assert "feder-2014" in listed and "krystal-2017" not in listed


def test_a_retracted_doi_is_retracted_with_the_notice(cli, workdir, crossref):
    path = workdir / "sources.yaml"
    (workdir / "retracted.bib").write_text(
        "@article{w, author = {Wakefield, A. J. and Murch, S. H.}, year = {1998}, "
        "title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
        "developmental disorder in children}, journal = {The Lancet}, volume = {351}, "
        "pages = {637--641}, doi = {10.1016/S0140-6736(97)11096-0}}\n")
    assert cli("sources", "import", "retracted.bib").exit_code == Exit.OK
    result = cli("sources", "verify", "wakefield-1998")
    assert result.exit_code == Exit.OK, result.stderr
    entry = _entries(path)["wakefield-1998"]
    assert entry["status"] == "retracted"
    assert dict(entry["notice"]) == {"type": "retraction", "doi": "10.1016/S0140-6736(10)60175-4",
                                     "date": "2010-02-06", "source": "retraction-watch"}
    assert "retraction notice 10.1016/S0140-6736(10)60175-4" in result.stderr
    shown = cli("sources", "show", "wakefield-1998").stdout
    assert "notice: retraction doi 10.1016/S0140-6736(10)60175-4 of 2010-02-06" in shown


def test_a_doi_crossref_does_not_know_is_not_found(cli, workdir, crossref):
    path = workdir / "sources.yaml"
    registry.update(path, "feder-2014", {"doi": "10.9999/no-such-work"})
    result = cli("sources", "verify", "feder-2014")
    assert result.exit_code == Exit.OK
    assert _entries(path)["feder-2014"]["status"] == "not-found"
    assert "Crossref does not know this DOI" in result.stderr


def test_a_pmid_only_source_is_verified_against_pubmed(cli, workdir):
    path = workdir / "sources.yaml"
    registry.update(path, "krystal-2017", {"doi": None})
    with responses.RequestsMock() as mock:
        mock.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi",
                 json=_fixture("pubmed/esummary-28844076.json"),
                 match=[matchers.query_param_matcher({"db": "pubmed", "id": "28844076",
                                                      "retmode": "json"})])
        result = cli("sources", "verify", "krystal-2017")
    assert result.exit_code == Exit.OK, result.stderr
    entry = _entries(path)["krystal-2017"]
    assert entry["status"] == "verified" and entry["service"] == "PubMed (PMID 28844076)"


def test_a_work_without_doi_or_pmid_is_found_by_title(cli, workdir):
    """Crossref's bibliographic query has nothing with this title; PubMed's title search
    does, and its record is compared like any other."""
    path = workdir / "sources.yaml"
    registry.update(path, "krystal-2017", {"doi": None, "pmid": None})
    with responses.RequestsMock() as mock:
        mock.get("https://api.crossref.org/works",
                 json=_fixture("crossref/search-empty.json"))
        mock.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi",
                 json=_fixture("pubmed/esearch-krystal-2017-title.json"),
                 match=[matchers.query_param_matcher(
                     {"db": "pubmed", "retmode": "json", "retmax": "5",
                      "term": "Synaptic loss and the pathophysiology of PTSD: implications for "
                              "ketamine as a prototype novel therapeutic[Title]"})])
        mock.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi",
                 json=_fixture("pubmed/esummary-28844076.json"))
        result = cli("sources", "verify", "krystal-2017")
    assert result.exit_code == Exit.OK, result.stderr
    entry = _entries(path)["krystal-2017"]
    assert entry["status"] == "verified"
    assert entry["service"] == "PubMed (PMID 28844076, by title)"


def test_a_network_failure_leaves_the_registry_byte_identical(cli, workdir):
    path = workdir / "sources.yaml"
    before = path.read_bytes()
    with responses.RequestsMock() as mock:
        mock.get(re.compile(r"https://api\.crossref\.org/.*"),
                 body=requests.ConnectionError(
                     "HTTPSConnectionPool(host='api.crossref.org', port=443): Max retries "
                     "exceeded (Caused by NameResolutionError(\"Failed to resolve "
                     "'api.crossref.org' ([Errno -2] Name or service not known)\"))"))
        result = cli("sources", "verify", *SEED_000)
        asked = len(mock.calls)
    assert result.exit_code == Exit.ERROR
    assert path.read_bytes() == before
    assert "feder-2014: left as verified (api.crossref.org: cannot connect (Name or service " \
        "not known))" in result.stderr
    assert "5 look-up(s) failed; those sources were left untouched" in result.stderr
    assert asked == 1  # an unreachable service is not asked again in the same run


def test_a_rerun_is_answered_from_the_cache_and_offline_never_touches_the_network(
        cli, workdir, crossref):
    assert cli("sources", "verify", *SEED_000).exit_code == Exit.OK
    assert len(crossref.calls) == 5
    assert cli("sources", "verify", *SEED_000).exit_code == Exit.OK
    assert len(crossref.calls) == 5  # all five from the cache
    with responses.RequestsMock() as nothing:  # any request would fail
        result = cli("sources", "verify", "--offline", *SEED_000)
        assert len(nothing.calls) == 0
    assert result.exit_code == Exit.OK, result.stderr
    assert (workdir / "cache").is_dir()


def test_offline_without_a_cached_answer_leaves_the_source_alone(cli, workdir):
    before = (workdir / "sources.yaml").read_bytes()
    with responses.RequestsMock():
        result = cli("sources", "verify", "--offline", "newport-2015")
    assert result.exit_code == Exit.ERROR
    assert "newport-2015: left as verified (api.crossref.org: not in the cache (offline))" \
        in result.stderr
    assert (workdir / "sources.yaml").read_bytes() == before


def test_drug_labels_are_not_looked_up(cli, workdir):
    with responses.RequestsMock():
        result = cli("sources", "verify", "ketamine-label")
    assert result.exit_code == Exit.OK
    assert "ketamine-label: skipped (drug-label: verified by hand" in result.stderr


def test_an_unknown_source_id_is_one_line_and_exit_2(cli, workdir):
    result = cli("sources", "verify", "no-such-source")
    assert result.exit_code == Exit.ERROR
    assert result.stderr.strip() == "claimcheck: error: sources.yaml: no source 'no-such-source'"


# --- named attributions ---------------------------------------------------------------------


@pytest.fixture
def drafts(workdir: Path) -> Path:
    """A page naming two studies and citing none; a registry that knows neither."""
    (workdir / "pages").mkdir()
    (workdir / "pages" / "clinic.md").write_text(
        "# Our treatment\n\n"
        "A Harvard Medical School study (2019) found that 90% of patients with chronic "
        "migraine were free of headaches within a week.\n\n"
        "An Icahn School of Medicine study (2021) showed that repeated ketamine infusions "
        "reduced chronic symptoms.\n")
    (workdir / "sources.yaml").write_text("schema: 1\nsources: []\n")
    (workdir / "claimcheck.yaml").write_text(f"contact: {CONTACT}\ncache: cache\n"
                                            "corpus: pages\n")
    return workdir


def _searches(mock: responses.RequestsMock) -> None:
    def answer(request):
        year = request.params.get("filter", "")
        name = "search-feder-2021.json" if "2021" in year else "search-empty.json"
        return 200, {}, (FIXTURES / "crossref" / name).read_text()

    mock.add_callback(responses.GET, "https://api.crossref.org/works", callback=answer)


def test_named_attributions_are_searched_and_the_outcome_recorded(cli, drafts):
    with responses.RequestsMock() as mock:
        _searches(mock)
        result = cli("sources", "verify", "--attributions")
        queries = [call.request.params for call in mock.calls]
    assert result.exit_code == Exit.OK, result.stderr
    assert {q["filter"] for q in queries} == {"from-pub-date:2019,until-pub-date:2019",
                                             "from-pub-date:2021,until-pub-date:2021"}
    assert all(q["mailto"] == CONTACT for q in queries)
    sources = registry.load(drafts / "sources.yaml").sources
    phantom = next(s for s in sources if s.year == 2019)
    assert phantom.status == "not-found" and phantom.search.candidates == ()
    assert "Harvard" in phantom.search.query and "migraine" in phantom.search.query
    nearest = next(s for s in sources if s.year == 2021)
    assert nearest.status == "unverified"
    assert nearest.search.candidates[0].doi == "10.1176/appi.ajp.2020.20050596"
    assert "no publication found matching" in result.stderr
    assert "nearest candidates for a reviewer" in result.stderr


def test_the_report_says_no_publication_was_found_with_query_and_date(cli, drafts):
    with responses.RequestsMock() as mock:
        _searches(mock)
        assert cli("sources", "verify", "--attributions").exit_code == Exit.OK
    result = cli("scan", "--format", "json", "pages")
    statements = json.loads(result.stdout)["documents"][0]["statements"]
    harvard = next(s for s in statements if "Harvard" in s["text"])
    assert harvard["status"] == "unverifiable"
    query = registry.load(drafts / "sources.yaml").sources[0].search.query
    assert harvard["why"].endswith(f"no publication found matching “{query}” (Crossref, "
                                   f"2019, searched {dt.date.today().isoformat()})")
    icahn = next(s for s in statements if "Icahn" in s["text"])
    assert "nearest candidates for a reviewer" in icahn["why"]
    assert "Feder 2021: A Randomized Controlled Trial of Repeated Ketamine Administration" \
        in icahn["why"]
    audit = cli("audit", "--format", "md", "pages")
    assert "no publication found matching" in audit.stdout  # the References used table


def test_a_failed_search_records_nothing(cli, drafts):
    before = (drafts / "sources.yaml").read_bytes()
    with responses.RequestsMock() as mock:
        mock.get("https://api.crossref.org/works", body=requests.ConnectionError("down"))
        result = cli("sources", "verify", "--attributions")
    assert result.exit_code == Exit.ERROR
    assert "not searched" in result.stderr
    assert (drafts / "sources.yaml").read_bytes() == before


def test_sources_commands_have_help_with_examples(cli):
    for command in ("import", "verify", "list", "show"):
        result = cli("sources", command, "--help")
        assert result.exit_code == 0
        assert f"claimcheck sources {command}" in result.stdout
