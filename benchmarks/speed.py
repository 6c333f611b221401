"""Scan throughput and memory: `python benchmarks/speed.py [--mb 20]`.

Builds a corpus of at least --mb megabytes by repeating and varying the bundled pages (numbers
changed, paragraphs reordered, one page in three rewritten as Markdown or HTML), then:

- scans it single-process (ingest + segment + detect, documents streamed) and prints MB/s;
- runs the same scan in fresh processes on a quarter and on all of the corpus and prints the
  peak resident memory of each: flat memory means documents are not held at once;
- times pysbd and syntok segmenting a sample of the same text, as reference points;
- times whole `claimcheck scan --format json` and `--format table` processes on the corpus,
  as a user runs them (targets: json >= 5 MB/s on one core and >= 3.5x syntok's rate in the
  same run; table within 1.5x of json);
- times cold starts, the median of five each: `python -c pass`, proselint on one page,
  `claimcheck check` of that page in an empty folder (target <= 0.2 s) and inside a project
  whose claims.yaml holds about 5,000 claims (target <= 0.35 s).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "ketamine-ptsd"
PAGES_PER_FOLDER = 500


def build(target: Path, megabytes: float, seed: int = 7) -> list[Path]:
    """Write varied copies of the bundled pages until the corpus reaches `megabytes`."""
    rng = random.Random(seed)
    pages = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    written, size, index = [], 0, 0
    while size < megabytes * 1_000_000:
        page = _vary(pages[index % len(pages)], rng)
        style = index % 3
        folder = target / f"part-{index // PAGES_PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        if style == 1:
            path, body = folder / f"page-{index:05d}.md", _markdown(page)
        elif style == 2:
            path, body = folder / f"page-{index:05d}.html", _html(page)
        else:
            path, body = folder / f"page-{index:05d}.txt", page
        path.write_text(body, encoding="utf-8")
        written.append(path)
        size += len(page.encode("utf-8"))
        index += 1
    return written


def _vary(page: str, rng: random.Random) -> str:
    paragraphs = page.split("\n\n")
    head, body = paragraphs[:2], paragraphs[2:]
    rng.shuffle(body)
    text = "\n\n".join(head + body)
    return re.sub(r"\d+", lambda m: str(rng.randint(1, 99)), text)


def _markdown(page: str) -> str:
    lines = []
    for line in page.splitlines():
        stripped = line.strip()
        if stripped and len(stripped) < 60 and not stripped.endswith((".", ":")) \
                and not stripped.startswith(("-", "•")):
            lines.append("## " + stripped)
        else:
            lines.append(line)
    return "\n".join(lines)


def _html(page: str) -> str:
    from html import escape

    blocks = [f"<p>{escape(b.strip())}</p>" for b in page.split("\n\n") if b.strip()]
    return ("<html><head><title>t</title><script>var x = 1;</script></head><body>"
            "<nav><a href='/'>Home</a></nav><main>" + "\n".join(blocks) + "</main></body></html>")


def scan(paths: list[Path]) -> tuple[int, int, float, float, float]:
    """Scan every path as `claimcheck scan` does (configuration and registry loaded), one
    document at a time.

    Returns (statements, claims, seconds reading and parsing files, seconds segmenting and
    detecting, seconds linking to evidence).
    """
    from claimcheck import config, ingest, pipeline
    from claimcheck.evidence import registry

    settings = config.load(start=ROOT)
    sources = registry.load(settings.registry)
    statements = claims = 0
    reading = detecting = linking = 0.0
    for path in paths:
        start = time.perf_counter()
        document = ingest.read(path)
        read = time.perf_counter()
        detected = pipeline.detect(document, settings)
        middle = time.perf_counter()
        result = pipeline.resolve(detected, sources)
        linking += time.perf_counter() - middle
        detecting += middle - read
        reading += read - start
        statements += len(result.analyses)
        claims += sum(1 for a in result.analyses if a.decision.claim)
    return statements, claims, reading, detecting, linking


def stream(paths: list[Path]) -> int:
    """Scan files and folders through the pipeline's own stream; return the statement count."""
    from claimcheck import config, pipeline
    from claimcheck.evidence import registry

    settings = config.load(start=ROOT)
    sources = registry.load(settings.registry)
    return sum(len(getattr(item, "analyses", ()))
               for item in pipeline.stream(paths, settings, sources))


def peak_memory_mb(folder: Path, share: float) -> float:
    """Peak RSS of a fresh process scanning `share` of the corpus's folders."""
    folders = sorted(p for p in folder.iterdir() if p.is_dir())
    chosen = folders[: max(1, round(len(folders) * share))]
    code = ("import resource, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "import speed; speed.stream([Path(p) for p in sys.argv[2:]]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent),
                          *map(str, chosen)], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024


def reference_segmenters(text: str) -> dict[str, float]:
    """MB/s of pysbd and syntok on a sample (they are too slow for the whole corpus)."""
    rates = {}
    try:
        import pysbd

        sample = text[:200_000]
        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
        start = time.perf_counter()
        for paragraph in sample.split("\n\n"):
            segmenter.segment(paragraph)
        rates["pysbd"] = len(sample.encode()) / 1e6 / (time.perf_counter() - start)
    except ImportError:
        pass
    try:
        from syntok import segmenter as syntok

        sample = text[:2_000_000]
        start = time.perf_counter()
        for paragraph in syntok.process(sample):
            for _ in paragraph:
                pass
        rates["syntok"] = len(sample.encode()) / 1e6 / (time.perf_counter() - start)
    except ImportError:
        pass
    return rates


def seconds(args: list[str], cwd: Path, runs: int = 1) -> float:
    """The median wall time of `runs` runs of a command, its output thrown away."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def whole_process(folder: Path, size: float, syntok: float | None) -> None:
    """Whole `scan` processes over the corpus, JSON and table, on one core."""
    claimcheck = [sys.executable, "-m", "claimcheck.cli", "scan", "--jobs", "1"]
    json_s = seconds([*claimcheck, "--format", "json", str(folder)], ROOT)
    table_s = seconds([*claimcheck, "--format", "table", str(folder)], ROOT)
    versus = f", {size / json_s / syntok:.1f}x syntok (target >= 3.5x)" if syntok else ""
    print(f"scan --format json, whole process: {json_s:.1f} s, {size / json_s:.2f} MB/s "
          f"(target >= 5){versus}")
    print(f"scan --format table, whole process: {table_s:.1f} s, {table_s / json_s:.2f}x json "
          f"(target <= 1.5x)")


def cold_start() -> None:
    """Cold starts of one page's check, beside `python -c pass` and proselint."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="claimcheck-cold-") as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        page = empty / "page.md"
        page.write_text((CORPUS / "long-island-clinic-what-is-ptsd.txt").read_text())
        check = [sys.executable, "-m", "claimcheck.cli", "check", "page.md"]
        figures = {"python -c pass": seconds([sys.executable, "-c", "pass"], empty, 5)}
        if shutil.which("proselint"):
            figures["proselint check page.md"] = seconds(["proselint", "check", "page.md"],
                                                         empty, 5)
        figures["claimcheck check page.md (target <= 0.2 s)"] = seconds(check, empty, 5)
        project = Path(tmp) / "project"
        sys.path.insert(0, str(Path(__file__).parent))
        import pages

        pages.write(project / "site", 450)
        (project / "claimcheck.yaml").write_text("corpus: site\n")
        subprocess.run([sys.executable, "-m", "claimcheck.cli", "audit", "--quiet"],
                       cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        claims = (project / "claims.yaml").read_text().count("\n  - id: ")
        shutil.copy(page, project / "page.md")
        figures[f"claimcheck check page.md beside {claims:,} claims (target <= 0.35 s)"] = \
            seconds(check, project, 5)
        base = figures["python -c pass"]
        for name, value in figures.items():
            print(f"cold start, {name}: {value:.2f} s ({value / base:.0f}x python -c pass)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="claimcheck-speed-") as tmp:
        folder = Path(tmp)
        paths = build(folder, args.mb)
        size = sum(p.stat().st_size for p in paths) / 1e6
        scan(paths[:3])  # warm up: lexicons loaded and compiled once per process
        statements, claims, reading, detecting, linking = scan(paths)
        total = reading + detecting + linking
        print(f"corpus: {len(paths)} files (txt, md, html), {size:.1f} MB, "
              f"{statements} statements, {claims} claims")
        print(f"segment + detect: {detecting:.2f} s, {size / detecting:.1f} MB/s (one core)")
        print(f"link to evidence, ids: {linking:.2f} s, {size / linking:.1f} MB/s")
        print(f"read + parse files: {reading:.2f} s, {size / reading:.1f} MB/s")
        print(f"end to end: {total:.2f} s, {size / total:.1f} MB/s")
        quarter = peak_memory_mb(folder, 0.25)
        whole = peak_memory_mb(folder, 1.0)
        print(f"peak memory: {quarter:.0f} MB scanning a quarter, {whole:.0f} MB scanning all "
              f"({whole / quarter:.2f}x for 4x the text)")
        sample = "\n\n".join(p.read_text(encoding="utf-8") for p in paths[:400:3])
        rates = reference_segmenters(sample)
        for name, rate in rates.items():
            print(f"reference: {name} segments {rate:.2f} MB/s")
        print(f"this process peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        whole_process(folder, size, rates.get("syntok"))
    cold_start()


if __name__ == "__main__":
    main()
