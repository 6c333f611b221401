"""Clinic pages of our own making, as many as a benchmark or a test wants: a heading, a
dozen claims of every status (unsourced, attributed to a named study, a trial, the clinic's
own patients) and an address line, every page different. Used by benchmarks/scale.py and
the scale tests (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

_OPENINGS = ("Our {t} therapy", "The {t} protocol at our clinic", "Studies show that {t}",
             "A 2019 trial found that {t}", "Our patients report that {t}",
             "Harvard University Study (2020): {t}")
_CLAIMS = ("relieves chronic pain in {n}% of patients within {d} days.",
           "is completely safe and has no side effects.",
           "is a breakthrough that cures migraines for good.",
           "reduces anxiety by {n}% compared with placebo.",
           "works for {n} out of 100 people with insomnia.")


def generated_page(index: int) -> str:
    """A clinic page of our own making: a heading, a dozen claims of every status, an
    address line; every page different."""
    treatment = ("ketamine", "NAD+", "red-light", "cryotherapy", "IV vitamin")[index % 5]
    lines = [f"# {treatment.title()} care at clinic number {index}", ""]
    for k in range(12):
        opening = _OPENINGS[(index + k) % len(_OPENINGS)].format(t=treatment)
        claim = _CLAIMS[(index * 3 + k) % len(_CLAIMS)].format(n=10 + (index * 7 + k) % 85,
                                                               d=1 + k % 9)
        lines += [f"{opening} {claim}", ""]
    lines.append(f"Visit us at {index} Main Street, open Monday to Friday.")
    return "\n".join(lines) + "\n"


def write(folder: Path, count: int, per_folder: int = 1000) -> list[Path]:
    """`count` generated pages as Markdown files under `folder`, `per_folder` to a folder."""
    paths = []
    for index in range(count):
        path = folder / f"part-{index // per_folder:03}" / f"page-{index:06}.md"
        if index % per_folder == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated_page(index), encoding="utf-8")
        paths.append(path)
    return paths
