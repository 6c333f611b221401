"""A Hypothesis state machine over the soak of benchmarks/soak.py: any sequence of edits
(reword, insert, delete, move a paragraph, rename a file), reviews, audits and killed
writes leaves one entry per claim id, every recorded review, and a file every command can
read. Bounded so it runs in CI; `benchmarks/soak.py --cycles N` runs it long."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from .test_benchmarks import load

soak = load("soak")
choice = st.integers(min_value=0, max_value=10_000)


class Library(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="claimcheck-soak-"))
        self.soak = soak.Soak(self.folder)
        self.soak.audit()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(page=choice, paragraph=choice, word=choice, how=choice)
    def reword(self, page, paragraph, word, how):
        self.soak.reword(page, paragraph, word, how)

    @rule(page=choice, paragraph=choice, spare=choice)
    def insert(self, page, paragraph, spare):
        self.soak.insert(page, paragraph, spare)

    @rule(page=choice, paragraph=choice)
    def delete(self, page, paragraph):
        self.soak.delete(page, paragraph)

    @rule(page=choice, paragraph=choice, to_page=choice, to_paragraph=choice)
    def move(self, page, paragraph, to_page, to_paragraph):
        self.soak.move(page, paragraph, to_page, to_paragraph)

    @rule(page=choice)
    def rename(self, page):
        self.soak.rename(page)

    @rule(claim=choice, verdict=choice)
    def review(self, claim, verdict):
        self.soak.review(claim, verdict)

    @rule()
    def audit(self):
        self.soak.audit()

    @rule()
    def killed_audit(self):
        self.soak.audit(kill=True)

    @invariant()
    def nothing_is_lost_or_doubled(self):
        assert self.soak.loads()
        assert self.soak.duplicates() == 0
        assert self.soak.lost() == []
        assert self.soak.errors == 0


Library.TestCase.settings = settings(
    max_examples=6, stateful_step_count=12, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])
TestLibrary = Library.TestCase
