"""Main-text extraction from web pages: `python benchmarks/extraction.py [--only NAME...]`.

Scores the HTML reader on the article-extraction benchmark (../shared/datasets/
article_extraction: 181 real pages, each with the text a person marked as its main content),
beside the other extractors installed (trafilatura, readability-lxml, resiliparse), in one
run, with the benchmark's own metric: tokens are `\\w+` runs, each text the multiset of its
4-token shingles; per page the true positive, false positive and false negative counts are
normalised to sum to 1, then summed over pages; precision, recall and F1 come from the sums.
A page an extractor fails on counts as extracting nothing. Pages per second are over the
whole set, parsing included, in this process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT.parent / "shared" / "datasets" / "article_extraction"
TARGET_F1, TARGET_PRECISION = 0.95, 0.93
_TOKEN = re.compile(r"\w+")


def pages(folder: Path = DATASET) -> list[tuple[str, str, str]]:
    """(key, html, the marked main text) for every page of the benchmark, in key order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for key in sorted(truth):
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        found.append((key, _decoded(raw), truth[key]["articleBody"]))
    return found


def _decoded(raw: bytes) -> str:
    """The page as text, as claimcheck's reader decodes a saved page."""
    sys.path.insert(0, str(ROOT))
    from claimcheck.ingest import InputError, decode

    try:
        return decode("page", raw, "html")
    except InputError:
        return raw.decode("utf-8", errors="replace")


def shingles(text: str, size: int = 4) -> Counter:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i:i + size]) for i in range(max(len(tokens) - size + 1, 0)))


def score(predicted: list[str], expected: list[str]) -> dict[str, float]:
    """The benchmark's precision, recall and F1 over paired texts."""
    tp = fp = fn = 0.0
    for guess, truth in zip(predicted, expected, strict=True):
        got, want = shingles(guess), shingles(truth)
        hit = sum((got & want).values())
        extra, missed = sum(got.values()) - hit, sum(want.values()) - hit
        total = hit + extra + missed
        if total:
            tp, fp, fn = tp + hit / total, fp + extra / total, fn + missed / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def claimcheck(html: str) -> str:
    sys.path.insert(0, str(ROOT))
    from claimcheck.ingest import html as reader

    return reader.parse("page.html", html).text


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def _readability(html: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


def _resiliparse(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


EXTRACTORS: dict[str, tuple[str, Callable[[str], str]]] = {
    "claimcheck": ("claimcheck", claimcheck),
    "trafilatura": ("trafilatura", _trafilatura),
    "readability-lxml": ("readability", _readability),
    "resiliparse": ("resiliparse", _resiliparse),
}
"""Name: (module it needs, extractor). One whose module is not installed is passed over."""


def run(name: str, extract: Callable[[str], str], data: list[tuple[str, str, str]]) -> dict:
    predicted, failed = [], 0
    start = time.perf_counter()
    for _, html, _ in data:
        try:
            predicted.append(extract(html))
        except Exception:  # noqa: BLE001 - a benchmark counts failures, it does not stop
            predicted.append("")
            failed += 1
    seconds = time.perf_counter() - start
    figures = score(predicted, [truth for _, _, truth in data])
    return {"name": name, **figures, "pages_per_second": len(data) / seconds, "failed": failed}


def _installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=sorted(EXTRACTORS), help="extractors to run")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    args = parser.parse_args()
    data = pages(args.dataset)
    rows = []
    for name in args.only or EXTRACTORS:
        module, extract = EXTRACTORS[name]
        if not _installed(module):
            print(f"{name}: not installed, passed over (pip install -e '.[bench]')")
            continue
        extract(data[0][1])  # warm imports and models outside the timing
        rows.append(run(name, extract, data))
    print(f"{len(data)} pages of {args.dataset.name}; targets for claimcheck: F1 >= {TARGET_F1}, "
          f"precision >= {TARGET_PRECISION}, pages/s >= trafilatura's\n")
    print("| extractor | F1 | precision | recall | pages/s | failed |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(f"| {row['name']} | {row['f1']:.3f} | {row['precision']:.3f} | {row['recall']:.3f} "
              f"| {row['pages_per_second']:.0f} | {row['failed']} |")


if __name__ == "__main__":
    main()
