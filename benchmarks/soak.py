"""Soak the claims library: random edits, reviews, re-reviews, audits and killed writes,
cycle after cycle, through the real CLI; then count what a person would mind.

    python benchmarks/soak.py --cycles 1000 [--seed 7]

prints cycles run, reviews tracked, reviews lost (a verdict someone recorded that is no
longer in claims.yaml, as a review or in a history), duplicate ids (entries sharing an id
in the file), errors (a command that failed or a file that no longer loads) and killed
writes survived. tests/test_soak.py drives the same `Soak` from a Hypothesis state machine.

The pages are paragraphs of the bundled corpus dealt into four files; each cycle makes one
edit (reword a sentence, insert, delete or move a paragraph, rename a file), now and then a
review or a second review of a claim, and an audit, sometimes killed while writing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml
from typer.testing import CliRunner

from claimcheck import yamlfile
from claimcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "ketamine-ptsd"
FILES = 4
PARAGRAPHS = 8
VERDICTS = ("approved", "contradicted", "unverifiable", "needs-source", "not-a-claim")


def paragraphs() -> list[str]:
    """Prose paragraphs of the bundled pages, in a fixed order."""
    found = []
    for page in sorted(CORPUS.glob("*.txt")):
        for block in re.split(r"\n\s*\n", page.read_text(encoding="utf-8")):
            block = " ".join(block.split())
            if 60 <= len(block) <= 600 and "." in block:
                found.append(block)
    return found


class Killed(BaseException):
    """Stands for the process being killed in the middle of a write."""


class Soak:
    """A workspace of pages, a claims library and the bookkeeping to check it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runner = CliRunner()
        pool = paragraphs()
        self.spare = pool[FILES * PARAGRAPHS:]
        (folder / "pages").mkdir()
        for n in range(FILES):
            chunk = pool[n * PARAGRAPHS:(n + 1) * PARAGRAPHS]
            self._write(folder / "pages" / f"page-{n}.txt", [f"Page {n}", *chunk])
        (folder / "claimcheck.yaml").write_text("corpus: pages\n")
        (folder / "sources.yaml").write_text(
            "sources:\n  - {id: label, type: drug-label, status: verified}\n")
        self.notes: dict[str, str] = {}
        """note -> the claim id it was recorded on: every review this soak made."""
        self.reviews = self.errors = self.killed = self.cycles = 0
        self.renames = 0

    # -- the pages ----------------------------------------------------------------------

    def pages(self) -> list[Path]:
        return sorted((self.folder / "pages").glob("*.txt"))

    @staticmethod
    def _read(path: Path) -> list[str]:
        return [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]

    @staticmethod
    def _write(path: Path, blocks: list[str]) -> None:
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")

    def _pick(self, page: int, paragraph: int) -> tuple[Path, list[str], int] | None:
        pages = self.pages()
        path = pages[page % len(pages)]
        blocks = self._read(path)
        if len(blocks) < 2:
            return None
        return path, blocks, 1 + paragraph % (len(blocks) - 1)  # never the title

    def reword(self, page: int, paragraph: int, word: int, how: int) -> None:
        """Delete a word, add one, or change a number: an editor's small change, every other
        time in a sentence someone has reviewed (the case the library must carry)."""
        reviewed = [e["text"] for e in self.entries() if e.get("review") and e.get("places")]
        for text in reviewed[paragraph % len(reviewed):] if reviewed and page % 2 else ():
            for path in self.pages():
                content = path.read_text(encoding="utf-8")
                if text in content:
                    path.write_text(content.replace(text, _edit(text, word, how), 1),
                                    encoding="utf-8")
                    return
        picked = self._pick(page, paragraph)
        if picked is None:
            return
        path, blocks, at = picked
        blocks[at] = _edit(blocks[at], word, how)
        self._write(path, blocks)

    def insert(self, page: int, paragraph: int, spare: int) -> None:
        picked = self._pick(page, paragraph)
        if picked is None or not self.spare:
            return
        path, blocks, at = picked
        blocks.insert(at, self.spare[spare % len(self.spare)])
        self._write(path, blocks)

    def delete(self, page: int, paragraph: int) -> None:
        picked = self._pick(page, paragraph)
        if picked is None or len(picked[1]) < 3:
            return
        path, blocks, at = picked
        del blocks[at]
        self._write(path, blocks)

    def move(self, page: int, paragraph: int, to_page: int, to_paragraph: int) -> None:
        picked = self._pick(page, paragraph)
        if picked is None or len(picked[1]) < 3:
            return
        path, blocks, at = picked
        block = blocks.pop(at)
        self._write(path, blocks)
        pages = self.pages()
        target = pages[to_page % len(pages)]
        others = self._read(target)
        others.insert(1 + to_paragraph % len(others), block)
        self._write(target, others)

    def rename(self, page: int) -> None:
        pages = self.pages()
        path = pages[page % len(pages)]
        self.renames += 1
        path.rename(path.with_name(f"renamed-{self.renames}.txt"))

    # -- people and runs ----------------------------------------------------------------

    def _run(self, *args: str) -> int:
        with contextlib.chdir(self.folder):
            result = self.runner.invoke(app, list(args))
        if result.exit_code != 0:
            self.errors += 1
            print(f"error: claimcheck {' '.join(args)}: {result.stderr.strip()[:300]}",
                  file=sys.stderr)
        return result.exit_code

    def entries(self) -> list[dict]:
        path = self.folder / "claims.yaml"
        if not path.exists():
            return []
        return yaml.safe_load(path.read_text(encoding="utf-8"))["claims"] or []

    def review(self, choice: int, verdict: int) -> None:
        """A verdict on a present claim, reviewed before or not; its note is unique."""
        present = [e["id"] for e in self.entries() if not e.get("orphaned")]
        if not present:
            return
        claim_id = present[choice % len(present)]
        note = f"soak review {len(self.notes) + 1}"
        if self._run("review", claim_id, "--verdict", VERDICTS[verdict % len(VERDICTS)],
                     "--note", note, "--reviewer", "soak", "--date", "2026-12-02") == 0:
            self.notes[note] = claim_id
            self.reviews += 1

    def audit(self, kill: bool = False) -> None:
        """An audit; with `kill`, the process dies while claims.yaml is being written, which
        must leave the previous file exactly as it was."""
        if not kill:
            self._run("audit", "--quiet")
            return
        path = self.folder / "claims.yaml"
        before = path.read_bytes() if path.exists() else None

        def die(_fd: int) -> None:
            raise Killed

        with contextlib.chdir(self.folder), _patched(yamlfile.os, "fsync", die):
            with contextlib.suppress(Killed):
                self.runner.invoke(app, ["audit", "--quiet"], catch_exceptions=False)
        after = path.read_bytes() if path.exists() else None
        self.killed += 1
        leftovers = [p for p in self.folder.iterdir() if p.name.endswith(".tmp")]
        if after != before or leftovers:
            self.errors += 1
            print("error: a killed write changed claims.yaml or left a temporary file",
                  file=sys.stderr)

    # -- what is checked ----------------------------------------------------------------

    def lost(self) -> list[str]:
        """Notes of recorded reviews that claims.yaml no longer holds anywhere."""
        held = set()
        for entry in self.entries():
            review = entry.get("review") or {}
            for item in [review, *(review.get("history") or [])]:
                if item.get("note"):
                    held.add(item["note"])
        return sorted(set(self.notes) - held)

    def duplicates(self) -> int:
        path = self.folder / "claims.yaml"
        if not path.exists():
            return 0
        text = path.read_text(encoding="utf-8")
        ids = re.findall(r"^  - id: (\S+)$", text, re.M)
        return len(ids) - len(set(ids)) + len(re.findall(r"^  - \*", text, re.M))

    def loads(self) -> bool:
        """Whether every command can still read the library."""
        from claimcheck import catalog

        try:
            catalog.entries(self.folder / "claims.yaml")
        except catalog.CatalogError as exc:
            self.errors += 1
            print(f"error: {exc}", file=sys.stderr)
            return False
        return True

    def cycle(self, rng: random.Random) -> None:
        """One random edit, now and then a review, then an audit (one in ten killed)."""
        edit = rng.randrange(5)
        if edit == 0:
            self.reword(rng.randrange(99), rng.randrange(99), rng.randrange(99), rng.randrange(3))
        elif edit == 1:
            self.insert(rng.randrange(99), rng.randrange(99), rng.randrange(999))
        elif edit == 2:
            self.delete(rng.randrange(99), rng.randrange(99))
        elif edit == 3:
            self.move(rng.randrange(99), rng.randrange(99), rng.randrange(99), rng.randrange(99))
        elif rng.random() < 0.3:
            self.rename(rng.randrange(99))
        if rng.random() < 0.6:
            self.review(rng.randrange(9999), rng.randrange(len(VERDICTS)))
        self.audit(kill=rng.random() < 0.1)
        self.loads()
        self.cycles += 1


def _edit(text: str, word: int, how: int) -> str:
    words = text.split(" ")
    index = word % len(words)
    if how % 3 == 0 and len(words) > 4:
        del words[index]
    elif how % 3 == 1:
        words.insert(index, "really")
    else:
        words[index] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), words[index]) \
            if re.search(r"\d", words[index]) else words[index] + "s"
    return " ".join(words)


@contextlib.contextmanager
def _patched(owner: object, name: str, value: object) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        soak = Soak(Path(folder))
        soak.audit()
        duplicates = 0
        for _ in range(args.cycles):
            soak.cycle(rng)
            duplicates = max(duplicates, soak.duplicates())
        lost = soak.lost()
        entries = soak.entries()
    elapsed = time.perf_counter() - started
    histories = sum(len((e.get("review") or {}).get("history") or []) for e in entries)
    print(f"cycles run:       {soak.cycles}")
    print(f"reviews tracked:  {len(soak.notes)} ({histories} kept in histories)")
    print(f"reviews lost:     {len(lost)}")
    print(f"duplicate ids:    {duplicates}")
    print(f"errors:           {soak.errors}")
    print(f"killed writes:    {soak.killed} (each left the previous file whole)")
    print(f"time:             {elapsed:.0f} s ({elapsed / max(soak.cycles, 1) * 1000:.0f} ms a cycle)")
    for note in lost:
        print(f"lost: {note} (on {soak.notes[note]})")
    return 1 if lost or duplicates or soak.errors else 0


if __name__ == "__main__":
    os.environ.setdefault("COLUMNS", "120")
    sys.exit(main())
