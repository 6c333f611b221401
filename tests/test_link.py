"""Evidence status (TAXONOMY §5): how each kind of pointer resolves, and the bundled corpus's
specimens through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck import config, pipeline
from claimcheck.evidence import registry
from claimcheck.ingest import markdown, text

REGISTRY = """schema: 1
sources:
  - id: lee-2019
    type: rct
    authors: [Lee K, Park M]
    year: 2019
    title: Sleep and cognition in adults
    container: Sleep Medicine Reviews
    doi: 10.1000/sleep.1
    status: verified
  - id: cho-2020
    type: rct
    authors: [Cho H]
    year: 2020
    title: Daytime naps and memory
    container: Sleep
    status: unverified
  - id: kim-2018
    type: rct
    authors: [Kim S]
    year: 2018
    title: Melatonin and memory
    container: Journal of Sleep Research
    doi: 10.1000/retracted.9
    status: retracted
  - id: harvard-2022
    type: journal-article
    authors: [Harvard University]
    year: 2022
    status: not-found
"""


@pytest.fixture
def sources(tmp_path: Path) -> registry.Registry:
    path = tmp_path / "sources.yaml"
    path.write_text(REGISTRY)
    return registry.load(path)


def statuses(page: str, sources, parse=markdown.parse) -> dict[str, tuple]:
    result = pipeline.analyse(parse("p.md", page), config.DEFAULT, sources)
    return {a.statement.text: (a.status, a.attribution.type, [(m.id, m.match) for m in a.sources])
            for a in result.analyses if a.decision.claim}


PAGE = """# Sleep

Naps improve memory in adults [1]. Sleep improves recall (Cho et al., 2020).
Melatonin improves memory (doi:10.1000/retracted.9).
A 2022 Harvard study found naps cut stress by 40%.
Studies show naps improve mood.
At Nap Clinic, we have seen patients sleep better.
Naps improve focus.

## References

1. Lee K, Park M. Sleep and cognition in adults. Sleep Med Rev. 2019;45:12-20.
"""


def test_each_pointer_resolves_to_its_status(sources):
    found = statuses(PAGE, sources)
    assert found["Naps improve memory in adults [1]."] == ("supported", "citation", [("lee-2019", "numbered")])
    assert found["Sleep improves recall (Cho et al., 2020)."] == ("cited", "citation", [("cho-2020", "author-year")])
    assert found["Melatonin improves memory (doi:10.1000/retracted.9)."][0] == "contradicted"
    assert found["A 2022 Harvard study found naps cut stress by 40%."][:2] == ("unverifiable", "named")
    # a pointer at the claim wins over the page's reference list (the list's best fits are
    # still offered as candidates)
    assert found["Studies show naps improve mood."][:2] == ("vague", "vague")
    assert found["At Nap Clinic, we have seen patients sleep better."][:2] == ("self-reported", "self")
    assert found["Naps improve focus."][0] == "bibliography"


def test_without_a_reference_list(sources):
    page = "Studies show naps improve mood.\n\nNaps improve focus.\n\nSee Lee et al. (2019) on sleep.\n"
    found = statuses(page, sources)
    assert found["Studies show naps improve mood."][0] == "vague"
    assert found["Naps improve focus."][0] == "unsourced"
    assert found["See Lee et al. (2019) on sleep."] == ("supported", "citation", [("lee-2019", "author-year")])


def test_named_source_matching_a_verified_work_is_a_citation(sources):
    page = "A 2019 trial published in Sleep Medicine Reviews found better recall.\n"
    assert statuses(page, sources)[page.strip()] == ("supported", "citation", [("lee-2019", "named")])


def test_named_source_without_registry_is_unverifiable():
    page = "Stanford University Study (2021)\n- 90% slept better\n"
    found = statuses(page, registry.EMPTY, text.parse)
    assert found["90% slept better"] == ("unverifiable", "named", [])


def test_bibliography_candidates_are_ranked_and_thresholded(sources):
    page = """Naps and memory

Daytime naps improve memory consolidation in older adults.
The moon is made of cheese.

References

Lee, K., & Park, M. (2019). Sleep and cognition in adults. Sleep Medicine Reviews, 45, 12-20.
Cho, H. (2020). Daytime naps and memory. Sleep, 43(3), 1-9.
"""
    result = pipeline.analyse(text.parse("p.txt", page), config.DEFAULT, sources)
    by_text = {a.statement.text: a for a in result.analyses}
    naps = by_text["Daytime naps improve memory consolidation in older adults."]
    assert naps.status == "bibliography"
    assert naps.sources[0].id == "cho-2020" and naps.sources[0].match == "candidate"
    assert 0 < naps.sources[0].score <= 1
    assert by_text["The moon is made of cheese."].sources == ()


# --- The bundled corpus, as a clinician would run it -------------------------------------


@pytest.fixture(scope="module")
def corpus_json():
    import os

    from typer.testing import CliRunner

    from claimcheck.cli import app

    from .conftest import ROOT
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, ["scan", "-f", "json", "corpus/ketamine-ptsd"])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return {d["path"].rsplit("/", 1)[1]: {s["text"]: s for s in d["statements"]}
            for d in data["documents"]}


def test_yale_bullets_are_unverifiable_with_the_heading_as_attribution(corpus_json):
    page = corpus_json["klarity-clinic-science-behind-ketamine.txt"]
    for line in ("85% of PTSD patients showed significant improvement", "Effects began within 2 hours",
                 "Benefits maintained for several weeks"):
        assert page[line]["status"] == "unverifiable"
        assert page[line]["attribution"]["type"] == "named"
        assert page[line]["attribution"]["text"] == "Yale University Study (2021)"
        assert page[line]["sources"][0]["id"] == "yale-2021-ptsd-study"


def test_jama_2018_meta_analysis_and_the_sentence_after_it_are_unverifiable(corpus_json):
    page = corpus_json["finding-relief-ketamine-for-ptsd.txt"]
    first = next(s for t, s in page.items() if t.startswith("A meta-analysis published in JAMA"))
    after = page["The analysis also found that ketamine was generally well-tolerated, with minimal side effects reported."]
    for statement in (first, after):
        assert statement["status"] == "unverifiable"
        assert statement["attribution"]["text"] == "A meta-analysis published in JAMA Psychiatry in 2018"


def test_reference_list_page_is_bibliography_with_fitting_candidates(corpus_json):
    page = corpus_json["ptsd-maladaptations-blog.txt"]
    claims = [s for s in page.values() if s["claim"]]
    # every claim rests on the list, except the ones that point at evidence themselves
    assert {s["derived_status"] for s in claims if s["attribution"]["type"] == "none"} \
        == {"bibliography"}
    assert {s["derived_status"] for s in claims} == {"bibliography", "vague"}
    mechanism = page["NMDA receptor antagonism: Ketamine blocks the NMDA receptor, a key receptor in the brain involved in learning and memory."]
    assert {m["id"] for m in mechanism["sources"]} & {"krystal-2017", "newport-2015", "liriano-2019"}
    assert all(m["match"] == "candidate" for m in mechanism["sources"])


def test_vague_and_self_reported_specimens(corpus_json):
    island = corpus_json["long-island-clinic-what-is-ptsd.txt"]
    research = next(s for t, s in island.items() if t.startswith("Research over the past two decades"))
    assert (research["status"], research["attribution"]["text"]) == (
        "vague", "Research over the past two decades demonstrates")
    klarity = corpus_json["klarity-clinic-science-behind-ketamine.txt"]
    own = klarity["70-80% of PTSD patients report significant improvement"]
    assert (own["status"], own["attribution"]["type"]) == ("self-reported", "self")
