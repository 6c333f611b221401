"""Memory and time of the readers on large inputs: `python benchmarks/inputs.py [--files 1000]`.

Each figure is a fresh `claimcheck scan --isolated --format json` process (its peak resident
memory from the kernel's accounting of the child), on:

- a directory of N inputs, a third each Word, PDF and HTML, and one of a tenth as many:
  flat memory means one document at a time;
- one PDF of 200 pages;
- one HTML file of 20 MB.

The Word and PDF files are the test suite's own fixtures (tests/test_documents.py), varied by
a number so no two are alike.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_documents import brochure, draft  # noqa: E402 - after the path is set


def folder(target: Path, count: int) -> Path:
    """`count` inputs: Word drafts, PDF brochures and HTML pages, each made once and varied."""
    target.mkdir(parents=True, exist_ok=True)
    word, pdf = draft(), brochure()
    html = (ROOT / "tests" / "fixtures" / "saved-clinic.html").read_text(encoding="utf-8")
    for index in range(count):
        kind = index % 3
        if kind == 0:
            (target / f"draft-{index:05d}.docx").write_bytes(word)
        elif kind == 1:
            (target / f"brochure-{index:05d}.pdf").write_bytes(pdf)
        else:
            (target / f"page-{index:05d}.html").write_text(
                html.replace("6% of adults", f"{index % 97}% of adults"), encoding="utf-8")
    return target


def big_html(path: Path, megabytes: float = 20) -> Path:
    paragraph = ("<p>Paragraph {n}: zinc lozenges shorten colds in adults by {d} days, a trial "
                 "of {n} people found.<sup>{m}</sup> <a href='/x{n}'>more</a></p>\n")
    parts, size, n = ["<html><body><article><h1>Zinc</h1>"], 0, 0
    while size < megabytes * 1e6:
        piece = paragraph.format(n=n, d=n % 7, m=n % 9 + 1)
        parts.append(piece)
        size += len(piece)
        n += 1
    parts.append("</article></body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def measure(*inputs: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one `claimcheck scan` of `inputs` in a fresh process, which
    reports its own peak as it exits."""
    code = ("import resource, sys\nfrom claimcheck.cli import app\ntry:\n"
            "    app(sys.argv[1:], standalone_mode=False)\nfinally:\n"
            "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "scan", "--isolated", "--format", "json",
                           *map(str, inputs)], cwd=inputs[0].parent, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if not last.isdigit() or "error" in done.stderr:
        raise SystemExit(f"scan failed: {done.stderr[:300]}")
    return seconds, int(last) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        few = folder(base / "few", max(args.files // 10, 3))
        many = folder(base / "many", args.files)
        for label, path, count in (("directory", few, len(list(few.iterdir()))),
                                   ("directory", many, len(list(many.iterdir())))):
            seconds, peak = measure(path)
            rows.append((f"{label} of {count} inputs (docx, pdf, html)", seconds, peak,
                         f"{count / seconds:.1f} inputs/s"))
        long_pdf = base / "long.pdf"
        long_pdf.write_bytes(brochure(pages=200))
        seconds, peak = measure(long_pdf)
        rows.append(("one PDF of 200 pages", seconds, peak, f"{200 / seconds:.1f} pages/s"))
        html = big_html(base / "big.html")
        seconds, peak = measure(html)
        rows.append((f"one HTML file of {html.stat().st_size / 1e6:.0f} MB", seconds, peak,
                     f"{html.stat().st_size / 1e6 / seconds:.1f} MB/s"))
    print("| input | seconds | peak memory | rate |")
    print("| --- | --- | --- | --- |")
    for label, seconds, peak, rate in rows:
        print(f"| {label} | {seconds:.1f} | {peak:.0f} MB | {rate} |")


if __name__ == "__main__":
    main()
