"""Word lists behind the casualty patterns: which words may sit inside a victim noun phrase,
which nouns are never victims, which words may follow a reduced passive ("three killed in").
"""

from __future__ import annotations

UNIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALE_WORDS = ["hundred", "thousand", "million"]

# Vague quantities, ACLED-style (see the package docstring). Keys are lower-cased with single
# spaces and without a trailing "of".
VAGUE_VALUES: dict[str, int] = {
    "several": 10,
    "many": 10,
    "multiple": 10,
    "numerous": 10,
    "a number": 10,
    # A report that deaths occurred but gives no figure at all: ACLED's low estimate, 3.
    "an unspecified number": 3,
    "an unknown number": 3,
    "an undisclosed number": 3,
    "an undetermined number": 3,
    "an unconfirmed number": 3,
    "unspecified number": 3,
    "unknown number": 3,
    "scores": 10,
    "tens": 10,
    "dozens": 12,
    "several dozen": 12,
    "a dozen": 12,
    "hundreds": 100,
    "several hundred": 100,
    "thousands": 1000,
    "several thousand": 1000,
    "a couple": 2,
    "both": 2,
    "a few": 3,
    "a handful": 3,
}

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Words that end a victim noun phrase: verbs and auxiliaries, prepositions other than "of",
# relatives, conjunctions, casualty words themselves, numbers, months and weekdays.
NP_STOP_WORDS = frozenset(
    ["was", "were", "is", "are", "be", "been", "being", "am", "had", "has", "have", "having", "got", "get", "gets", "will", "would", "could", "can", "may", "might", "must", "shall", "should", "do", "did", "does", "that", "which", "who", "whom", "whose", "where", "what", "when", "while", "after", "before", "during", "since", "until", "till", "as", "than", "in", "on", "at", "by", "from", "to", "into", "onto", "with", "without", "for", "under", "over", "across", "amid", "amidst", "among", "amongst", "following", "through", "throughout", "against", "between", "including", "near", "about", "around", "like", "and", "or", "but", "nor", "so", "yet", "if", "because", "though", "although", "said", "says", "say", "told", "tell", "reported", "reports", "according", "added", "reportedly", "also", "allegedly", "killed", "kill", "kills", "killing", "dead", "died", "die", "dies", "dying", "death", "deaths", "slain", "martyred", "martyrs", "martyr", "executed", "fatalities", "bodies", "corpses", "perished", "shot", "gunned", "stabbed", "beaten", "burned", "burnt", "hacked", "crushed", "tortured", "bludgeoned", "starved", "fatally", "mortally", "lost", "lives", "injured", "injuring", "injuries", "wounded", "wounding", "wounds", "hurt", "hurting", "suffered", "sustained", "casualties", "murdered", "massacred", "assassinated", "beheaded", "lynched", "succumbed", "found", "no", "not", "none", "nobody", "this", "these", "those", "there", "here", "it", "they", "he", "him", "she", "her", "we", "us", "you", "i", "dozen", "dozens", "scores", "tens", "hundreds", "thousands", "several", "many", "multiple", "numerous", "few", "handful", "couple", "both", "another", "further", "additional", "yesterday", "today", "tonight", "overnight", "earlier", "later"]
    + UNIT_WORDS
    + TENS_WORDS
    + SCALE_WORDS
    + MONTHS
    + WEEKDAYS
)

# Nouns that a number may count without counting victims ("fired 20 rockets", "a two-day
# raid", "the 2014 war"). Singular and plural forms both listed.
_NON_VICTIM_STEMS = ["rocket", "missile", "shell", "mortar", "bomb", "drone", "grenade", "bullet", "round", "airstrike", "strike", "raid", "attack", "operation", "explosion", "blast", "incident", "day", "hour", "week", "month", "year", "minute", "second", "time", "km", "kilometre", "kilometer", "mile", "metre", "meter", "percent", "house", "home", "building", "vehicle", "car", "truck", "tank", "village", "town", "war", "conflict", "offensive", "clash", "battle", "shot", "shooting", "kg", "ton", "tonne", "dollar", "shekel", "euro", "pound", "point", "page", "article", "resolution", "route", "area", "zone", "sector", "gate", "apartment", "flat", "room", "floor", "storey", "story", "hectare", "acre", "dunam", "sortie", "mission", "flight", "target", "site", "position", "checkpoint"]
NON_VICTIM_NOUNS = frozenset(_NON_VICTIM_STEMS + [s + "s" for s in _NON_VICTIM_STEMS])
NON_VICTIM_PLURALS = frozenset(s + "s" for s in _NON_VICTIM_STEMS) | {"km", "percent"}

# A number right after one of these labels names a thing, not a count ("Route 60",
# "Resolution 1701", "Area 51", "aged 17", "October 14").
LABEL_WORDS = frozenset(
    ["area", "route", "road", "highway", "resolution", "article", "section", "unit", "brigade", "division", "battalion", "regiment", "block", "building", "gate", "sector", "zone", "district", "camp", "no", "number", "flight", "kilometre", "km", "level", "phase", "grade", "class", "chapter", "paragraph", "room", "apartment", "house", "street", "bus", "line", "platform", "terminal", "hall", "ward", "bed", "cell", "wing", "aged", "age", "ages"]
    + MONTHS
)

# Auxiliaries that make a participle passive ("were killed", "who were wounded").
BE_FORMS = frozenset(["was", "were", "is", "are", "be", "been", "being", "got", "get", "gets"])

# A victim list does not start right after one of these: "killed in an exchange of fire and
# three others were wounded" has "an exchange" as the object of "in", not a victim.
PREPOSITIONS = frozenset(
    ["in", "on", "at", "by", "from", "to", "into", "onto", "with", "without", "during", "after", "before", "near", "under", "over", "across", "amid", "amidst", "through", "throughout", "against", "between", "among", "toward", "towards", "behind", "inside", "outside", "since", "until", "despite", "via", "per"]
)

# Words that may follow a reduced passive without making it active: "three killed in",
# "two wounded on Friday", "five dead after". Anything else after a bare participle
# ("three gunmen killed two soldiers") is read as an active verb with an object.
PASSIVE_FOLLOWERS = frozenset(
    ["in", "on", "at", "by", "during", "when", "while", "after", "before", "as", "and", "or", "but", "near", "since", "overnight", "yesterday", "today", "tonight", "last", "this", "early", "late", "later", "earlier", "following", "amid", "across", "throughout", "including", "among", "with", "from", "inside", "outside", "over", "under", "within", "so", "because", "due", "according", "there", "here", "too", "so", "far", "when", "where", "who", "whom", "which", "that", "reportedly", "including", "last", "outright", "instantly", "immediately"]
    + WEEKDAYS
    + sorted(BE_FORMS)
)


IRREGULAR_PLURALS = frozenset(
    ["children", "people", "men", "women", "police", "militia", "personnel", "staff", "crew", "folk", "youth"]
)

# The party a victim noun names, so that figures for different parties in one report are
# added ("25 militants ... 13 soldiers"): singular and plural forms, lower-cased.
_PARTIES = {
    "armed group": "militant fighter insurgent jihadist gunman gunmen rebel assailant attacker "
                   "terrorist extremist bandit militiaman militiamen combatant guerrilla",
    "state forces": "soldier troop officer policeman policemen police gendarme serviceman "
                    "servicemen trooper personnel",
    "peacekeepers": "peacekeeper",
    "civilians": "civilian resident villager farmer herder trader worker student child "
                 "children woman women passenger teacher miner worshipper",
}
VICTIM_CLASSES: dict[str, str] = {
    form: party
    for party, words in _PARTIES.items()
    for word in words.split()
    for form in (word, word + "s")
}
# Nouns that may hold every party ("12 people ... three soldiers"): a figure for them is
# never added to another.
GENERIC_VICTIMS = frozenset(
    ["people", "persons", "person", "individuals", "victims", "dead", "bodies", "casualties",
     "fatalities", "deaths", "lives"]
)
