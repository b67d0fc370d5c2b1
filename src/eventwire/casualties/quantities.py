"""The number grammar: a regex for a quantity phrase and its reduction to one conservative int.

A quantity phrase is optional modifiers ("at least", "more than", "up to", "another", "the")
and a core: digits ("2,251", "1.2 million"), number words ("twenty-one", "a hundred and
twelve", read by text2num, which never adds up separate numbers), a range ("between 10 and
15", "10-15", "two or three"), a vague word ("dozens of", "several") or an article ("a",
"an", "another", "the") that the finder counts as one only before a singular noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from text_to_num import text2num

from eventwire.casualties.lexicon import SCALE_WORDS, TENS_WORDS, UNIT_WORDS, VAGUE_VALUES
from eventwire.casualties.trie import words_pattern

# ACLED codes an unnumbered plural toll as 10; an upper bound ("up to 30") confirms no more
# than that, so it is capped at the same figure.
UNSPECIFIED_PLURAL = 10
# Deaths reported with no figure and no plural that implies many ("an unknown number",
# "resulting in fatalities"): ACLED's low estimate.
UNQUANTIFIED = 3

_UNIT = words_pattern(UNIT_WORDS)
_TENS = words_pattern(TENS_WORDS)
_SCALE = words_pattern(SCALE_WORDS)
_TENS_UNIT = rf"{_TENS}(?:(?:-|\s+){_UNIT})?"
_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million))"
WORD_NUMBER = (
    rf"(?:(?:a|one)\s+{_SCALE}|{_TENS_UNIT}|{_UNIT}|{_SCALE})"
    rf"(?:{_AFTER_SCALE}(?:\s+and)?\s+(?:{_TENS_UNIT}|{_UNIT})|(?:\s+|-){_SCALE})*"
)
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:\.\d+)?)(?:\s+(?:million|thousand))?"
_NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})(?:\s+dozen)?"
_RANGE = rf"(?:between\s+{_NUMBER}\s+and\s+{_NUMBER}|{_NUMBER}\s*(?:-|–|to|or)\s*{_NUMBER})"
_VAGUE = rf"{words_pattern(VAGUE_VALUES)}(?:\s+of)?"

_LOW_MODIFIERS = (
    "at least", "at a minimum", "no fewer than", "no less than", "not less than",
    "a minimum of", "well over", "just over", "slightly over", "more than", "over",
    "upwards of", "in excess of",
)
_APPROX_MODIFIERS = (
    "nearly", "almost", "about", "around", "approximately", "roughly", "some", "an estimated",
    "estimated", "close to", "just under", "slightly under", "a reported", "a confirmed",
    "reportedly",
)
_UPPER_MODIFIERS = ("up to", "as many as", "no more than", "not more than", "at most")
_STRICT_UPPER_MODIFIERS = ("fewer than", "less than", "under")
_ADDITIONAL_MODIFIERS = ("another", "a further", "an additional", "additional")
_OTHER_MODIFIERS = ("a total of", "total of", "all of the", "all the", "all", "the", "only", "just")
_MODIFIER = words_pattern(
    _LOW_MODIFIERS + _APPROX_MODIFIERS + _UPPER_MODIFIERS + _STRICT_UPPER_MODIFIERS
    + _ADDITIONAL_MODIFIERS + _OTHER_MODIFIERS
)

# The quantity phrase as a pattern fragment, without groups, for the finder's patterns.
QUANTITY = (
    rf"(?<![\w.,/:-])(?:{_MODIFIER}\s+){{0,3}}"
    rf"(?:{_RANGE}|{_NUMBER}|{_VAGUE}|an|a|another|the)(?![\w/:-]|[.,]\d)"
)

_MODIFIER_RE = re.compile(
    rf"(?P<upper>{words_pattern(_UPPER_MODIFIERS)})"
    rf"|(?P<strict>{words_pattern(_STRICT_UPPER_MODIFIERS)})"
    rf"|(?P<additional>{words_pattern(_ADDITIONAL_MODIFIERS)})"
    rf"|{words_pattern(_LOW_MODIFIERS + _APPROX_MODIFIERS + _OTHER_MODIFIERS)}",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(
    rf"(?:between\s+)?(?P<low>{_NUMBER})\s*(?:-|–|to|or|and)\s*(?P<high>{_NUMBER})",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)
_SCALE_VALUES = {"thousand": 1_000, "million": 1_000_000}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed quantity phrase: the value to record and how it was qualified."""

    value: int
    additional: bool = False  # "another three", "a further two"
    article: bool = False  # a bare "a"/"an"/"the": a count only when a noun follows
    definite: bool = False  # "the driver": one victim only in a passive "was killed"
    vague: bool = False  # a word, not a figure: "dozens", "an unknown number"


def parse_quantity(phrase: str) -> Quantity | None:
    """Reduce a phrase matched by ``QUANTITY`` to ACLED's conservative figure, or None."""
    words = " ".join(phrase.lower().split())
    upper = strict = additional = modified = False
    while True:
        match = _MODIFIER_RE.match(words)
        if match is None or match.end() >= len(words) or words[match.end()] != " ":
            break
        upper = upper or match.group("upper") is not None
        strict = strict or match.group("strict") is not None
        additional = additional or match.group("additional") is not None
        modified = modified or match.group("additional") is None
        words = words[match.end() + 1 :]
    quantity = _parse_core(words)
    if quantity is None or quantity.value < 1:
        return None
    if quantity.article and (upper or strict or modified):
        # "killed over a land dispute", "wounded under a bridge": not a count.
        return None
    if additional:
        quantity = replace(quantity, additional=True)
    if upper or strict:
        bound = quantity.value - 1 if strict else quantity.value
        if bound < 1:
            return None
        return Quantity(min(bound, UNSPECIFIED_PLURAL), quantity.additional)
    return quantity


def _parse_core(words: str) -> Quantity | None:
    if words in ("a", "an", "the"):
        return Quantity(1, article=True, definite=words == "the")
    if words == "another":
        return Quantity(1, additional=True)
    vague = VAGUE_VALUES.get(words.removesuffix(" of"))
    if vague is not None:
        return Quantity(vague, vague=True)
    if _NUMBER_RE.fullmatch(words):
        value = number_value(words)
        if value is None:
            return None
        return Quantity(value)
    match = _RANGE_RE.fullmatch(words)
    if match is None:
        return None
    low, high = number_value(match.group("low")), number_value(match.group("high"))
    if low is None or high is None:
        return None
    return Quantity(min(low, high))


def number_value(words: str) -> int | None:
    """The integer a number phrase names ("2,251", "1.2 million", "twenty-one", "two dozen")."""
    words = " ".join(words.lower().split())
    dozen = words.endswith(" dozen")
    words = words.removesuffix(" dozen")
    value = _digits_value(words) if words[:1].isdigit() else _words_value(words)
    if value is None:
        return None
    return value * 12 if dozen else value


def _digits_value(words: str) -> int | None:
    number, _, scale = words.partition(" ")
    multiplier = _SCALE_VALUES.get(scale, 1)
    if "." in number:
        # A decimal only counts people with a scale word: "1.2 million", never "2.5".
        return round(float(number) * multiplier) if scale else None
    return int(number.replace(",", "")) * multiplier


def _words_value(words: str) -> int | None:
    if words.startswith("a "):
        words = "one " + words[2:]
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None
