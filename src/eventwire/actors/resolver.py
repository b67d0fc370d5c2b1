"""Resolve one noun phrase, as an article writes it, to an entry of the actor index.

The whole phrase is first looked up as a name ("Ministry of Health (Gaza)", "400 Mawozo"),
then each apposition ("X, Y" / "X (Y)") in turn goes through the rules below, with its
determiners, numbers and hedges stripped ("two suspected Israeli soldiers" -> "israeli
soldiers"):

1. "X's armed wing" / "the armed wing of X" -> the entry marked ``armed_wing_of: X``.
2. An alias, global or (with a country focus) context-dependent: "the junta" in Myanmar.
3. "X's Y": a country X focuses Y ("Sudan's army"); an organisation X with a member noun Y
   is X ("Hamas's fighters").
4. "Y of X": members of X, an office of a country, a class of a country.
5. Demonym + head noun: "Israeli forces" -> the country's military, "a Palestinian man" ->
   Civilians (Palestine). A bare demonym noun ("three Palestinians") is civilians too:
   ACLED codes unnamed victims that way.
6. A name plus a member noun: "IDF soldiers", "RSF fighters".
7. A title before a name: "Gen. Abdel Fattah al-Burhan".
8. A generic head with no country word ("the army", "gunmen", "the prime minister"):
   the focus country's class entry; gunmen, civilians and protesters without a focus
   resolve to the countryless entry. Craft stand for their force ("Israeli UAVs"), and a
   clan, tribal or ethnic militia is one whatever name comes first ("Abgal clan militia").
9. Common nouns before a civilian head ("a tuk-tuk driver"): civilians of the focus country.
10. A place or unit name before a group's acronym ("the Kalay PDF"): that group.

Speaker's labels are never actor types: a bare "terrorists" stays unresolved (the label does
not say who), while "Hamas terrorists" is Hamas by rule 6.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from eventwire.actors.index import ActorEntry, ActorIndex
from eventwire.actors.lexicon import (
    AFFILIATION_SUFFIXES,
    CLASS_COMPOUNDS,
    CLASS_HEADS,
    CLASS_MODIFIERS,
    CRAFT_HEADS,
    CRAFT_MODELS,
    DETERMINERS,
    HEDGES,
    MEMBER_NOUNS,
    NUMBER_WORDS,
    OPEN_PREFIX_CLASSES,
    PERSON_NOUNS,
    POSSESSIVE,
    TITLE_WORDS,
    UNKNOWN_WORDS,
    key,
    singular,
    tokenize,
)
from eventwire.actors.schema import CLASS_SPECS, COUNTRYLESS_CLASSES

Tokens = tuple[str, ...]

_SEGMENT_BREAK = re.compile(r"[,;()\[\]]|\s[-\u2013\u2014]\s|\u2014")
_WING = frozenset({"armed", "military"})
# Head words of "Y of X" that only say "part of X" ("members of", "a group of").
_PART_OF = MEMBER_NOUNS | NUMBER_WORDS | DETERMINERS | frozenset(
    ["group", "number", "handful", "band", "dozen", "score", "hundred", "thousand", "member", "mercenary", "remnant", "loyalist", "ranks", "gang", "faction", "guerrilla", "affiliate"])
_MAX_DEPTH = 6
# Member nouns that make a leader's name stand for the force that fights for him.
_ARMED_MEMBERS = frozenset({"force", "troop", "soldier", "fighter", "militia", "militiaman",
                            "loyalist", "unit", "gunman", "militant", "group"})


@dataclass(frozen=True, slots=True)
class _Context:
    focus: tuple[str, ...]  # ISO3 codes, most likely first
    on: date | None
    text: str  # the original phrase, for case-sensitive acronyms


def resolve(index: ActorIndex, text: str, *, focus: Mapping[str, float] | None,
            on: date | None) -> ActorEntry | None:
    """The best entry for ``text`` or None; appositions are tried left to right."""
    return resolve_ranked(index, text, ranked_focus(focus), on)


def resolve_ranked(index: ActorIndex, text: str, focus: tuple[str, ...], on: date | None) -> ActorEntry | None:
    """``resolve`` with the focus as ``ranked_focus`` gives it: all it reads of the weights,
    so a cache can key on it."""
    context = _Context(focus, on, text)
    # The whole phrase first: "Ministry of Health (Gaza)", "CPI (Maoist)'s armed wing".
    tokens = tokenize(text)
    whole = (_alias(index, tokens, context, 0)
             or _armed_wing(index, strip_front(tokens), context, 0))
    if whole is not None:
        return whole
    guess, hedged = _bracketed_name(index, text, context)
    for segment in _SEGMENT_BREAK.split(text):
        entry = _resolve(index, tokenize(segment), context, 0)
        if entry is not None:
            # "gunmen (likely al-Shabaab)": the class gives way to the name guessed;
            # "militants (Hamas and PIJ)": an armed group's gloss names it, but "protesters
            # (PTI)" or "gunmen (Khartoum)" are no party's or government's
            glossed = entry.id.startswith("unidentified-armed-group") and guess is not None \
                and guess.type in ARMED_GROUP_TYPES
            if guess is not None and is_class_entry(index, entry) and (hedged or glossed):
                return guess
            return entry
    return None


# "fighters (likely JNIM)", "armed groups (believed to be JNIM)", "militants (Hamas and PIJ)":
# a report's guess at, or gloss of, who a generic phrase is; ACLED codes the group it names.
_BRACKETED_NAME = re.compile(
    r"[(\[]\s*(?P<hedge>(?:most\s+)?(?:likely|probably|presumably|possibly|suspected|believed\s+to\s+be|"
    r"thought\s+to\s+be|reportedly|allegedly)\s+)?(?P<name>[^()\[\]]+)(?:[)\]]|$)", re.IGNORECASE)
# The types whose name may gloss an unidentified armed group: "militants (Hamas)".
ARMED_GROUP_TYPES = frozenset({"rebel_group", "political_militia", "identity_militia", "external_forces"})


def _bracketed_name(index: ActorIndex, text: str, context: _Context) -> tuple[ActorEntry | None, bool]:
    """The entity a bracket after the phrase names, and whether the report hedged it."""
    found = _BRACKETED_NAME.search(text)
    if found is None:
        return None, False
    # "(likely Al Shabaab due to similar attacks by the group)": the name ends at the reason
    name = re.split(r"\s+(?:and|or|and/or|due|because|given|based|as|after|since)\s+|,", found.group("name"))[0]
    entry = _resolve(index, tokenize(name), context, 0)
    if entry is None or is_class_entry(index, entry):
        return None, False
    return entry, found.group("hedge") is not None


# The ids of the generated class entries begin with their class's slug ("military-sdn").
_CLASS_ID_PREFIXES = tuple(name.replace("_", "-") for name in CLASS_SPECS) + ("unidentified-armed-group",)


def is_class_entry(index: ActorIndex, entry: ActorEntry) -> bool:
    """Whether ``entry`` is a generated class entry (Civilians (X), ...) rather than an entity
    (the IDF is Israel's military class, and an entity)."""
    return entry.id.startswith(_CLASS_ID_PREFIXES) and any(entry.id in ids for ids in index.classes.values())


def countries_in(index: ActorIndex, text: str, *, longest: int = 4, actors: bool = True) -> Counter[str]:
    """The countries a text names: country names, demonyms, people nouns and (``actors``) known
    actors with a country ("Al Shabaab" -> SOM), counted per mention, longest match first.

    A stand-in focus for texts whose places do not resolve: "government security forces" in a
    note that names al-Shabaab are Somalia's.
    """
    tokens = tokenize(text)
    starts = _name_starts(index, actors=actors)
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        if tokens[i] not in starts:  # no name begins with this word: skip its windows
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            country = _country_of_words(index, key(tokens[i:i + size]), text, actors=actors)
            if country is not None:
                found[country] += 1
                i += size
                break
        else:
            i += 1
    return found


# index id -> (the index, kept so the id is not reused; the words a name can begin with)
_NAME_STARTS: dict[tuple[int, bool], tuple[ActorIndex, frozenset[str]]] = {}


def _name_starts(index: ActorIndex, *, actors: bool) -> frozenset[str]:
    """The first words of every key ``_country_of_words`` can find, and the words ``key`` drops
    in front of one ("the", a possessive): a window starting with any other word finds nothing."""
    cached = _NAME_STARTS.get((id(index), actors))
    if cached is None:
        tables = [index.country_names, index.demonyms, index.people] + ([index.aliases] if actors else [])
        words = {name.split(" ", 1)[0] for table in tables for name in table} | {"the", POSSESSIVE}
        cached = _NAME_STARTS[(id(index), actors)] = (index, frozenset(words))
    return cached[1]


def _country_of_words(index: ActorIndex, word: str, text: str, *, actors: bool = True) -> str | None:
    if not word or word in DETERMINERS or not _case_ok(index, word, text):
        return None
    country = index.country_names.get(word) or index.demonyms.get(word) or index.people.get(word)
    if country is not None or not actors:
        return country
    countries = {index.entries[i].country for i in index.aliases.get(word, ())}
    return countries.pop() if len(countries) == 1 else None


def ranked_focus(focus: Mapping[str, float] | None) -> tuple[str, ...]:
    """The focus countries with a positive weight, heaviest first (ties by code)."""
    if not focus:
        return ()
    weighted = sorted(((-w, c) for c, w in focus.items() if w > 0))
    return tuple(country for _, country in weighted)


def _resolve(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
             ) -> ActorEntry | None:
    if not tokens or depth > _MAX_DEPTH:
        return None
    # Names that open with a number or a hedge-like word: "400 Mawozo", "Saudi-led coalition".
    entry = _alias(index, tokens, context, depth + 1)
    if entry is not None:
        return entry
    if _local_defence_force(tokens):
        # "a local defense force": a town's militia, not the army ("local" is stripped below
        # as a hedge, as in "local gunmen")
        return _generic(index, ("armed", "group"), context, depth + 1)
    tokens = strip_front(tokens)
    if not tokens:
        return None
    for rule in _RULES:
        entry = rule(index, tokens, context, depth + 1)
        if entry is not None:
            return entry
    return None


def _local_defence_force(tokens: Tokens) -> bool:
    """"a local defense force", "the local defence forces": an unnamed town militia."""
    words = [singular(t) for t in tokens]
    return len(words) >= 3 and words[-3:] in (["local", "defense", "force"], ["local", "defence", "force"])


def strip_front(tokens: Tokens) -> Tokens:
    """Drop determiners, numbers, ages and hedges that open a phrase."""
    words = list(tokens)
    while words:
        first = words[0]
        if first in UNKNOWN_WORDS and words[1:] and words[-1] in PERSON_NOUNS and len(words) == 2:
            break  # "unknown men" is an attacker of no known side, not men (civilians)
        if (first in DETERMINERS or first in NUMBER_WORDS or first in HEDGES
                or first.isdigit() or first == "of"):
            words.pop(0)
        elif first in ("year", "years", "month", "months") and words[1:2] == ["old"]:
            del words[:2]
        elif len(words) > 2 and words[1] in AFFILIATION_SUFFIXES:
            del words[:2]  # "Iran-backed Houthis"
        else:
            break
    if len(words) > 2 and words[-2] == "aged" and words[-1].isdigit():
        del words[-2:]
    return tuple(words)


# --- rule 1: armed wings ------------------------------------------------------------------

def _armed_wing(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
                ) -> ActorEntry | None:
    owner: Tokens | None = None
    if len(tokens) > 2 and tokens[-1] == "wing" and tokens[-2] in _WING:
        owner = tokens[:-2]
        if owner and owner[-1] == POSSESSIVE:
            owner = owner[:-1]
    elif len(tokens) > 3 and tokens[0] in _WING and tokens[1:3] == ("wing", "of"):
        owner = tokens[3:]
    if not owner:
        return None
    parent = _resolve(index, owner, context, depth)
    if parent is None:
        return None
    wings = index.armed_wings.get(parent.id, [])
    return _pick(index, wings, context.on, strict=False) or parent


# --- rule 2: aliases ----------------------------------------------------------------------

def _alias(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
           ) -> ActorEntry | None:
    """An alias, also under trailing member nouns ("Israeli Border Police officers")."""
    if _names_an_office(index, tokens):
        return None  # "Burkina Faso's junta leader" is the office rules' business
    stripped: list[str] = []
    generic = classify(tokens) is not None
    while tokens:
        word = key(tokens)
        if stripped and (generic or word in index.country_names or word in index.demonyms):
            # "US forces" is the demonym rule's, not the US government; "government forces"
            # is the military class, not the government
            return None
        entry = lookup(index, word, context)
        if entry is not None and entry.id in index.persons and _ARMED_MEMBERS & set(stripped):
            return _forces_of_person(index, entry)
        if entry is not None or len(tokens) == 1 or singular(tokens[-1]) not in _PART_OF:
            return entry
        tokens, stripped = tokens[:-1], [*stripped, singular(tokens[-1])]
    return None


def _names_an_office(index: ActorIndex, tokens: Tokens) -> bool:
    """A title, alone or after a country word: "junta leader", "Israel's prime minister"."""
    for cut in range(len(tokens)):
        if key(tokens[cut:]) in index.offices:
            owner = key(tokens[:cut])
            return (not owner or owner in index.country_names or owner in index.demonyms)
    return False


def lookup(index: ActorIndex, word: str, context: _Context) -> ActorEntry | None:
    for candidate in (word, _singular_last(word)):
        if not candidate or not _case_ok(index, candidate, context.text):
            continue
        ids = index.aliases.get(candidate)
        if ids:
            return _pick(index, ids, context.on, strict=False)
        by_country = index.context_aliases.get(candidate)
        if by_country:
            for country in context.focus:
                if country in by_country:
                    return _pick(index, by_country[country], context.on, strict=False)
    return None


def _singular_last(word: str) -> str | None:
    head, _, last = word.rpartition(" ")
    one = singular(last)
    if one == last:
        return None
    return f"{head} {one}" if head else one


def _case_ok(index: ActorIndex, word: str, text: str) -> bool:
    """Acronyms that are also English words ("US", "IS", "WHO") must be written in capitals."""
    forms = index.case_sensitive.get(word)
    if forms is None:
        return True
    plain = text.replace(".", "")
    # not \b: a form may end in a bracket ("PML(N)")
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", plain) for form in forms)


def _pick(index: ActorIndex, ids: list[str], on: date | None, *, strict: bool
          ) -> ActorEntry | None:
    """Choose among entries sharing a phrase by date; ``strict`` refuses out-of-period ones."""
    entries = [index.entries[i] for i in ids]
    if on is not None:
        valid = [e for e in entries if e.valid_on(on)]
        if valid:
            return valid[0]
        return None if strict or len(entries) > 1 else entries[0]
    current = [e for e in entries if e.valid_to is None]
    if current:
        return current[0]
    return entries[0] if len(entries) == 1 else None


# --- rule 3: possessives ------------------------------------------------------------------

def _possessive(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
                ) -> ActorEntry | None:
    if POSSESSIVE not in tokens:
        return None
    cut = tokens.index(POSSESSIVE)
    owner, owned = tokens[:cut], tokens[cut + 1:]
    if not owner or not owned:
        return None
    country = index.country_names.get(key(owner))
    if country is not None:
        holder = _office(index, key(owned), country, context.on)
        if holder is not None:
            return holder
        focused = _Context((country, *context.focus), context.on, context.text)
        entry = _resolve(index, owned, focused, depth)
        if entry is not None or not _only_part_words(owned):
            return entry
        return class_entry(index, "government", country, context.on)
    parent = _resolve(index, owner, context, depth)
    if parent is not None and _only_part_words(owned):
        return parent
    return None


def _only_part_words(tokens: Tokens) -> bool:
    return all(singular(t) in _PART_OF or t in CLASS_MODIFIERS for t in tokens)


# --- rule 4: "Y of X" ---------------------------------------------------------------------

def _of_phrase(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
               ) -> ActorEntry | None:
    if "of" not in tokens[1:-1]:
        return None
    cut = tokens.index("of", 1)
    head, tail = tokens[:cut], tokens[cut + 1:]
    country = index.country_names.get(key(tail))
    if country is not None:
        holder = _office(index, key(head), country, context.on)
        if holder is not None:
            return holder
        class_name = classify(head)
        if class_name is not None:
            return class_entry(index, class_name, country, context.on)
    if _only_part_words(head):
        return _resolve(index, tail, context, depth)
    return None


# --- rule 5: demonym + head noun ----------------------------------------------------------

def _demonym(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
             ) -> ActorEntry | None:
    for size in (3, 2, 1):
        if len(tokens) < size:
            continue
        prefix = key(tokens[:size])
        country = (index.demonyms.get(prefix) or index.people.get(prefix)
                   or index.country_names.get(prefix))
        if country is None or not _case_ok(index, prefix, context.text):
            continue
        rest = tokens[size:]
        if not rest:
            if prefix in index.demonyms or prefix in index.people:
                return class_entry(index, "civilians", country, context.on)
            return None
        return _country_head(index, rest, country, context, depth)
    return None


def _country_head(index: ActorIndex, rest: Tokens, country: str, context: _Context,
                  depth: int) -> ActorEntry | None:
    holder = _office(index, key(rest), country, context.on)
    if holder is not None:
        return holder
    class_name = classify(rest)
    if class_name is not None:
        return class_entry(index, class_name, country, context.on)
    focused = _Context((country,), context.on, context.text)
    entry = _resolve(index, rest, focused, depth)
    if entry is not None and entry.country in (country, None):
        return entry
    return None


def classify(tokens: Tokens) -> str | None:
    """The generic class a head phrase names ("ground forces" -> military), if any."""
    words = [singular(t) for t in tokens if t != POSSESSIVE]
    if not words:
        return None
    class_name: str | None
    if len(words) >= 2 and (words[-2], words[-1]) in CLASS_COMPOUNDS:
        class_name, prefix = CLASS_COMPOUNDS[(words[-2], words[-1])], words[:-2]
    else:
        class_name = next((c for c, heads in CLASS_HEADS.items() if words[-1] in heads), None)
        prefix = words[:-1]
        if class_name is None:
            return None
    heads = CLASS_HEADS.get(class_name, frozenset())
    if class_name in OPEN_PREFIX_CLASSES or all(w in CLASS_MODIFIERS or w in heads for w in prefix):
        return class_name
    written = [t for t in tokens if t != POSSESSIVE][:len(prefix)]  # "Hermes", not "herme"
    if words[-1] in CRAFT_HEADS and all(
            w in CLASS_MODIFIERS or w in CRAFT_MODELS or any(ch.isdigit() for ch in w) for w in written):
        return class_name  # "F-16 warplanes", "Apache helicopters", "TB2 drones"
    return None


def class_entry(index: ActorIndex, class_name: str, country: str | None, on: date | None
                ) -> ActorEntry | None:
    ids = index.classes.get((class_name, country))
    return _pick(index, ids, on, strict=True) if ids else None


def _office(index: ActorIndex, title: str, country: str, on: date | None
            ) -> ActorEntry | None:
    office = index.offices.get(title, {}).get(country)
    if office is None:
        return None
    holder = office.holder_on(on)
    return index.entries.get(holder) if holder else None


# --- rules 6-8 ----------------------------------------------------------------------------

def _member_noun(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
                 ) -> ActorEntry | None:
    if len(tokens) > 1 and singular(tokens[-1]) in _PART_OF:
        rest = key(tokens[:-1])
        if rest in index.demonyms or rest in index.people or rest in index.country_names:
            return None  # "Palestinian terrorists" is not "Palestinians"
        named = lookup(index, rest, context)
        if named is not None and named.type != "government":
            # "Border Police officers" in a story about Israel: the force's members ("regime
            # soldiers" are not the government's: the class rule gives its military)
            return named
        if classify(tokens) is not None:
            return None  # "government forces" is a class (rule 8), not the government's members
        return _resolve(index, tokens[:-1], context, depth)
    return None


def _forces_of_person(index: ActorIndex, person: ActorEntry) -> ActorEntry:
    """"Hadi forces", "pro-Hadi fighters": a leader's forces are his organisation's, or, when
    that is a government, his state's military (ACLED's Military Forces of Yemen)."""
    organisation = index.entries.get(person.parent or "", person)
    if organisation.type == "government" and organisation.country:
        military = index.classes.get(("military", organisation.country), [])
        if military:
            return index.entries[military[0]]
    return organisation


def _titled_name(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
                 ) -> ActorEntry | None:
    """A known person after a title or group: "Prime Minister Benjamin Netanyahu"."""
    if not any(t in TITLE_WORDS or singular(t) in MEMBER_NOUNS for t in tokens[:-1]):
        return None
    for start in range(1, len(tokens)):
        entry = lookup(index, key(tokens[start:]), context)
        if entry is not None and entry.id in index.persons:
            return entry
    return None


def _generic(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
             ) -> ActorEntry | None:
    title = key(tokens)
    for country in context.focus:
        holder = _office(index, title, country, context.on)
        if holder is not None:
            return holder
    class_name = classify(tokens)
    if class_name is None:
        return None
    for country in context.focus:
        entry = class_entry(index, class_name, country, context.on)
        if entry is not None:
            return entry
    if class_name in COUNTRYLESS_CLASSES:
        return class_entry(index, class_name, None, context.on)
    return None


def _plain_civilians(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
                     ) -> ActorEntry | None:
    """"a tuk-tuk driver", "a civilian businessman", "a clan elder": a civilian head after
    common nouns (written in lower case) is an unnamed civilian of the focus country."""
    if len(tokens) < 2 or singular(tokens[-1]) not in CLASS_HEADS["civilians"] or "of" in tokens:
        return None  # "the committee of elders" is a body, not its members
    if not all(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w])", context.text)
               for word in tokens[:-1] if word != POSSESSIVE):
        return None  # a capitalised word may name a group ("Fulani herders", "Hamas members")
    for country in context.focus:
        entry = class_entry(index, "civilians", country, context.on)
        if entry is not None:
            return entry
    return class_entry(index, "civilians", None, context.on)


def _local_unit(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
                ) -> ActorEntry | None:
    """"Kalay PDF", "the Monywa PDF", "Mandalay People Defense Force": a place or unit name
    before a group's acronym or full name (three words or more) is a local unit of that group."""
    if len(tokens) < 2:
        return None
    for size in range(min(len(tokens) - 1, 5), 2, -1):
        if len(tokens) - size > 2:
            continue  # one or two words of place or unit before the name, no more
        entry = lookup(index, key(tokens[-size:]), context)
        if entry is not None and not is_class_entry(index, entry):
            return entry
    last = tokens[-1]
    if not re.search(rf"\b{re.escape(last.upper())}\b", context.text):
        return None  # only an acronym written in capitals
    return lookup(index, last, context)


def _aligned(index: ActorIndex, tokens: Tokens, context: _Context, depth: int
             ) -> ActorEntry | None:
    """"pro-Houthi forces", "pro-Hadi fighters": forces that fight for a named party are coded
    as that party's, as ACLED codes them. Not for a nation: "pro-Palestinian protesters" are not
    Palestinians, nor "pro-Russian separatists" Russia's."""
    if len(tokens) < 3 or tokens[0] != "pro" or singular(tokens[-1]) not in _ARMED_MEMBERS:
        return None
    party = tokens[1]
    if party in index.demonyms or party in index.country_names or party in index.people:
        return None
    return _resolve(index, tokens[1:], context, depth)


_RULES = (_aligned, _armed_wing, _alias, _possessive, _of_phrase, _demonym, _member_noun, _titled_name,
          _generic, _plain_civilians, _local_unit)
