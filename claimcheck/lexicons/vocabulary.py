"""A project's own vocabulary, as Vale's: the names its pages use for the publisher itself,
and extra hype, absolute and hedge terms, merged with the bundled lexicons.

In the configuration (`[tool.claimcheck.vocabulary]` or `vocabulary:` in claimcheck.yaml):

    self = ["Brightside Wellness", "Brightside"]   # the publisher's own names
    hype = ["next-level"]                          # extra promotional superlatives
    absolute = ["zero downtime"]                   # extra absolute wording
    hedge = ["in some cases"]                      # extra hedges

Each entry is a literal word or phrase (matched whole, in any case), never a pattern, so a
user's term cannot break the matcher; entries are validated like the bundled lexicons' (text
with a word in it, no repeats, none a bundled entry already covers).

The publisher's names count as "we" and "our" do: "At Brightside Wellness, we have seen",
"Brightside patients report", "Brightside's own data show" are `self` attributions, and a
named attribution that only names the publisher ("according to Brightside Wellness") is
`self` too, on the pages of the project that configures them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FLAGS = {"hype": "flags.hype", "absolute": "flags.absolute", "hedge": "flags.hedged"}
"""Configuration key -> the cue group its terms join."""
KEYS = ("self", *FLAGS)
SELF = "attribution.self"
_LONGEST = 80

_PEOPLE = r"(?:patients|clients|customers|members|users|guests)"
_STAFF = r"(?:team|clinic|clinics|clinicians|doctors|physicians|staff|providers|nurses|experts)"
_SELF_SHAPES = (
    # "Brightside patients report", "Brightside's clients often say"
    (rf"{{name}}(?:['’]s)? (?:own )?{_PEOPLE}(?: (?:often|consistently|frequently|routinely))? "
    r"(?:report|reported|say|said|tell us|describe|experience|notice|see|feel)\b"),
    # "Brightside's own data", "Brightside results show"
    (r"{name}(?:['’]s)? (?:own |internal |in-house )?(?:data|results|outcomes|success rate|"
    r"records|survey|study|trial|research|experience)\b"),
    # "At Brightside Wellness, we have seen", "the Brightside team has observed"
    (rf"(?:[Aa]t )?(?:[Tt]he )?{{name}}(?:['’]s)?(?: {_STAFF})?(?:, we)?(?:['’]ve| has| have)? "
    r"(?:(?:consistently|repeatedly|often|also) )?(?:observed|seen|found|noticed|witnessed|"
    r"measured|recorded|treated|helped)\b"),
)


class VocabularyError(ValueError):
    """A vocabulary entry that is not a usable term; the message names the key."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    self: tuple[str, ...] = ()
    """The publisher's own names."""
    hype: tuple[str, ...] = ()
    absolute: tuple[str, ...] = ()
    hedge: tuple[str, ...] = ()

    def patterns(self) -> list[tuple[str, str]]:
        """(cue group, pattern) pairs for the matcher: each flag term whole, and the shapes
        that make the publisher's names self-reference."""
        found = [(group, term(t)) for key, group in FLAGS.items() for t in getattr(self, key)]
        return found + [(SELF, shape) for shape in self.self_shapes()]

    def self_shapes(self) -> tuple[str, ...]:
        if not self.self:
            return ()
        names = "|".join(term(n) for n in sorted(self.self, key=len, reverse=True))
        return tuple(shape.replace("{name}", f"(?:{names})") for shape in _SELF_SHAPES)

    def names_publisher(self, text: str) -> bool:
        """Whether `text` (an attribution's words) names the publisher."""
        return any(re.search(term(n), text, re.IGNORECASE) for n in self.self)


EMPTY = Vocabulary()


def term(word: str) -> str:
    """A literal word or phrase as a whole-word pattern (a boundary only at a word
    character), its spaces matching any run of whitespace."""
    start = r"\b" if re.match(r"\w", word) else ""
    end = r"\b" if re.search(r"\w$", word) else ""
    return start + r"\s+".join(re.escape(w) for w in word.split()) + end


def parse(raw: object) -> Vocabulary:
    """A Vocabulary from the configuration's table; VocabularyError names what is wrong."""
    from claimcheck import lexicons

    if not isinstance(raw, dict):
        raise VocabularyError("vocabulary must be a table of self, hype, absolute and hedge")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise VocabularyError(f"vocabulary: unknown key {unknown[0]!r} "
                              f"(known: {', '.join(KEYS)})")
    seen: dict[str, str] = {}
    chosen = {}
    for key in KEYS:
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise VocabularyError(f"vocabulary.{key} must be a list of words or phrases")
        terms = []
        for item in value:
            where = f"vocabulary.{key}"
            if not isinstance(item, str) or not re.search(r"\w", item):
                raise VocabularyError(f"{where}: {item!r} is not a word or phrase")
            text = " ".join(item.split())
            if len(text) > _LONGEST:
                raise VocabularyError(f"{where}: {text[:30]!r}... is longer than {_LONGEST} "
                                      f"characters (a term, not a sentence)")
            folded = text.casefold()
            if folded in seen:
                raise VocabularyError(f"{where}: {text!r} is listed twice (also in "
                                      f"vocabulary.{seen[folded]})")
            covered = lexicons.get("flags").which(FLAGS[key].split(".")[1], text) \
                if key in FLAGS else None
            if covered is not None:
                raise VocabularyError(f"{where}: {text!r} is already covered by the bundled "
                                      f"{key} lexicon ({covered.message})")
            seen[folded] = key
            terms.append(text)
        chosen[key] = tuple(terms)
    return Vocabulary(**chosen)
