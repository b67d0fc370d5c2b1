"""Word lists and the regex fragments built from them, compiled into rules by ``rules``.

Month and weekday names are matched only when capitalised ("May", "MAY"), never in lower case,
so the modal verb "may" and the noun "march" never start a date. Function words around them
("in", "last", "early") are matched in any case with scoped ``(?i:...)`` groups.
"""

from __future__ import annotations

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "a couple of": 2,
}  # fmt: skip

_ORDINAL_UNITS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
)  # fmt: skip
_ORDINAL_TEENS = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip


def _ordinal_words() -> dict[str, int]:
    words = {word: number for number, word in enumerate(_ORDINAL_UNITS, start=1)}
    words.update({word: number for number, word in enumerate(_ORDINAL_TEENS, start=10)})
    words["twentieth"] = 20
    words["thirtieth"] = 30
    for number, unit in enumerate(_ORDINAL_UNITS, start=21):
        words[f"twenty-{unit}"] = number
        words[f"twenty {unit}"] = number
    words["thirty-first"] = 31
    words["thirty first"] = 31
    return words


ORDINAL_WORDS: dict[str, int] = _ordinal_words()

# Nouns that turn a following four-digit number into a count ("of 2014 people"), not a year.
COUNT_NOUNS: tuple[str, ...] = (
    "people", "persons", "civilians", "soldiers", "troops", "fighters", "militants",
    "rebels", "insurgents", "police", "policemen", "officers", "protesters", "demonstrators",
    "refugees", "migrants", "families", "children", "women", "men", "residents",
    "prisoners", "detainees", "hostages", "homes", "houses", "buildings", "dead", "deaths",
    "killed", "wounded", "injured", "casualties", "victims", "votes", "voters", "members",
    "cases", "units", "tonnes", "tons", "km", "kilometres", "kilometers", "miles", "metres",
    "meters", "dollars", "euros", "rockets", "missiles", "shells", "drones", "vehicles",
    "tanks", "arrests", "incidents", "attacks", "strikes", "of",
)  # fmt: skip

# Nouns that mark a preceding year as a historical reference ("the 2014 war").
EVENT_NOUNS: tuple[str, ...] = (
    "war", "wars", "conflict", "election", "elections", "vote", "poll", "polls", "coup",
    "uprising", "revolution", "protests", "ceasefire", "truce", "offensive", "invasion",
    "annexation", "referendum", "massacre", "agreement", "accord", "accords", "deal",
    "treaty", "attack", "attacks", "bombing", "bombings", "earthquake", "floods", "campaign",
    "crisis", "siege", "operation", "incursion", "clashes", "riots", "unrest", "intifada",
    "crackdown", "violence", "fighting", "hostilities", "insurgency", "famine", "pandemic",
    "summit", "talks", "constitution", "law", "census", "budget", "Olympics", "World Cup",
)  # fmt: skip

NEWSPAPER_WORDS: tuple[str, ...] = (
    "Times", "Telegraph", "Express", "Mirror", "Herald", "Post", "Tribune", "Mail",
    "Independent", "Observer", "Star", "Standard", "Journal",
)  # fmt: skip

# Named days that are holidays or historical events rather than "the most recent Sunday".
HOLIDAY_PREFIXES: tuple[str, ...] = (
    "Bloody", "Black", "Good", "Palm", "Easter", "Holy", "Ash", "Super", "Cyber", "Maundy",
    "Whit", "Shrove", "Low",
)  # fmt: skip


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first so a prefix never wins."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(word.replace(" ", r"\s+").replace("-", r"[-\s]") for word in ordered)


def _capitalised(words: tuple[str, ...]) -> str:
    return alternation([form for word in words for form in (word, word.upper())])


# Regex fragments. Named groups are read by the resolvers in ``rules``.
MONTH_FULL = rf"(?P<month>{_capitalised(MONTHS)})(?![A-Za-z])"
MONTH_ANY = (
    rf"(?P<month>{_capitalised(MONTHS)}|(?:{_capitalised(MONTH_ABBREVIATIONS)})(?:\.(?!\d))?)"
    r"(?![A-Za-z])"
)
WEEKDAY = rf"(?P<weekday>(?i:{alternation(WEEKDAYS)}))(?![A-Za-z])"
DAY_NUMBER = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d]|[,.]\d)"
DAY_WORD = rf"(?P<day_word>(?i:{alternation(list(ORDINAL_WORDS))}))"
COUNT_GUARD = rf"(?!\s*(?:%|(?i:per\s*cent|percent))|\s+(?i:{alternation(COUNT_NOUNS)})\b)"
YEAR = rf"(?P<year>(?:19|20)\d\d)(?![\d]|s\b|[,.]\d){COUNT_GUARD}"
QUALIFIER = r"(?P<qualifier>(?i:early|late|mid))(?:-|\s+)"
RELATIVE_YEAR = r"(?P<relative_year>(?i:last|this|next))\s+(?i:year)"
MONTH_NAME = rf"(?:{_capitalised(MONTHS)}|{_capitalised(MONTH_ABBREVIATIONS)})(?![A-Za-z])"
