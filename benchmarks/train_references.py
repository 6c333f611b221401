"""Train the reference-entry labeller: `python benchmarks/train_references.py`.

Reads anystyle's training set (../shared/datasets/anystyle_references/core.jsonl, BSD-2-Clause,
(c) Sylvester Keil), labels each whitespace token with its gold tag, and writes a CRF model to
claimcheck/models/references.crfsuite. The evaluation set (gold.jsonl) is never used here;
benchmarks/references.py scores the model on it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "anystyle_references"
OUTPUT = ROOT / "claimcheck" / "models" / "references.crfsuite"
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def labelled(path: Path):
    """(words, labels) per reference; a reference whose tags do not tile its text is skipped."""
    sys.path.insert(0, str(ROOT))
    from claimcheck.detect.references import tokens

    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        words, labels = [], []
        for tag, text in row["tags"]:
            for word, _, _ in tokens(text):
                words.append(word)
                labels.append(tag)
        if [w for w, _, _ in tokens(row["raw"])] == words and words:
            yield words, labels


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from claimcheck.detect.references import features

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for words, labels in labelled(DATA / "core.jsonl"):
        trainer.append(features(words), labels)
        count += 1
    trainer.set_params(PARAMS)
    start = time.perf_counter()
    trainer.train(str(OUTPUT))
    print(f"trained on {count} references in {time.perf_counter() - start:.1f} s -> "
          f"{OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
