"""From a claim's attribution to the works it rests on: linking and statuses (link.py), the
registry of sources (registry.py), reference-manager exports (exports.py), look-ups against
Crossref and PubMed (lookup.py, verify.py, upkeep.py) and the one title comparison
(similarity.py)."""
