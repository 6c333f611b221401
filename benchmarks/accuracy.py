"""Claim detection accuracy: `python benchmarks/accuracy.py [--quiet]`.

On the bundled corpus, against the gold annotations in benchmarks/gold/ (copied from the
project's shared gold; they follow TAXONOMY.md):

- claim precision, recall and F1: gold and predicted claims matched one-to-one, greedily,
  by character IoU >= 0.5 of their spans;
- kinds micro-F1 and flags micro-F1 (the number flag reported apart) over matched claims;
- evidence, over matched claims: status accuracy and macro-F1 (mean F1 over the status
  classes present), attribution accuracy, sourced-vs-marketing accuracy (sourced =
  supported, cited, bibliography) and candidate recall (gold candidate entries of
  bibliography claims found among claimcheck's up to three candidates);
- the same claim figures for a naive baseline (every statement of four or more words);
- every error, so a change can be judged case by case.

Out of domain: claim precision/recall on CLEF 2020 CheckThat! task 1 test tweets (a tweet
contains a claim when any of its statements is one) and on Full Fact's labelled health
video captions. Both datasets are read from ../shared/datasets (see its README for
provenance and licences).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "gold"
DATASETS = ROOT.parent / "shared" / "datasets"
DEV = ROOT.parent / "shared" / "dev"
CORE_FLAGS = frozenset({"hype", "absolute", "hedged"})
"""The flags scored on every page (number is scored apart; off-label depends on the
configured list)."""
IOU = 0.5


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    claim: bool
    kinds: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    text: str = ""
    reason: str | None = None
    status: str | None = None
    attribution: str | None = None
    candidates: frozenset[str] = frozenset()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[str], predicted: Iterable[str]) -> None:
        gold, predicted = set(gold), set(predicted)
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    claims: Counts = field(default_factory=Counts)
    kinds: Counts = field(default_factory=Counts)
    flags: Counts = field(default_factory=Counts)
    number: Counts = field(default_factory=Counts)
    core_flags: Counts = field(default_factory=Counts)
    """hype, absolute and hedged."""
    baseline: Counts = field(default_factory=Counts)
    baseline_statuses: list[tuple[str, str]] = field(default_factory=list)
    """(gold status, 'unsourced') for each gold claim the baseline matched."""
    reasons_right: int = 0
    reasons_total: int = 0
    statuses: list[tuple[str, str]] = field(default_factory=list)
    """(gold, predicted) status of each matched claim."""
    attributions: list[tuple[str, str]] = field(default_factory=list)
    candidates_found: int = 0
    candidates_total: int = 0
    errors: list[str] = field(default_factory=list)


def gold_spans(document_text: str, statements: list[dict]) -> list[Span]:
    """Gold statements located in order in the document text (repeats resolve in order)."""
    spans, cursor = [], 0
    for gold in statements:
        start = document_text.find(gold["text"], cursor)
        if start < 0:
            raise ValueError(f"gold text not found in order: {gold['text'][:60]!r}")
        end = start + len(gold["text"])
        cursor = end
        spans.append(Span(start, end, bool(gold["claim"]), frozenset(gold.get("kinds") or ()),
                          frozenset(gold.get("flags") or ()), gold["text"], gold.get("reason"),
                          gold.get("status"), gold.get("attribution"),
                          frozenset(gold.get("candidates") or ())))
    return spans


def match(gold: list[Span], predicted: list[Span]) -> list[tuple[Span, Span]]:
    """Greedy one-to-one matching by character IoU >= 0.5, best overlaps first."""
    pairs = []
    for g in gold:
        for p in predicted:
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                iou = overlap / (max(g.end, p.end) - min(g.start, p.start))
                if iou >= IOU:
                    pairs.append((iou, id(g), id(p), g, p))
    pairs.sort(key=lambda pair: -pair[0])
    used_gold, used_predicted, matched = set(), set(), []
    for _, gold_id, predicted_id, g, p in pairs:
        if gold_id not in used_gold and predicted_id not in used_predicted:
            used_gold.add(gold_id)
            used_predicted.add(predicted_id)
            matched.append((g, p))
    return matched


def evaluate_corpus() -> Scores:
    """The bundled corpus against benchmarks/gold/, with the project's configuration and
    registry."""
    sys.path.insert(0, str(ROOT))
    from claimcheck import config
    from claimcheck.evidence import registry

    settings = config.load(start=ROOT)
    corpus = settings.corpus[0]  # the project's own: one folder
    pages = [(corpus / yaml.safe_load(g.read_text(encoding="utf-8"))["document"], g)
             for g in sorted(GOLD.glob("*.yaml"))]
    return evaluate_pages(pages, settings, registry.load(settings.registry))


def genre(name: str) -> str:
    """The development page's genre, from its number (../shared/dev/README.md)."""
    number = int(name[1:3])
    if number in (5, 6, 7, 8):
        return "supplement"
    if number in (13, 14):
        return "press release"
    if number in (15, 16):
        return "news"
    return "clinic"


GENRES = ("clinic", "supplement", "press release", "news")


def evaluate_dev() -> dict[str, Scores]:
    """../shared/dev per genre and overall, with the default configuration and no registry
    (none of these pages is about the bundled corpus's topic)."""
    sys.path.insert(0, str(ROOT))
    from claimcheck import config
    from claimcheck.evidence import registry

    found: dict[str, list[tuple[Path, Path]]] = {g: [] for g in GENRES}
    for gold_file in sorted((DEV / "gold").glob("*.yaml")):
        found[genre(gold_file.stem)].append((DEV / "texts" / f"{gold_file.stem}.txt", gold_file))
    scores = {g: evaluate_pages(pages, config.DEFAULT, registry.EMPTY)
              for g, pages in found.items() if pages}
    scores["dev overall"] = evaluate_pages([p for pages in found.values() for p in pages],
                                           config.DEFAULT, registry.EMPTY)
    return scores


def evaluate_pages(pages: list[tuple[Path, Path]], settings, sources) -> Scores:
    """Each (text, gold file) pair analysed and scored; the naive baseline beside it."""
    from claimcheck import ingest, pipeline

    scores = Scores()
    for text_path, gold_file in pages:
        gold_doc = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        document = ingest.read(text_path)
        result = pipeline.analyse(document, settings, sources)
        gold = gold_spans(document.text, gold_doc["statements"])
        predicted = [Span(a.statement.start, a.statement.end, a.decision.claim,
                          frozenset(a.decision.kinds), frozenset(a.decision.flags),
                          a.statement.text, a.decision.reason, a.status, a.attribution.type,
                          frozenset(f"{m.first_author} {m.year}" for m in a.sources
                                    if m.match == "candidate"))
                     for a in result.analyses]
        name = gold_doc["document"]
        _score_claims(scores, name, gold, predicted)
        baseline = [Span(p.start, p.end, len(p.text.split()) >= 4) for p in predicted]
        matched = match([g for g in gold if g.claim], [b for b in baseline if b.claim])
        scores.baseline.tp += len(matched)
        scores.baseline.fp += sum(b.claim for b in baseline) - len(matched)
        scores.baseline.fn += sum(g.claim for g in gold) - len(matched)
        scores.baseline_statuses += [(g.status, "unsourced") for g, _ in matched]
    return scores


def _score_claims(scores: Scores, name: str, gold: list[Span], predicted: list[Span]) -> None:
    gold_claims = [g for g in gold if g.claim]
    predicted_claims = [p for p in predicted if p.claim]
    matched = match(gold_claims, predicted_claims)
    scores.claims.tp += len(matched)
    scores.claims.fp += len(predicted_claims) - len(matched)
    scores.claims.fn += len(gold_claims) - len(matched)
    matched_gold = {id(g) for g, _ in matched}
    matched_predicted = {id(p) for _, p in matched}
    by_span = {(p.start, p.end): p for p in predicted}
    for g in gold_claims:
        if id(g) not in matched_gold:
            p = by_span.get((g.start, g.end))
            why = f"predicted {p.reason}" if p else "no statement with this span"
            scores.errors.append(f"missed claim ({why}) {name}: {g.text[:100]}")
    for p in predicted_claims:
        if id(p) not in matched_predicted:
            scores.errors.append(f"false claim {name}: {p.text[:100]}")
    for g, p in matched:
        scores.kinds.add(g.kinds, p.kinds)
        scores.flags.add(g.flags - {"number"}, p.flags - {"number"})
        scores.number.add(g.flags & {"number"}, p.flags & {"number"})
        scores.core_flags.add(g.flags & CORE_FLAGS, p.flags & CORE_FLAGS)
        if g.kinds != p.kinds:
            scores.errors.append(f"kinds {name}: gold {sorted(g.kinds)} got {sorted(p.kinds)}: "
                                 f"{g.text[:80]}")
        if g.flags != p.flags:
            scores.errors.append(f"flags {name}: gold {sorted(g.flags)} got {sorted(p.flags)}: "
                                 f"{g.text[:80]}")
        scores.statuses.append((g.status, p.status))
        scores.attributions.append((g.attribution, p.attribution))
        if g.status != p.status or g.attribution != p.attribution:
            scores.errors.append(f"evidence {name}: gold {g.status}/{g.attribution} got "
                                 f"{p.status}/{p.attribution}: {g.text[:80]}")
        if g.status == "bibliography":
            scores.candidates_total += len(g.candidates)
            scores.candidates_found += len(g.candidates & p.candidates)
            if g.candidates - p.candidates:
                scores.errors.append(f"candidates {name}: gold {sorted(g.candidates)} got "
                                     f"{sorted(p.candidates)}: {g.text[:70]}")
    for g in gold:
        p = by_span.get((g.start, g.end))
        if not g.claim and p is not None and not p.claim:
            scores.reasons_total += 1
            scores.reasons_right += g.reason == p.reason


SOURCED = {"supported", "cited", "bibliography"}


def status_figures(scores: Scores) -> dict[str, float]:
    pairs = scores.statuses
    if not pairs:
        return {}
    accuracy = sum(g == p for g, p in pairs) / len(pairs)
    f1s = []
    for status in sorted({g for g, _ in pairs}):
        counts = Counts()
        for g, p in pairs:
            counts.tp += g == status and p == status
            counts.fp += g != status and p == status
            counts.fn += g == status and p != status
        f1s.append(counts.f1)
    attribution = (sum(g == p for g, p in scores.attributions) / len(scores.attributions)
                   if scores.attributions else 0.0)
    sourced = sum((g in SOURCED) == (p in SOURCED) for g, p in pairs) / len(pairs)
    recall = (scores.candidates_found / scores.candidates_total
              if scores.candidates_total else None)
    return {"status accuracy": accuracy, "status macro-F1": sum(f1s) / len(f1s),
            "attribution accuracy": attribution, "sourced-vs-marketing": sourced,
            "candidate recall": recall}


EVIDENCE_TARGETS = {"status accuracy": 0.92, "status macro-F1": 0.85,
                    "attribution accuracy": 0.90, "sourced-vs-marketing": 0.97,
                    "candidate recall": 0.70}


def evaluate_out_of_domain(path: Path, label_key: str) -> tuple[Counts, Counts] | None:
    """(claimcheck, naive baseline) counts on a JSONL of short texts with a 0/1 label."""
    if not path.exists():
        return None
    sys.path.insert(0, str(ROOT))
    from claimcheck import config, pipeline
    from claimcheck.ingest import text

    ours, naive = Counts(), Counts()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get(label_key) is None:
            continue
        document = text.parse("tweet.txt", row["text"])
        result = pipeline.analyse(document, config.DEFAULT)
        said = any(a.decision.claim for a in result.analyses)
        baseline = any(len(a.statement.text.split()) >= 4 for a in result.analyses)
        truth = bool(int(row[label_key]))
        for counts, guess in ((ours, said), (naive, baseline)):
            counts.tp += guess and truth
            counts.fp += guess and not truth
            counts.fn += truth and not guess
    return ours, naive


ATTRIBUTIONS = ("named", "vague", "citation", "self", "none")


def figures(scores: Scores) -> dict[str, float | None]:
    """Every figure of one column of the table."""
    out: dict[str, float | None] = {
        "claim precision": scores.claims.precision, "claim recall": scores.claims.recall,
        "claim F1": scores.claims.f1}
    out.update(status_figures(scores))
    for kind in ATTRIBUTIONS:
        pairs = [(g, p) for g, p in scores.attributions if g == kind]
        out[f"{kind} recall"] = sum(g == p for g, p in pairs) / len(pairs) if pairs else None
    out["kinds micro-F1"] = scores.kinds.f1
    out["flags micro-F1 (hype, absolute, hedged)"] = scores.core_flags.f1
    out["number flag F1"] = scores.number.f1
    return out


def baseline_figures(scores: Scores) -> dict[str, float | None]:
    """The naive baseline: every statement of four or more words a claim, all `unsourced`,
    attributed to nothing."""
    base = Scores(statuses=scores.baseline_statuses,
                  attributions=[(g, "none") for g, _ in scores.attributions])
    out = figures(base)
    out.update({"claim precision": scores.baseline.precision,
                "claim recall": scores.baseline.recall, "claim F1": scores.baseline.f1,
                "kinds micro-F1": None, "flags micro-F1 (hype, absolute, hedged)": None,
                "number flag F1": None, "candidate recall": None})
    return out


TARGETS = {"claim F1": 0.93, "status macro-F1": 0.80, "attribution accuracy": 0.85,
           "named recall": 0.80, "vague recall": 0.80, "kinds micro-F1": 0.75,
           "flags micro-F1 (hype, absolute, hedged)": 0.80}
"""On ../shared/dev overall (issue 11)."""


def table(columns: dict[str, dict[str, float | None]]) -> str:
    rows = list(next(iter(columns.values())))
    width = max(len(r) for r in rows)
    head = f"{'':{width}s} " + " ".join(f"{c:>13s}" for c in columns) + "   target (dev)"
    lines = [head, "-" * len(head)]
    for row in rows:
        cells = " ".join(f"{'' if v is None else f'{v:.3f}':>13s}"
                         for v in (column.get(row) for column in columns.values()))
        target = f"   >= {TARGETS[row]:.2f}" if row in TARGETS else ""
        lines.append(f"{row:{width}s} {cells}{target}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only, no error list")
    parser.add_argument("--errors", choices=("bundled", "dev", "all"), default="all",
                        help="whose errors to list (default all)")
    args = parser.parse_args()
    bundled = evaluate_corpus()
    dev = evaluate_dev() if DEV.exists() else {}
    if not args.quiet:
        chosen = ([bundled] if args.errors in ("bundled", "all") else []) + (
            [dev["dev overall"]] if dev and args.errors in ("dev", "all") else [])
        for scores in chosen:
            print(f"errors ({len(scores.errors)}):")
            for error in scores.errors:
                print("  " + error)
            print()
    columns = {"bundled": figures(bundled)}
    columns.update({name: figures(scores) for name, scores in dev.items()})
    if dev:
        columns["dev baseline"] = baseline_figures(dev["dev overall"])
    else:
        print(f"development set not found at {DEV}")
    print(table(columns))
    for title, path, key in (
        ("CLEF 2020 CheckThat! task 1 test tweets (out of domain)",
         DATASETS / "clef2020_covid_tweet_claims" / "test.jsonl", "label"),
        ("Full Fact health video captions (spot check)",
         DATASETS / "fullfact_health_video_claims" / "claims.jsonl", "is_factual_claim"),
    ):
        found = evaluate_out_of_domain(path, key)
        if found is None:
            print(f"{title}: dataset not found at {path}")
            continue
        ours, naive = found
        print(f"{title}:")
        print(f"  claims      P {ours.precision:.3f}  R {ours.recall:.3f}  F1 {ours.f1:.3f}")
        print(f"  baseline    P {naive.precision:.3f}  R {naive.recall:.3f}  F1 {naive.f1:.3f}")


if __name__ == "__main__":
    main()
