"""Words the resolver needs: normalisation of phrases and the generic nouns around names.

Phrases are folded to tokens so spelling variants meet: case, diacritics, curly apostrophes,
hyphens ("al-Qassam" == "al Qassam"), dots in acronyms ("U.N." == "UN"). A possessive
("Hamas's", "Hamas'") becomes its own token ``'s`` so the resolver can read "X's armed wing".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

POSSESSIVE = "'s"

_APOSTROPHES = re.compile("[`´ʹʻʼʽʾʿ‘’‛′]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*'?|'s\b|&")


def fold(text: str) -> str:
    """Lowercase ASCII-ish text: no diacritics, straight apostrophes, plain hyphens."""
    text = _APOSTROPHES.sub("'", _DASHES.sub("-", text))
    if text.isascii():  # nothing to decompose (most text): skip the walk over every character
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[str, ...]:
    """Fold a phrase into word tokens; possessives become a separate ``'s`` token."""
    tokens: list[str] = []
    for raw in _TOKEN.findall(fold(text).replace(".", "")):
        if raw == "&":
            tokens.append("and")
        elif raw == POSSESSIVE:  # after a bracket: "CPI (Maoist)'s"
            tokens.append(POSSESSIVE)
        elif raw.endswith("'s") and raw.count("'") == 1:
            tokens.extend((raw[:-2], POSSESSIVE))
        elif raw.endswith("'"):  # "Hamas'" / "Lions'"
            tokens.extend((raw[:-1].replace("'", ""), POSSESSIVE))
        else:
            tokens.append(raw.replace("'", ""))  # "Ta'ang" -> "taang"
    return tuple(t for t in tokens if t)


def key(tokens: tuple[str, ...] | list[str]) -> str:
    """The lookup key of a token sequence: possessive marks and a leading 'the' dropped."""
    words = [t for t in tokens if t != POSSESSIVE]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def alias_key(alias: str) -> str:
    return key(tokenize(alias))


def singular(word: str) -> str:
    """A cheap singular for head nouns ("soldiers" -> "soldier"); irregulars listed."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "person",
              "gunmen": "gunman", "policemen": "policeman", "servicemen": "serviceman",
              "militiamen": "militiaman", "fishermen": "fisherman", "tribesmen": "tribesman",
              "hitmen": "hitman", "chairmen": "chairman",
              "aircrafts": "aircraft"}

NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "score", "scores", "tens", "million"]
)
# Words that open a noun phrase without naming anyone.
DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "some", "several", "many", "few", "numerous", "various", "other", "another", "both", "all", "more", "most", "least", "at", "around", "about", "nearly", "almost", "over", "up", "to", "approximately", "roughly", "estimated", "reported", "his", "her", "their", "its", "our", "your", "two-thirds"]
)
# Words that hedge or describe without changing who the actor is.
HEDGES = frozenset(
    ["suspected", "alleged", "apparent", "presumed", "so", "called", "self", "styled", "proclaimed", "declared", "rival", "masked", "unknown", "local", "heavily", "suspect", "purported"]
)
AFFILIATION_SUFFIXES = frozenset(
    ["backed", "led", "allied", "aligned", "affiliated", "linked", "supported", "sponsored", "controlled", "funded", "trained", "inspired"]
)
# Nouns for parts or members of a named group: "IDF soldiers", "RSF fighters", "Hamas leader".
MEMBER_NOUNS = frozenset(
    ["soldier", "troop", "force", "fighter", "militant", "member", "rebel", "gunman", "operative", "commander", "officer", "personnel", "unit", "militiaman", "militia", "jihadist", "insurgent", "combatant", "element", "spokesman", "spokesperson", "spokeswoman", "leader", "leadership", "official", "cadre", "loyalist", "delegation", "negotiator", "representative", "agent", "sniper", "warplane", "jet", "aircraft", "drone", "quadcopter", "artillery", "tank", "helicopter", "gunboat", "bulldozer", "patrol", "convoy", "position", "base", "man", "terrorist", "squad", "cell", "team", "detachment", "battalion", "contingent", "wing", "guard"]
)
# "<demonym> <head>" and bare "<head>" resolve to the country's generic class entry.
CLASS_HEADS: dict[str, frozenset[str]] = {
    "police": frozenset(
        ["police", "policeman", "policewoman", "gendarme", "gendarmerie", "constable", "cop"]),
    "military": frozenset(
        ["force", "troop", "soldier", "army", "military", "serviceman", "servicemember", "warplane", "jet", "aircraft", "drone", "artillery", "tank", "helicopter", "navy", "paratrooper", "commando", "reservist", "sniper", "gunboat", "battalion", "brigade", "regiment", "marine", "airstrike",
         # craft stand for the force that flies or sails them: "Israeli UAVs", "warships"
         "airplane", "plane", "warship", "gunship", "uav", "frigate", "airforce", "quadcopter",
         # vehicles only armies drive: "an Israeli Merkava" is the army's, not a civilian car
         "merkava", "humvee", "apc", "ifv",
         # a misspelling common enough in reports to read as the word meant
         "solider"]),
    "government": frozenset(
        ["government", "authority", "official", "regime", "administration", "cabinet", "leadership", "state", "diplomat", "delegation", "negotiator", "minister", "ministry", "embassy"]),
    "protesters": frozenset(["protester", "protestor", "demonstrator", "marcher"]),
    "rioters": frozenset(["rioter", "mob"]),
    "armed_group": frozenset(
        ["gunman", "militant", "fighter", "insurgent", "assailant", "attacker", "jihadist", "bandit",
         # armed groups by what they are, not by what anyone calls them
         "militia", "militiaman", "gang", "gangster", "guerrilla", "paramilitary", "kidnapper",
         "abductor", "hitman"]),
    # Militias of a clan, tribe or community; the words before the head may name it ("Abgal
    # clan militia"), so any prefix is allowed (see OPEN_PREFIX_CLASSES).
    "communal_militia": frozenset(["vigilante"]),
    "civilians": frozenset(
        ["civilian", "resident", "villager", "man", "woman", "boy", "girl", "child", "kid", "teenager", "teen", "youth", "youngster", "farmer", "shepherd", "fisherman", "worker", "person", "national", "citizen", "family", "journalist", "reporter", "photographer", "photojournalist", "medic", "paramedic", "doctor", "nurse", "student", "pilgrim", "worshipper", "refugee", "migrant", "passenger", "driver", "infant", "baby", "toddler", "mother", "father", "brother", "sister", "son", "daughter", "teacher", "detainee", "prisoner", "herder", "trader", "labourer", "laborer", "elder", "tribesman",
         "businessman", "businesswoman", "vendor", "shopkeeper", "pastoralist", "bystander", "motorist",
         "villager", "employee", "technician", "activist", "fisher", "idp", "monk", "nun",
         "owner", "miner", "merchant", "customer", "displaced", "evacuee",
         # people held, travelling or going about their work: unarmed unless the text says so
         "hostage", "captive", "abductee", "kidnappee", "traveller", "traveler", "commuter",
         "pedestrian", "cyclist", "motorcyclist", "user", "tourist", "patient", "gambler", "collector", "herdsman",
         "woodcutter", "sibling", "wife", "husband", "relative", "neighbour", "neighbor",
         "guest", "mourner", "villager", "staffer", "clergyman", "imam", "pastor", "priest", "marabout",
         # an informer is unarmed, whoever they inform for
         "informant", "informer",
         # an inspector of work, schools or health ("police inspector" is a compound below)
         "inspector"]),
}
# Two-word heads that mean something other than their last word.
CLASS_COMPOUNDS: dict[tuple[str, str], str] = {
    ("armed", "man"): "armed_group",
    ("armed", "group"): "armed_group",
    ("armed", "individual"): "armed_group",
    # armed, whatever the speaker calls them: the weapon decides, not the word "criminals"
    ("armed", "person"): "armed_group",
    ("armed", "criminal"): "armed_group",
    ("unidentified", "group"): "armed_group",
    ("unidentified", "individual"): "armed_group",
    # "unknown men opened fire": reports say "unknown" of an attacker whose side is not known
    ("unknown", "man"): "armed_group",
    ("unknown", "person"): "armed_group",
    ("unknown", "individual"): "armed_group",
    ("unknown", "group"): "armed_group",
    ("paramilitary", "group"): "armed_group",
    ("militia", "member"): "armed_group",
    ("gang", "member"): "armed_group",
    ("militia", "group"): "armed_group",
    ("clan", "militia"): "communal_militia",
    ("clan", "militiaman"): "communal_militia",
    ("communal", "militia"): "communal_militia",
    ("community", "militia"): "communal_militia",
    ("ethnic", "militia"): "communal_militia",
    ("tribal", "militia"): "communal_militia",
    ("vigilante", "group"): "communal_militia",
    ("security", "force"): "military",
    ("security", "personnel"): "military",
    ("government", "force"): "military",
    ("government", "troop"): "military",
    ("government", "soldier"): "military",
    # "fired at the governmental positions": the state's forces hold them
    ("government", "position"): "military",
    ("governmental", "position"): "military",
    ("governmental", "force"): "military",
    ("governmental", "troop"): "military",
    ("military", "force"): "military",
    ("fighter", "jet"): "military",
    # boats and vehicles are the force's when the phrase says whose service they are in:
    # "Israeli naval boats", "army vehicles" (a bare "boat" may be a fisherman's)
    ("naval", "boat"): "military",
    ("naval", "vessel"): "military",
    ("navy", "boat"): "military",
    ("navy", "vessel"): "military",
    ("army", "vehicle"): "military",
    ("military", "vehicle"): "military",
    ("army", "bulldozer"): "military",
    ("military", "bulldozer"): "military",
    ("regime", "force"): "military",
    ("police", "officer"): "police",
    ("police", "inspector"): "police",
    # customs officers are police in ACLED's coding of state forces; the first word as written
    # (the ruler's patterns) and as ``singular`` reads it (the resolver)
    ("customs", "officer"): "police",
    ("customs", "agent"): "police",
    ("custom", "officer"): "police",
    ("custom", "agent"): "police",
    ("police", "force"): "police",
    ("police", "unit"): "police",
    ("riot", "police"): "police",
    ("service", "member"): "military",
    # the command of a state's armed forces: "Ukraine's General Staff said its forces ..."
    ("general", "staff"): "military",
    ("aid", "worker"): "civilians",
    ("health", "worker"): "civilians",
}
# Hedges that are kept before a bare person noun, where they make the phrase an unknown
# attacker rather than a civilian ("two unknown men" -> unidentified armed group).
UNKNOWN_WORDS = frozenset(["unknown"])
PERSON_NOUNS = frozenset(["man", "men", "person", "persons", "people", "individual", "individuals", "group", "groups"])
# Modifiers allowed between a demonym and its head ("Israeli ground forces").
CLASS_MODIFIERS = frozenset(
    ["armed", "security", "government", "regular", "quadcopter", "combat", "attack", "reconnaissance", "surveillance", "state", "federal", "national", "special", "riot", "elite", "ground", "air", "naval", "defence", "defense", "reserve", "military", "army", "border", "allied", "loyalist", "unidentified", "fighter", "regime", "central", "interim", "transitional", "de", "facto", "young", "old", "elderly", "pregnant", "wounded", "injured", "unarmed", "innocent", "local", "displaced", "ordinary", "fellow", "other", "joint", "sub"]
)
# Classes whose head alone says what the actor is, whatever words come before it: in "Abgal
# clan militia" or "Dabarre sub-clan militia" the first word names the clan.
OPEN_PREFIX_CLASSES = frozenset({"communal_militia"})
# Craft a state's forces fly or drive, and the model names written before them ("Israeli F-16
# warplanes", "Apache helicopters", "Bayraktar drones"): a model says which craft, not whose.
CRAFT_HEADS = frozenset(
    ["warplane", "jet", "aircraft", "airplane", "plane", "drone", "uav", "quadcopter", "helicopter", "gunship", "tank", "bomber"]
)
CRAFT_MODELS = frozenset(
    ["apache", "cobra", "hermes", "heron", "bayraktar", "shahed", "geran", "lancet", "orlan", "reaper", "predator", "antonov", "mig", "sukhoi", "tupolev", "ilyushin", "chinook", "blackhawk", "black", "hawk", "hind", "mi", "su", "f", "tb", "mq", "merkava", "leopard", "abrams", "t"]
)
# Titles stripped before a name ("Prime Minister Benjamin Netanyahu", "Gen. Abdel Fattah").
TITLE_WORDS = frozenset(
    ["president", "prime", "minister", "pm", "premier", "defence", "defense", "foreign", "interior", "chief", "general", "gen", "lt", "lieutenant", "colonel", "col", "major", "maj", "brig", "brigadier", "commander", "sheikh", "sheik", "king", "emir", "crown", "prince", "supreme", "leader", "ayatollah", "field", "marshal", "mr", "mrs", "ms", "dr", "acting", "interim", "transitional", "de", "facto", "former", "self", "declared", "spokesman", "spokesperson", "head", "of", "state", "army", "staff", "secretary", "sec", "senior", "military", "political", "bureau", "chairman", "chair"]
)
# Speaker's labels that never name an actor on their own (see ActorDictionary.resolve).
LABELS_NOT_ACTORS = frozenset(
    ["terrorist", "terror", "martyr", "hero", "enemy", "infidel", "apostate", "criminal", "extremist", "radical", "collaborator", "traitor"]
)
