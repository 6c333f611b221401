"""Reference parsing accuracy: `python benchmarks/references.py [--set gold|core] [--errors N]`.

Scores claimcheck's reference parser on anystyle's evaluation set
(../shared/datasets/anystyle_references/gold.jsonl, 1,669 references in mixed styles;
BSD-2-Clause, (c) Sylvester Keil). Per field: the share of references whose gold field is
present for which the parsed field is equal once both are normalised as the dataset's README
says (leading/trailing , ; : . and quotes stripped; case and inner whitespace kept, dashes
folded). The first author's surname is compared case-insensitively; volumes without spaces
and without the year the gold keeps glued to Vancouver volumes ("2009;108(2)").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "anystyle_references"
TARGETS = {"year": 0.95, "first_author": 0.90, "title": 0.85, "container": 0.80,
           "volume": 0.85, "pages": 0.85}


def normalise(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value.replace("–", "-").replace("—", "-")).strip()
    value = value.strip(",;:. ").strip("\"'“”‘’«»").strip(",;:. ")
    return value or None


_INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,3}")


def gold_first_surname(authors: list[str]) -> str | None:
    """The first author's surname in a gold author span, which the dataset leaves unsplit:
    "Bergk, V., ...", "Thomas F. LaPorta and ...", "Feder A, Parides MK", "J. H. Krystal"."""
    if not authors:
        return None
    span = re.sub(r"^[\W\d]+", "", authors[0])
    first = re.split(r",|;|&|\band\b|:", span)[0].strip(" .")
    words = first.split()
    if len(words) <= 1:
        return words[0] if words else None
    if _INITIALS.fullmatch(words[-1]):
        return " ".join(words[:-1])
    if all(_INITIALS.fullmatch(w) for w in words[:-1]):
        return words[-1]
    return words[-1]


def _volume(value: str | None) -> str | None:
    """Volumes compare without spaces and without the year that Vancouver-style gold keeps
    glued to them ("2009;108(2)" is volume 108, issue 2)."""
    return re.sub(r"^\d{4}[a-z]?;|\s+", "", value) if value else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("gold", "core"), default="gold")
    parser.add_argument("--errors", type=int, default=0, help="print N errors per field")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from claimcheck.detect.references import clean, fields, parse

    right, total = Counter(), Counter()
    errors: dict[str, list[str]] = {}
    rows = [json.loads(line) for line in (DATA / f"{args.set}.jsonl").read_text(
        encoding="utf-8").splitlines()]
    for row in rows:
        reference = parse(row["raw"])
        journal = clean(fields(row["raw"]).get("container"))  # the gold container is a
        # journal or book, never a publisher, so the publisher fallback is left out here
        volume = reference.volume
        if volume and reference.issue:
            volume = f"{volume}({reference.issue})"  # the gold volume keeps its issue
        predicted = {
            "year": reference.year,
            "first_author": reference.first_author,
            "title": reference.title,
            "container": journal,
            "volume": volume,
            "pages": reference.pages,
        }
        gold = {
            "year": row.get("year"),
            "first_author": gold_first_surname(row.get("authors") or []),
            "title": row.get("title"),
            "container": row.get("container"),
            "volume": row.get("volume"),
            "pages": row.get("pages"),
        }
        for field, expected in gold.items():
            expected = normalise(expected)
            if expected is None:
                continue
            total[field] += 1
            got = normalise(predicted[field])
            if field == "volume":
                expected, got = _volume(expected), _volume(got)
            ok = got is not None and (got.casefold() == expected.casefold()
                                      if field == "first_author" else got == expected)
            right[field] += ok
            if not ok:
                errors.setdefault(field, []).append(f"{expected!r} got {got!r}: {row['raw'][:90]}")
    print(f"anystyle {args.set}.jsonl: {len(rows)} references")
    for field, target in TARGETS.items():
        share = right[field] / total[field] if total[field] else 0.0
        mark = "ok" if share >= target else "BELOW TARGET"
        print(f"  {field:13s} {share:.3f}  ({right[field]}/{total[field]}; target >= {target:.2f}) {mark}")
        for line in errors.get(field, [])[: args.errors]:
            print("      " + line)


if __name__ == "__main__":
    main()
