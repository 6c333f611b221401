"""Reference entries: found in a page, parsed in each common style, notes kept apart."""

from __future__ import annotations

import pytest

from claimcheck import ingest
from claimcheck.detect import references
from claimcheck.ingest import markdown, text

from .conftest import CORPUS


@pytest.mark.parametrize(("raw", "expected"), [
    ("Feder, A., Parides, M. K., Murrough, J. W., et al. (2014). Efficacy of intravenous ketamine for "
     "treatment of chronic posttraumatic stress disorder: a randomized clinical trial. JAMA Psychiatry, "
     "71(6), 681-688.",
     dict(first_author="Feder", year="2014", container="JAMA Psychiatry", volume="71", issue="6",
          pages="681-688",
          title="Efficacy of intravenous ketamine for treatment of chronic posttraumatic stress "
                "disorder: a randomized clinical trial")),  # APA
    ("Wilding JPH, Batterham RL, Calanna S, et al. Once-weekly semaglutide in adults with overweight or "
     "obesity. N Engl J Med. 2021;384(11):989-1002. doi:10.1056/NEJMoa2032183",
     dict(first_author="Wilding", year="2021", container="N Engl J Med", volume="384", issue="11",
          pages="989-1002", doi="10.1056/NEJMoa2032183",
          title="Once-weekly semaglutide in adults with overweight or obesity")),  # AMA/Vancouver
    ("Smith, J. and Jones, K. (2019) Exercise and mood in older adults. Journal of Aging Studies, 12, pp. 34-56.",
     dict(first_author="Smith", year="2019", title="Exercise and mood in older adults",
          container="Journal of Aging Studies", volume="12", pages="34-56")),  # Harvard
    ("[3] K. Lee, M. Park, Sleep and cognition, Sleep Med. Rev. 45 (2019) 12-20.",
     dict(first_author="Lee", year="2019", number="3", title="Sleep and cognition", pages="12-20")),  # numbered
])
def test_reference_styles(raw, expected):
    parsed = references.parse(raw)
    for field, value in expected.items():
        assert getattr(parsed, field) == value, (field, getattr(parsed, field))


@pytest.mark.parametrize(("span", "families"), [
    ("Feder, A., Parides, M. K., & Murrough, J. W.", ["Feder", "Parides", "Murrough"]),
    ("Wilding JPH, Batterham RL, Calanna S, et al.", ["Wilding", "Batterham", "Calanna"]),
    ("Thomas F. LaPorta and Mischa Schwartz", ["LaPorta", "Schwartz"]),
    ("Beck, Ulrich, Anthony Giddens, and Scott Lash", ["Beck", "Giddens", "Lash"]),
    ("American Psychiatric Association", ["American Psychiatric Association"]),
    ("Krezel, A.; Bal, W.", ["Krezel", "Bal"]),
    ("U.S. Food and Drug Administration", ["U.S. Food and Drug Administration"]),
    ("Centers for Disease Control and Prevention", ["Centers for Disease Control and Prevention"]),
    ("Smith J and American Heart Association", ["Smith", "American Heart Association"]),
    ("Lee, J.; Food and Agriculture Organization", ["Lee", "Food and Agriculture Organization"]),
])
def test_author_lists(span, families):
    assert [a.family for a in references.authors(span)] == families


def test_reference_list_of_the_blog_page_with_notes_attached():
    entries = references.from_document(ingest.read(CORPUS / "ptsd-maladaptations-blog.txt"))
    assert [e.label for e in entries] == ["American Psychiatric Association 2013", "Feder 2014",
                                          "Krystal 2017", "Newport 2015", "Liriano 2019"]
    assert entries[0].note == "This source provides diagnostic criteria and an overview of PTSD and its symptoms."
    assert entries[3].container == "The American Journal of Psychiatry"
    assert all(e.note for e in entries)


def test_numbered_markdown_list_keeps_entry_numbers():
    page = ("Text.\n\n## References\n\n1. Lee K, Park M. Sleep and cognition. Sleep Med Rev. "
            "2019;45:12-20.\n2. Cho H, Kim S. Daytime naps and memory in older adults. Sleep. "
            "2020;43(3):1-9.\n")
    entries = references.from_document(markdown.parse("p.md", page))
    assert [(e.number, e.first_author, e.year) for e in entries] == [("1", "Lee", "2019"), ("2", "Cho", "2020")]


def test_bracket_numbered_text_list():
    page = ("Claims.\n\n[1] Lee K. Sleep and cognition. Sleep Med Rev. 2019;45:12-20.\n"
            "[2] Cho H, Kim S. Daytime naps and memory in older adults. Sleep. 2020;43(3):1-9.\n")
    entries = references.from_document(text.parse("p.txt", page))
    assert [e.number for e in entries] == ["1", "2"]
