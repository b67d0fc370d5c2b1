"""The words that make a sentence worth parsing (see ``eventwire.nlp.selective``).

A sentence gives an event only through a trigger word, and it adds to another sentence's event
only through a few words of attribution ("Al Shabaab suspected.", "The IED was planted by X.",
"X claimed responsibility.") or of a toll ("the toll rose to nine"). A sentence holding none of
these words, in any inflection, needs no tags and no parse.
"""

from __future__ import annotations

from eventwire.extract.lexicon import Lexicon
from eventwire.extract.roles import AUTHOR_NOUNS, AUTHORING_LEMMAS
from eventwire.extract.speech import CLAIM_NOUNS, CLAIM_VERBS, TOLL_NOUNS
from eventwire.extract.triggers import REPORTED_OBLIGATION_AUX

ATTRIBUTION_WORDS = frozenset({"suspect"}) | AUTHORING_LEMMAS | AUTHOR_NOUNS | CLAIM_VERBS | CLAIM_NOUNS


def cue_words(lexicon: Lexicon) -> frozenset[str]:
    """The lexicon's trigger lemmas, the "must" and "should" of reported obligations
    (``triggers.stated_obligation``), and the words of attribution and tolls."""
    triggers = frozenset(lemma for lemma, _ in lexicon.triggers)
    # "sit-in" is three tokens ("sit" "-" "in"): its first word cues it, a rarer one than "in"
    triggers |= {lemma.split("-")[0] for lemma in triggers if "-" in lemma}
    return triggers | REPORTED_OBLIGATION_AUX | ATTRIBUTION_WORDS | TOLL_NOUNS
