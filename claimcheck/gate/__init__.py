"""The CI gate (`claimcheck check`): the rules (rules.py) and the policy applied to a run's
results (findings.py). This file only names what the package offers."""

from claimcheck.gate.findings import (
    Finding,
    GateError,
    Outcome,
    changed_lines,
    evaluate,
    override,
)

__all__ = ["Finding", "GateError", "Outcome", "changed_lines", "evaluate", "override"]
