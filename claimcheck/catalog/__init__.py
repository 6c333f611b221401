"""The claims library, claims.yaml: the only package that reads and writes it.

Each entry is one claim (the same words in two documents are one entry with two places);
its id comes from the normalised text, so moving or re-wrapping text keeps it. The
generated fields follow the documents; the `review` block belongs to people and is never
changed by an audit:

- a claim whose id still appears keeps its review untouched;
- a reviewed claim whose wording changed a little is re-anchored to the new wording when the
  two are at least REANCHOR similar, keeps its review and is marked `changed_since_review`;
- a reviewed claim that no longer appears anywhere stays, `orphaned: true`, until
  `claimcheck catalog prune`; an unreviewed one is simply dropped (nothing human is lost);
- a new claim that resembles a reviewed one (at least SUGGEST similar) is marked with a
  `library` suggestion, which changes nothing until `claimcheck catalog accept-suggestions`;
- a new verdict on a reviewed claim keeps the one it replaces in the review's `history`.

Similarity is rapidfuzz's normalised Indel ratio of the normalised texts (0-1). schema.py
says what the file may hold; merge.py is the audit's update; reviews.py what people do.
"""

from claimcheck.model import VERDICT_STATUS, VERDICTS

from .library import EMPTY, SUGGEST, Library, library, similar
from .merge import REANCHOR, Updated, update
from .reviews import accept_suggestions, entries, prune, set_review
from .schema import SCHEMA, CatalogError

__all__ = [
    "EMPTY", "REANCHOR", "SCHEMA", "SUGGEST", "VERDICTS", "VERDICT_STATUS", "CatalogError",
    "Library", "Updated", "accept_suggestions", "entries", "library", "prune", "set_review",
    "similar", "update",
]
