"""The compiled actor index: entries by id and every way a phrase can reach one.

Built once from the checked YAML (``schema.parse_document``). Cross-reference checks live
here because they need the whole document: parents exist, aliases do not collide, two
entries never claim the same country class for overlapping periods.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from eventwire.actors.lexicon import alias_key, singular
from eventwire.actors.schema import (
    CLASS_SPECS,
    COUNTRYLESS_CLASSES,
    TYPE_CODES,
    ActorDictionaryError,
    DictionarySpec,
    EntrySpec,
    HolderSpec,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One known actor. ``acled_inter`` and ``sector`` come from the type table."""

    id: str
    name: str
    type: str
    country: str | None
    parent: str | None
    wikidata: str | None
    acled_inter: int | None
    sector: str | None
    role: str | None = None
    armed_wing_of: str | None = None
    valid_from: date | None = None  # inclusive
    valid_to: date | None = None  # exclusive: the day a successor takes over

    def valid_on(self, day: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day < self.valid_to))


@dataclass(frozen=True, slots=True)
class Office:
    """An office ("Prime Minister of Israel") and who held it when."""

    id: str
    name: str
    country: str
    holders: tuple[HolderSpec, ...]

    def holder_on(self, day: date | None) -> str | None:
        """The holder's entry id on ``day``; without a day, the holder with an open term."""
        for holder in self.holders:
            if day is None:
                if holder.end is None:
                    return holder.actor
            elif (holder.start is None or holder.start <= day) and (
                    holder.end is None or day < holder.end):
                return holder.actor
        return None


@dataclass(slots=True)
class ActorIndex:
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    context_aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    classes: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # adjective key -> ISO3
    people: dict[str, str] = field(default_factory=dict)  # "palestinians" -> PSE
    country_names: dict[str, str] = field(default_factory=dict)  # "sudan" -> SDN
    country_labels: dict[str, str] = field(default_factory=dict)  # SDN -> "Sudan"
    offices: dict[str, dict[str, Office]] = field(default_factory=dict)  # title -> ISO3 -> office
    armed_wings: dict[str, list[str]] = field(default_factory=dict)
    surface: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    # surface form -> [(entry id, context ISO3 or None)], kept for spaCy patterns
    persons: set[str] = field(default_factory=set)
    case_sensitive: dict[str, list[str]] = field(default_factory=dict)  # "us" -> ["US"]


def build_index(spec: DictionarySpec, *, source: str) -> ActorIndex:
    """Compile the checked spec; raise ``ActorDictionaryError`` on any cross-reference fault."""
    index = ActorIndex()
    _add_countries(index, spec, source)
    for entry in spec.entries:
        if entry.id in index.entries:
            raise ActorDictionaryError(f"{source}: entity id {entry.id!r} is used twice; "
                                       "ids must be unique")
        index.entries[entry.id] = _compile(entry)
        if entry.role:
            index.persons.add(entry.id)
    _add_classes(index, spec, source)
    _check_references(index, spec, source)
    for entry in spec.entries:
        _add_aliases(index, entry, source)
    _add_country_names(index, source)
    _add_offices(index, spec, source)
    _add_variants(index)
    _mark_case_sensitive(index, spec)
    return index


def _compile(entry: EntrySpec) -> ActorEntry:
    codes = TYPE_CODES[entry.type]
    return ActorEntry(
        id=entry.id, name=entry.name, type=entry.type, country=entry.country,
        parent=entry.parent, wikidata=entry.wikidata, acled_inter=codes.acled_inter,
        sector=entry.sector or codes.sector, role=entry.role, armed_wing_of=entry.armed_wing_of,
        valid_from=entry.valid_from, valid_to=entry.valid_to,
    )


def _add_countries(index: ActorIndex, spec: DictionarySpec, source: str) -> None:
    for country in spec.countries:
        if country.iso3 in index.country_labels:
            raise ActorDictionaryError(f"{source}: country {country.iso3} is listed twice")
        index.country_labels[country.iso3] = country.name
        for name in (country.name, *country.names):
            _claim(index.country_names, alias_key(name), country.iso3, source, "country name")
        for demonym in country.demonyms:
            _claim(index.demonyms, alias_key(demonym), country.iso3, source, "demonym")
            people = alias_key(demonym) if demonym.endswith(("ese", "ss", "sh", "ch")) \
                else alias_key(demonym) + "s"
            if not country.people:
                _claim(index.people, people, country.iso3, source, "people noun")
        for person in country.people:
            _claim(index.people, alias_key(person), country.iso3, source, "people noun")


def _claim(table: dict[str, str], word: str, iso3: str, source: str, what: str) -> None:
    if table.get(word, iso3) != iso3:
        raise ActorDictionaryError(f"{source}: {what} {word!r} is given to both {table[word]} "
                                   f"and {iso3}; keep it on one country")
    table[word] = iso3


def _add_classes(index: ActorIndex, spec: DictionarySpec, source: str) -> None:
    for entry in spec.entries:
        if entry.default_for:
            claimants = index.classes.setdefault((entry.default_for, entry.country), [])
            for other in claimants:
                if _overlap(index.entries[other], index.entries[entry.id]):
                    raise ActorDictionaryError(
                        f"{source}: entities {other!r} and {entry.id!r} both claim "
                        f"default_for {entry.default_for} in {entry.country} for overlapping "
                        "periods; give them valid_from/valid_to that do not overlap")
            claimants.append(entry.id)
    for iso3, label in index.country_labels.items():
        for class_name, (actor_type, template) in CLASS_SPECS.items():
            if (class_name, iso3) not in index.classes:
                _generate(index, class_name, iso3, actor_type, template.format(country=label))
    for class_name in COUNTRYLESS_CLASSES:
        actor_type, template = CLASS_SPECS[class_name]
        name = template.replace(" ({country})", "").replace(" of {country}", "")
        _generate(index, class_name, None, actor_type, name)


def _generate(index: ActorIndex, class_name: str, iso3: str | None, actor_type: str,
              name: str) -> None:
    slug = class_name.replace("_", "-")
    entry_id = f"{slug}-{iso3.lower()}" if iso3 else slug
    if class_name == "armed_group":
        entry_id = entry_id.replace("armed-group", "unidentified-armed-group")
    codes = TYPE_CODES[actor_type]
    sector = "UAF" if class_name == "armed_group" else codes.sector
    index.entries[entry_id] = ActorEntry(entry_id, name, actor_type, iso3, None, None,
                                         codes.acled_inter, sector)
    index.classes[(class_name, iso3)] = [entry_id]


def _overlap(a: ActorEntry, b: ActorEntry) -> bool:
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    return start < end


def _check_references(index: ActorIndex, spec: DictionarySpec, source: str) -> None:
    for entry in spec.entries:
        for label, target in (("parent", entry.parent), ("armed_wing_of", entry.armed_wing_of)):
            if target is not None and target not in index.entries:
                raise ActorDictionaryError(
                    f"{source}: entity {entry.id!r} has {label} {target!r}, which is not an "
                    "entity id; fix the id or add that entity")
        if entry.armed_wing_of:
            index.armed_wings.setdefault(entry.armed_wing_of, []).append(entry.id)
            if entry.parent is None:
                raise ActorDictionaryError(
                    f"{source}: entity {entry.id!r} is an armed wing but has no parent; set "
                    f"parent: {entry.armed_wing_of}")


def _add_aliases(index: ActorIndex, entry: EntrySpec, source: str) -> None:
    for alias in (entry.name, *entry.aliases):
        _add_global(index, alias_key(alias), entry.id, source)
        index.surface.setdefault(alias, []).append((entry.id, None))
    for iso3, aliases in entry.aliases_in:
        for alias in aliases:
            word = alias_key(alias)
            if word in index.aliases:
                raise ActorDictionaryError(
                    f"{source}: entity {entry.id!r} has the context alias {alias!r} for "
                    f"{iso3}, but it is already a global alias of "
                    f"{index.aliases[word]}; remove one of them")
            by_country = index.context_aliases.setdefault(word, {})
            _add_alternative(index, by_country.setdefault(iso3, []), entry.id, source,
                             f"context alias {alias!r} in {iso3}")
            index.surface.setdefault(alias, []).append((entry.id, iso3))


def _add_global(index: ActorIndex, word: str, entry_id: str, source: str) -> None:
    if not word:
        raise ActorDictionaryError(f"{source}: entity {entry_id!r} has an empty alias")
    if word in index.context_aliases:
        raise ActorDictionaryError(
            f"{source}: alias {word!r} of {entry_id!r} is also a context alias elsewhere; "
            "make it a context alias (aliases_in) everywhere or nowhere")
    _add_alternative(index, index.aliases.setdefault(word, []), entry_id, source,
                     f"alias {word!r}")


def _add_alternative(index: ActorIndex, ids: list[str], entry_id: str, source: str,
                     what: str) -> None:
    """Two entries may share a phrase only when they are valid in different periods."""
    if entry_id in ids:
        return
    for other in ids:
        if _overlap(index.entries[other], index.entries[entry_id]):
            raise ActorDictionaryError(
                f"{source}: {what} belongs to both {other!r} and {entry_id!r}; keep it on one "
                "entity, move it to aliases_in under a country, or give the two entities "
                "non-overlapping valid_from/valid_to")
    ids.append(entry_id)


def _add_country_names(index: ActorIndex, source: str) -> None:
    """A country's name resolves to its government, as PLOVER codes 'Israel said'."""
    for word, iso3 in index.country_names.items():
        governments = index.classes[("government", iso3)]
        others = [i for i in index.aliases.get(word, []) if i not in governments]
        if others or word in index.context_aliases:
            raise ActorDictionaryError(
                f"{source}: {word!r} is the name of {iso3} but also an alias of "
                f"{others or sorted(index.context_aliases[word].values())}; remove that alias")
        index.aliases[word] = list(governments)


def _add_offices(index: ActorIndex, spec: DictionarySpec, source: str) -> None:
    for office in spec.offices:
        for holder in office.holders:
            if holder.actor not in index.entries:
                raise ActorDictionaryError(
                    f"{source}: office {office.id!r} lists holder {holder.actor!r}, which is "
                    "not an entity id; add the person as an entity")
        compiled = Office(office.id, office.name, office.country, office.holders)
        for title in office.titles:
            by_country = index.offices.setdefault(alias_key(title), {})
            if office.country in by_country:
                raise ActorDictionaryError(
                    f"{source}: title {title!r} is used by two offices in {office.country} "
                    f"({by_country[office.country].id!r}, {office.id!r})")
            by_country[office.country] = compiled


def _add_variants(index: ActorIndex) -> None:
    """Index "Shabaab" for "al-Shabaab" and "Houthi" for "Houthis" unless the form is taken.

    A variant two entries would share is dropped rather than guessed.
    """
    taken = set(index.aliases) | set(index.context_aliases)
    variants: dict[str, set[str]] = defaultdict(set)
    for word, ids in index.aliases.items():
        for variant in _variants_of(word):
            if variant not in taken:
                variants[variant].update(ids)
    for variant, owners in variants.items():
        if len(owners) == 1:
            index.aliases[variant] = sorted(owners)
        else:
            logger.debug("variant %r is shared by %s; not indexed", variant, sorted(owners))


def _variants_of(word: str) -> set[str]:
    forms = {word}
    if word.startswith(("al ", "el ")) and len(word) > 5:
        forms.add(word[3:])
    head, _, last = word.rpartition(" ")
    one = singular(last)
    if one != last and len(one) > 2:
        forms |= {f"{head} {one}".strip(), *(f[: -len(last)] + one for f in forms if
                                              f.endswith(last))}
    forms.discard(word)
    return {f.strip() for f in forms if f.strip()}


# English words that are also acronyms in the dictionary: match them only in capitals.
_COMMON_WORDS = frozenset(["us", "is", "it", "as", "at", "an", "am", "be", "do", "go", "he", "if", "in", "me", "my", "no", "of", "on", "or", "so", "to", "up", "we", "who", "aa", "pa", "ola", "sac", "ant", "let", "amnesty", "amal"])
# Acronyms long enough to be written as words in house styles that do so ("Nato", "Isis",
# "Unicef"); a shorter one in title case is usually an English word opening a sentence ("Car").
_TITLE_CASE_ACRONYM = 4


def _mark_case_sensitive(index: ActorIndex, spec: DictionarySpec) -> None:
    """Keys that must be written as the dictionary writes them.

    The listed English words, and every key the dictionary writes only as an acronym ("CAR",
    "ANA", "MIT"): in lower case it is a word, "a car" is not the Central African Republic.
    """
    names = [name for country in spec.countries for name in (country.name, *country.names)]
    surfaces: dict[str, list[str]] = {}
    for surface in [*index.surface, *names]:
        surfaces.setdefault(alias_key(surface), []).append(surface)
    for word, written in surfaces.items():
        if word in _COMMON_WORDS:
            forms = [surface for surface in written if not surface.islower()]
        elif all(_is_acronym(surface) for surface in written):
            forms = [*written, *(surface.title() for surface in written
                                 if len(surface.replace(".", "")) >= _TITLE_CASE_ACRONYM)]
        else:
            continue
        for surface in forms:
            form = surface.replace(".", "")
            if form not in index.case_sensitive.setdefault(word, []):
                index.case_sensitive[word].append(form)
        if not index.case_sensitive[word]:
            del index.case_sensitive[word]


def _is_acronym(surface: str) -> bool:
    """"CAR", "U.N.", "M23": capitals (and digits), at least two letters, no lower case."""
    letters = [c for c in surface if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in surface.strip()
