"""The compiled patterns of the casualty finder and the fragments they are built from.

Fragments (leading underscore) are pattern strings; the public names are compiled regexes.
All match case-insensitively except ``HINT_RE``, which is searched in lower-cased text.
"""

from __future__ import annotations

import re

from eventwire.casualties.lexicon import NP_STOP_WORDS, TENS_WORDS, UNIT_WORDS
from eventwire.casualties.quantities import QUANTITY
from eventwire.casualties.trie import words_pattern

_FLAGS = re.IGNORECASE

# Every pattern below needs one of these word stems somewhere in the text.
HINT_RE = re.compile(
    words_pattern(
        ["kill", "dead", "die", "death", "slain", "slew", "martyr", "execut", "fatal", "bodies", "corpse", "perish", "murder", "massacr", "shot", "gunn", "stabb", "beaten", "burn", "hacked", "crushed", "tortur", "bludgeon", "starved", "lives", "life", "toll", "injur", "wound", "hurt", "maim", "casualt", "victim", "harm", "mortally", "assassinat", "behead", "lynch", "succumb"]
    )
)  # searched in the lower-cased text: a flat IGNORECASE alternation costs more than the rest

_NP_WORD = rf"(?!{words_pattern(NP_STOP_WORDS)}(?![\w'’-]))['‘\"“]?(?:\d+-)?[a-z][\w'’-]*"
# After "of" a number belongs to the noun phrase: "five members of one family".
_OF_NUMBER = rf"(?<=\bof\s){words_pattern(UNIT_WORDS + TENS_WORDS)}(?![\w-])"
_NP = rf"{_NP_WORD}(?:\s+(?:{_NP_WORD}|an?(?=\s)|{_OF_NUMBER}))" + "{0,4}"
_POSS = r"(?:his|her|their)"
_CONJ = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"


def _item(*, groups: bool) -> str:
    if not groups:
        return rf"(?:{_POSS}\s+(?:{QUANTITY}(?:\s+{_NP})?|{_NP})|{QUANTITY}(?:\s+{_NP})?)"
    # "np_only" is allowed only after a possessive: "a man and his son".
    return (
        rf"(?:(?P<poss>{_POSS})\s+)?"
        rf"(?:(?P<qp>{QUANTITY})(?:\s+(?P<np>{_NP}))?|(?(poss)(?P<np_only>{_NP})|(?!)))"
    )


_ITEM = _item(groups=False)
ITEM_RE = re.compile(_item(groups=True), _FLAGS)
CONJ_RE = re.compile(_CONJ, _FLAGS)
_CHAIN = rf"{_ITEM}(?:{_CONJ}{_ITEM})*"

# Sub-counts set off from the victims: "260 people, including 66 children, were killed",
# "a man, 22, was shot dead", "(mostly civilians)".
_ASIDE = (
    r"(?:\s*,\s*(?:including|among\s+them|among\s+whom|mostly|mainly|\d{1,3}"
    r"|[\w'’-]+\s+of\s+(?:them|whom))\b[^,;.()]{0,80},|\s*\([^()]{0,80}\)"
    # without commas, up to the auxiliary: "three villagers including a teacher were killed"
    r"|\s+including\s+[^,;.()]{1,60}?(?=\s+(?:were|was|have|has|had)\s))"
)
_AUX_WORDS = (
    "were was are is have has had been being be got get reportedly also all both later "
    "subsequently allegedly reported confirmed believed feared thought said to now each "
    "initially eventually then seriously critically severely lightly slightly moderately "
    "badly gravely apparently already since just found"
)
_AUX = rf"(?:\s+(?:who|that|which))?(?:\s+{words_pattern(_AUX_WORDS.split())}(?![\w-]))*"

_KILLED_AFTER = (
    r"(?:fatally|mortally)\s+(?:wounded|injured|shot|stabbed|hurt)"
    r"|shot\s+dead|shot\s+and\s+(?:killed|died)|gunned\s+down"
    r"|(?:stabbed|beaten|burned|burnt|hacked|crushed|tortured|bludgeoned|shot|starved)\s+to\s+death"
    r"|lost\s+(?:their|his|her)\s+li(?:ves|fe)"
    r"|killed|dead|died|slain|martyred|martyrs?|executed|deaths|fatalities|fatality|bodies"
    r"|corpses|perished|murdered|massacred|assassinated|beheaded|lynched"
    r"|succumbed\s+to\s+(?:their|his|her)\s+(?:wounds|injuries)"
)
_INJURED_AFTER = (
    r"(?:suffered|sustained)\s+(?:\w+\s+)?(?:injuries|wounds)|injured|wounded|hurt|injuries"
)
# A first verb the victims suffered before dying: "were abducted and killed", "was attacked
# and beaten to death" (never a casualty word: "killed and wounded" is ambiguous).
_FIRST_VERB = (
    r"(?:\s+(?!(?:killed|wounded|injured|hurt|shot)\b)[a-z]+(?:ed|en)"
    r"(?:\s+(?:by\s+[\w-]+|[\w-]+))?\s+and)?"
)
SUBJECT_RE = re.compile(
    rf"(?P<chain>{_CHAIN})(?P<aside>{_ASIDE})?(?P<aux>{_AUX}){_FIRST_VERB}\s+"
    rf"(?P<trigger>(?P<killed>{_KILLED_AFTER})|(?P<injured>{_INJURED_AFTER}))(?![\w-])",
    _FLAGS,
)
# Casualty words after which a following object means the word was an active verb.
TRANSITIVE_RE = re.compile(
    r"killed|executed|slain|martyred|shot\s+dead|shot\s+and\s+killed|gunned\s+down|murdered"
    r"|massacred|assassinated|beheaded|lynched|injured|wounded|hurt|(?:fatally|mortally)\s+\w+",
    _FLAGS,
)
VERBAL_KILLED_RE = re.compile(
    r"killed|executed|slain|martyred|murdered|shot\s+dead|shot\s+and\s+killed|gunned\s+down"
    r"|assassinated|beheaded|lynched|\w+\s+to\s+death|(?:fatally|mortally)\s+\w+",
    _FLAGS,
)

_KILL_VERBS = (
    r"killing|killed|kills|kill|slaying|slew|executing|executed|murdering|murdered"
    r"|massacring|massacred|assassinating|assassinated|beheading|beheaded|lynching|lynched"
    r"|shooting\s+dead|shot\s+dead|shot\s+and\s+killed"
    r"|gunning\s+down|gunned\s+down"
    r"|(?:claim(?:s|ed|ing)?|cost(?:s|ing)?|t(?:ook|ak(?:es|ing)))\s+the\s+lives\s+of"
    r"|(?:bodies|deaths?|killings?|murders?|assassinations?)\s+of"
)
_INJURE_VERBS = (
    r"injuring|injured|injures|injure|wounding|wounded|wounds|wound|hurting|hurts|hurt"
    r"|maiming|maimed"
)
OBJECT_RE = re.compile(
    rf"(?<![\w-])(?P<verb>(?P<killed>{_KILL_VERBS})|(?P<injured>{_INJURE_VERBS}))\s+"
    rf"(?P<chain>{_CHAIN})",
    _FLAGS,
)
LIVES_RE = re.compile(
    rf"(?<![\w-])(?:claim(?:s|ed|ing)?|cost(?:s|ing)?|t(?:ook|ak(?:es|ing)))\s+"
    rf"(?P<qp>{QUANTITY})(?:\s+[a-z]+)?\s+lives\b"
    rf"|(?P<qp2>{QUANTITY})(?:\s+[a-z]+)?\s+lives\s+(?:(?:were|have\s+been|had\s+been)\s+)?lost\b",
    _FLAGS,
)
_TOLL_VERBS = (
    r"rose|risen|rises|rising|climbed|climbs|climbing|reached|reaches|reaching|stood|stands"
    r"|standing|jumped|jumps|increased|increases|hit|hits|is|was|went\s+up|grew|mounted|soared"
)
# "a death toll of 260"; or the toll's noun, what it is the toll of ("in the RSF shelling of
# Zamzam camp on Monday": a follow-up report's subject runs long, so up to 20 words without
# punctuation), then a verb of reaching ("has risen to 15") or "to"/"at". The "of N" form takes
# no such phrase: "the toll from the attack on the town of 5,000" is no toll of 5,000.
TOLL_RE = re.compile(
    r"(?<![\w-])(?:(?P<killed>(?:(?:death|fatality)\s+)?toll|number\s+of\s+(?:dead|deaths"
    r"|fatalities|people\s+killed|those\s+killed))|(?P<injured>number\s+of\s+(?:injured"
    r"|wounded|injuries|people\s+(?:injured|wounded))))"
    rf"(?:\s+of\s+(?P<qp_of>{QUANTITY})"
    r"|(?:\s+(?:from|in|on|after)(?:\s+[^\s,.;:]+){1,20}?)?"
    rf"(?:\s+(?:has|had|now|then|later|officially|further))*"
    rf"\s+(?:(?:{_TOLL_VERBS})\s+(?:to\s+|at\s+)?|to\s+|at\s+)(?P<qp>{QUANTITY}))",
    _FLAGS,
)

_ZERO_NOUNS = (
    r"casualties|casualty|victims|harm|deaths|fatalities|dead|loss\s+of\s+life|lives\s+lost"
    r"|injuries|injured|wounded"
)
ZERO_NOUN_RE = re.compile(
    r"(?<![\w-])(?:no|zero|without(?:\s+(?:causing|leaving|inflicting|any|reports?\s+of))*)"
    rf"\s+(?P<gap>(?:[\w'’-]+\s+){{0,3}}?)(?P<noun>{_ZERO_NOUNS})(?![\w-])",
    _FLAGS,
)
ZERO_SUBJECT_RE = re.compile(
    r"(?<![\w-])(?:no(?:\s+one|-one|body)|none|not\s+(?:a\s+single\s+[\w'’-]+|one|anyone)"
    r"|no\s+[\w'’-]+(?:\s+[\w'’-]+)?)(?:\s+else)?"
    r"(?:\s+of\s+(?:the|them|those)(?:\s+[\w'’-]+)?)?"
    r"(?:\s+(?:was|were|is|are|has|have|had|been|being|got|reportedly|immediately|reported|"
    r"believed|thought|said|to|be|seriously|critically|badly))*"
    rf"\s+(?P<trigger>(?P<killed>{_KILLED_AFTER})|(?P<injured>{_INJURED_AFTER}))(?![\w-])",
    _FLAGS,
)
# Gap words that make "no ... casualties" a missing report rather than a zero one.
UNKNOWN_GAP_WORDS = frozenset(
    ["word", "words", "information", "info", "details", "detail", "news", "comment", "comments", "confirmation", "indication", "figures", "figure", "estimate", "estimates", "way", "sign", "signs", "data", "count", "toll", "immediately", "independent", "fewer", "less", "more", "than"]
)
WORD_RE = re.compile(r"[\w'’-]+")
LABEL_BEFORE_RE = re.compile(r"([\w'’-]+)\.?\s+$")  # "Route 60", "No. 5", not "October, 1"
NUMERIC_RE = re.compile(rf"{QUANTITY}", _FLAGS)
AMBIGUOUS_AFTER_RE = re.compile(
    r"\s+(?:or|and|and/or)\s+(?:killed|dead|wounded|injured|hurt|killing|wounding|injuring)\b",
    _FLAGS,
)
AMBIGUOUS_BEFORE_RE = re.compile(
    r"\b(?:killed|dead|wounded|injured|hurt|killing|wounding|injuring)\s+"
    r"(?P<conj>or|and|and/or)\s+$",
    _FLAGS,
)
MODAL_BEFORE_RE = re.compile(
    r"\b(?:to|would|will|could|might|may|can|cannot|threatened|vowed|tried|trying)\s+$", _FLAGS
)
CLAUSE_AFTER_RE = re.compile(
    r"\s+(?:were|was|are|is|have|has|had|said|say|says|told|died|killed|wounded|injured|hurt"
    r"|also|reportedly)\b",
    _FLAGS,
)
FAMILY_OF_RE = re.compile(rf"(?:family|household)\s+of\s+(?P<size>{QUANTITY})", _FLAGS)
PARTITIVE_RE = re.compile(r"\bof\s+(?:the|those|these)$", _FLAGS)
# The verb whose object the first item of a subject list may really be.
OBJECT_VERB_BEFORE_RE = re.compile(rf"(?<![\w-])(?:{_KILL_VERBS}|{_INJURE_VERBS})\s+$", _FLAGS)
# "killed no one", "injuring nobody".
ZERO_OBJECT_RE = re.compile(
    rf"(?<![\w-])(?:(?P<killed>{_KILL_VERBS})|(?P<injured>{_INJURE_VERBS}))\s+"
    r"(?:no(?:\s+one|-one|body)|none|no\s+one\s+else)(?![\w-])",
    _FLAGS,
)

# Deaths reported with no figure: "leaving fatalities", "resulting in deaths and injuries",
# "leaving an unspecified number of fatalities", "fatalities were reported".
UNQUANTIFIED_RE = re.compile(
    r"(?<![\w-])(?:(?:leaving|left|resulting\s+in|resulted\s+in|causing|caused|inflicting"
    r"|inflicted|led\s+to|leading\s+to)\s+(?:(?:an?\s+)?(?:unknown|unspecified|undisclosed"
    r"|undetermined|unconfirmed)\s+(?:number\s+of\s+)?)?(?:fatalities|deaths)"
    r"|(?:fatalities|deaths)\s+(?:were|have\s+been|had\s+been)\s+reported)(?![\w-])",
    _FLAGS,
)
