"""Build the journal gazetteer: `python benchmarks/build_journals.py`.

Reads JabRef's journal abbreviation lists (../shared/datasets/journal_abbreviations: medicus,
lifescience and entrez; CC0 1.0, from JabRef/abbrv.jabref.org @ a6879a86) and writes
claimcheck/data/journals.txt.gz: one normalised name per line (a full title or a multi-word
abbreviation, case-folded, without dots or commas), sorted. claimcheck.detect.journals reads it
to recognise a journal named in running text ("published in Pediatrics").
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "journal_abbreviations"
LISTS = ("medicus", "lifescience", "entrez")
OUTPUT = ROOT / "claimcheck" / "data" / "journals.txt.gz"
HEADER = ("# Journal titles and abbreviations, normalised (claimcheck.detect.journals.normalise).\n"
          "# Derived from JabRef/abbrv.jabref.org @ a6879a86 (journal_abbreviations_{medicus,"
          "lifescience,entrez}.csv), CC0 1.0.\n"
          "# Rebuild with: python benchmarks/build_journals.py\n")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from claimcheck.detect.journals import acceptable, normalise

    names: set[str] = set()
    for name in LISTS:
        with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for field in row[:2]:
                    key = normalise(field)
                    if acceptable(key):
                        names.add(key)
    OUTPUT.parent.mkdir(exist_ok=True)
    body = HEADER + "".join(f"{n}\n" for n in sorted(names))
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9,
                                                 mtime=0) as out:  # same bytes every build
        out.write(body.encode("utf-8"))
    print(f"{len(names)} names -> {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
