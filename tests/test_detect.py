"""Claim or not, kinds and flags (TAXONOMY §2, §3, §6), on pages unlike the bundled corpus."""

from __future__ import annotations

import pytest

from claimcheck.detect.claims import decide
from claimcheck.detect.segment import segment
from claimcheck.ingest import markdown, text
from claimcheck.model import OffLabelRule


def decisions(page: str, rules=(), parse=text.parse):
    document = parse("p", page)
    statements = list(segment(document))
    return {s.text: d for s, d in zip(statements, decide(document, statements, rules))}


@pytest.mark.parametrize(("line", "reason"), [
    ("Share This :", "boilerplate"),
    ("Subscribe", "boilerplate"),
    ("0 Comments", "boilerplate"),
    ("(555) 201-3344", "boilerplate"),
    ("Phone: 702-555-0101", "boilerplate"),
    ("12 Harbor Blvd, Suite 4", "boilerplate"),
    ("123 Main Street, Dallas, TX 75201", "boilerplate"),
    ("Reno, NV 89501", "boilerplate"),
    ("Austin, Texas", "boilerplate"),
    ("March 4, 2024 at 9:15 AM", "boilerplate"),
    ("Published March 3, 2024 by Dr. Jane Roe, MD", "boilerplate"),
    ("Updated January 2025 | Reviewed by Dr. Mark Ellis, DO", "boilerplate"),
    ("Book an appointment", "boilerplate"),
    ("semaglutide weight loss clinic", "boilerplate"),
    ("Schedule Free Consultation → | Call 800-555-0199", "call-to-action"),
    ("Free shipping on orders over $50.", "call-to-action"),
    ("Subscribe & save 15%.", "call-to-action"),
    ("Results may vary.", "boilerplate"),
    ("These statements have not been evaluated by the Food and Drug Administration.",
     "boilerplate"),
    ("This product is not intended to diagnose, treat, cure, or prevent any disease.",
     "boilerplate"),
    ("Please reach out for a consultation today.", "call-to-action"),
    ("Our friendly team is here to help you feel better.", "call-to-action"),
    ("Interested in our services?", "call-to-action"),
    ("How Does Semaglutide Work?", "question"),
    ("Side Effects", "heading"),
    ("The History of Stem Cell Therapy", "heading"),
    ("How Stem Cells Repair Joints", "heading"),
    ("You deserve to feel strong again.", "opinion"),
    ("Early treatment is crucial for good outcomes.", "opinion"),
])
def test_non_claims_get_their_reason(line, reason):
    decision = decisions(f"Intro paragraph about treatments here.\n\n{line}\n")[line]
    assert (decision.claim, decision.reason) == (False, reason)


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Semaglutide reduces body weight by 15% in adults with obesity.", {"statistic", "efficacy"}),
    ("Stem cell injections relieve knee pain.", {"efficacy"}),
    ("Common side effects include nausea and headache.", {"safety"}),
    ("Semaglutide mimics GLP-1 and acts on receptors in the brain.", {"mechanism"}),
    ("Obesity affects over 40% of American adults.", {"epidemiology", "statistic"}),
    ("In 2021, the FDA approved semaglutide for weight management.", {"regulatory", "history"}),
    ("Injections work faster than oral tablets.", {"comparative"}),
    ("Each injection is given weekly at a dose of 2.4 mg.", {"protocol"}),
    ("Our board-certified physicians have treated thousands.", {"provider"}),
    ("Osteoarthritis is a degenerative joint disease.", {"background"}),
    ("Adults on the drug lost an average of 14.9% of their body weight.",
     {"statistic", "efficacy"}),
    ("Most patients lose 10-15 pounds in the first month.", {"statistic", "efficacy"}),
    ("Rarely, pancreatitis has been reported.", {"safety"}),
    ("Fish oil lowers triglycerides.", {"efficacy"}),
    ("Our cleanse eliminates them.", {"efficacy"}),
    ("Take 2 capsules twice daily with water.", {"protocol"}),
    ("Supports memory, focus and mood.", {"efficacy"}),
    ("Omega-3 fatty acids are essential nutrients that the body cannot make.", {"background"}),
    ("Our generic tablet is just as effective as the brand.", {"efficacy", "comparative"}),
])
def test_kinds(sentence, kinds):
    decision = decisions(sentence)[sentence]
    assert decision.claim
    assert kinds <= set(decision.kinds), decision.kinds


@pytest.mark.parametrize(("sentence", "kinds"), [
    # what a study set out to learn is how it was set up, not a finding
    ("The team sought to determine the efficacy and safety of sage tea for hot flushes.",
     {"protocol"}),
    ("The open-label trial enrolled 80 adults with chronic sinusitis.", {"protocol", "statistic"}),
    # once the study reports an outcome, its design words do not make it a protocol claim
    ("The double-blind trial found that sage tea reduced hot flushes.", {"efficacy"}),
    # a study reported as finding something, with nothing said of what
    ("Researchers at the institute have found that most volunteers who", {"efficacy"}),
    # a predicate of praise is not a definition
    ("Zinc is an effective treatment for the common cold.", {"efficacy"}),
    # healing named as the body's own process is not a promised benefit
    ("Wound healing is the process by which skin repairs itself.", {"background"}),
    # a condition named by a body word is what is treated, not how anything acts
    ("The balm is used to treat pain and inflammation.", {"efficacy"}),
    ("Pumps are sold to men with erectile dysfunction.", {"background"}),
    ("Forty percent of the volunteers slept longer.", {"statistic"}),
    ("Visible results appear after 2-3 weeks.", {"efficacy", "statistic"}),
    ("The sample is then spun in a small machine.", {"protocol"}),
    ("Brightleaf Labs is a family-owned supplement company.", {"provider"}),
    ("The injection may be slightly painful.", {"safety", "protocol"}),
    # a condition the treatment is for is not one of its adverse effects
    ("The herb was used to treat migraine headaches.", {"efficacy"}),
    # a forecast year is not a dated event; an ancient date and an age are not findings
    ("Analysts say the market will reach $5 billion by 2031.", {"statistic"}),
    ("The Romans bathed in hot springs to soothe sore joints around 100 AD.",
     {"history", "efficacy"}),
])
def test_kinds_exactly(sentence, kinds):
    decision = decisions(sentence)[sentence]
    assert decision.claim
    assert set(decision.kinds) == kinds, decision.kinds


def test_list_item_with_kinds_of_its_own_does_not_take_background_from_its_lead_in():
    page = ("Three herbal teas have been well studied for sleep:\n"
            "- Taken nightly for 4 weeks, chamomile shortened the time to fall asleep\n"
            "- Valerian root\n")
    found = decisions(page)
    assert "background" not in found[
        "Taken nightly for 4 weeks, chamomile shortened the time to fall asleep"].kinds


@pytest.mark.parametrize(("sentence", "flag", "present"), [
    ("This revolutionary therapy is a game-changer.", "hype", True),
    ("Our amazing, life-changing program works.", "hype", True),
    ("The therapy is proven to work.", "absolute", True),
    ("The procedure is safe and has no side effects.", "absolute", True),
    ("Patients feel safe and relaxed during the session.", "absolute", False),
    ("The injections eliminate joint pain.", "absolute", True),
    ("Stem cells may help regenerate cartilage.", "hedged", True),
    ("The mechanism is not yet fully understood.", "hedged", True),
    ("Side effects include potential risks of infection.", "hedged", False),
    ("Results appear within 2 weeks for 70-80% of patients.", "number", True),
    ("Two decades of research support this.", "number", True),
    ("One of the benefits is speed.", "number", False),
    ("Millions of people take it.", "number", False),
])
def test_flags(sentence, flag, present):
    decision = decisions(sentence)[sentence]
    assert (flag in decision.flags) is present, decision.flags


SEMAGLUTIDE = OffLabelRule(treatment=("semaglutide",), condition=("alcohol use disorder", "AUD"))
PAGE = """Semaglutide for Alcohol Use Disorder

Semaglutide is approved for diabetes and obesity. Many clinics now offer semaglutide for AUD.
Semaglutide reduces cravings in people with alcohol use disorder.
Semaglutide also lowers blood sugar in type 2 diabetes and helps with depression symptoms.
Alcohol use disorder affects millions of adults.

What patients notice:
- Reduced cravings within days
- Fewer drinks per week
"""


def test_off_label_follows_the_configured_rule():
    found = decisions(PAGE, (SEMAGLUTIDE,))
    assert "off-label" in found["Semaglutide reduces cravings in people with alcohol use disorder."].flags
    assert "off-label" in found["Reduced cravings within days"].flags
    assert "off-label" not in found["Semaglutide also lowers blood sugar in type 2 diabetes and helps with depression symptoms."].flags
    assert "off-label" not in found["Alcohol use disorder affects millions of adults."].flags


def test_no_off_label_without_configuration():
    found = decisions(PAGE)
    assert not any("off-label" in d.flags for d in found.values())


def test_lead_in_completed_by_items_passes_on_kinds_and_qualifiers():
    page = "Stem cell therapy is safe when:\n- Performed by a physician\n- Cells are screened\n\nIt may not suit you with:\n- Active cancer\n"
    found = decisions(page)
    assert found["Stem cell therapy is safe when:"].claim
    for item in ("Performed by a physician", "Cells are screened"):
        assert "safety" in found[item].kinds and "absolute" in found[item].flags
    assert "hedged" in found["Active cancer"].flags


def test_enumerating_lead_in_is_a_heading_and_items_are_claims():
    page = "Common side effects include:\n- Nausea\n- Injection-site pain\n"
    found = decisions(page)
    assert found["Common side effects include:"].reason == "heading"
    assert found["Nausea"].claim and "safety" in found["Nausea"].kinds


def test_heading_that_asserts_is_a_claim():
    found = decisions("# PRP Injections: A Breakthrough for Knee Pain\n\n## Ideal Candidates\n",
                      parse=markdown.parse)
    assert found["PRP Injections: A Breakthrough for Knee Pain"].claim
    assert found["Ideal Candidates"].reason == "heading"


def test_references_are_not_claims():
    page = ("Claims here are many.\n\nSmith, J. A., & Doe, R. (2020). Semaglutide and craving. "
            "Addiction, 12(3), 45-56.\nLee, K. (2019). Another study. Obesity Reviews, 4, 1-9.\n")
    found = decisions(page)
    assert found["Lee, K. (2019). Another study. Obesity Reviews, 4, 1-9."].reason == "reference"


def test_emphasis_around_a_whole_markdown_line_does_not_hide_a_dateline():
    page = "# Knee pain\n\n*Updated May 2024 by Dr. Ann Ortiz, MD*\n\nInjections relieve pain.\n"
    found = decisions(page, parse=markdown.parse)
    assert found["*Updated May 2024 by Dr. Ann Ortiz, MD*"].reason == "boilerplate"
    assert found["Injections relieve pain."].claim
