"""A user's own actor files, merged over the packaged dictionary without editing it.

A user file has the packaged file's format (``countries``, ``entities``, ``offices``); any list
may be left out, and its entries may name the packaged ones as ``parent``, ``armed_wing_of``,
office ``holders`` and ``country``. Merging is by id: a new id adds an entry, a known id
(entity ``id``, country ``iso3``, office ``id``) replaces the known entry whole.

When a user entry and a packaged one claim the same phrase, the user's entry wins the phrase
(the packaged entry keeps its other aliases) and the move is noted, since the user
wrote the file to change what their articles resolve to; a user entry's ``default_for`` takes
over the country class the same way. A packaged entry's *name* cannot be taken: replace that
entry by id instead. The replacements and moves are returned as notes, which the dictionary
logs at INFO on every load, cached or not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from eventwire.actors.lexicon import alias_key
from eventwire.actors.schema import (
    ActorDictionaryError,
    CountrySpec,
    DictionarySpec,
    EntrySpec,
    OfficeSpec,
    parse_document,
)

_Keyed = TypeVar("_Keyed", CountrySpec, EntrySpec, OfficeSpec)


@dataclass(frozen=True, slots=True)
class Merged:
    spec: DictionarySpec
    notes: tuple[str, ...]  # what the user file replaced or took over, for the log


def merge_user_document(base: DictionarySpec, document: Any, *, source: str, base_source: str
                        ) -> Merged:
    """``base`` (read from ``base_source``) with one user file's loaded YAML merged over it.

    Raises ``ActorDictionaryError`` naming ``source`` and the entry when the file is bad.
    """
    user = _parse_against(base, document, source=source)
    _refuse_repeated_ids(user, source)
    merge = _Merge(source, base_source)
    claims = _Claims.of(user.entries)
    replaced = {entry.id for entry in user.entries}
    entries = tuple(entry if entry.id in replaced else merge.without_claims(entry, claims)
                    for entry in base.entries)
    spec = DictionarySpec(
        countries=merge.merged(base.countries, user.countries, "countries",
                               key=lambda country: country.iso3),
        entries=merge.merged(entries, user.entries, "entities", key=lambda entry: entry.id),
        offices=merge.merged(base.offices, user.offices, "offices", key=lambda office: office.id),
    )
    return Merged(spec, tuple(merge.notes))


def _parse_against(base: DictionarySpec, document: Any, *, source: str) -> DictionarySpec:
    """Check the user file, letting its entries name the countries ``base`` lists.

    The schema only accepts country codes listed in the same document, so the base countries
    go in as stand-ins and are taken out again after the check.
    """
    if document is None:
        return DictionarySpec((), (), ())  # an empty file adds nothing
    if not isinstance(document, dict) or not isinstance(document.get("countries") or [], list):
        return parse_document(document, source=source)  # raises the schema's own message
    own = list(document.get("countries") or [])
    own_codes = {raw.get("iso3") for raw in own if isinstance(raw, dict)}
    stand_ins = [{"iso3": c.iso3, "name": c.name} for c in base.countries
                 if c.iso3 not in own_codes]
    spec = parse_document({**document, "countries": own + stand_ins}, source=source)
    return replace(spec, countries=spec.countries[:len(own)])


def _refuse_repeated_ids(user: DictionarySpec, source: str) -> None:
    for what, ids in (("country", [c.iso3 for c in user.countries]),
                      ("entity id", [e.id for e in user.entries]),
                      ("office id", [o.id for o in user.offices])):
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise ActorDictionaryError(f"{source}: {what} {item!r} is used twice in this "
                                           "file; keep one entry per id")
            seen.add(item)


@dataclass(slots=True)
class _Claims:
    """The phrases and country classes a user file claims, by lookup key."""

    global_: dict[str, list[EntrySpec]] = field(default_factory=dict)
    context: dict[str, list[tuple[str, EntrySpec]]] = field(default_factory=dict)
    classes: dict[tuple[str, str | None], list[EntrySpec]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[EntrySpec]) -> _Claims:
        claims = cls()
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                claims.global_.setdefault(alias_key(alias), []).append(entry)
            for iso3, aliases in entry.aliases_in:
                for alias in aliases:
                    claims.context.setdefault(alias_key(alias), []).append((iso3, entry))
            if entry.default_for:
                claims.classes.setdefault((entry.default_for, entry.country), []).append(entry)
        return claims

    def taker_of_global(self, entry: EntrySpec, word: str) -> EntrySpec | None:
        """The user entry that takes ``entry``'s global alias ``word``, if any."""
        # A phrase cannot be global for one entity and per-country for another at all, and
        # two entities share a global phrase only in periods that do not overlap.
        owners = [u for u in self.global_.get(word, []) if _overlap(entry, u)]
        owners += [u for _, u in self.context.get(word, [])]
        return owners[0] if owners else None

    def taker_in(self, entry: EntrySpec, iso3: str, word: str) -> EntrySpec | None:
        """The user entry that takes ``entry``'s alias ``word`` in stories about ``iso3``."""
        owners = list(self.global_.get(word, []))
        owners += [u for c, u in self.context.get(word, []) if c == iso3 and _overlap(entry, u)]
        return owners[0] if owners else None


@dataclass(frozen=True, slots=True)
class _Merge:
    source: str  # the user file, named in every message
    base_source: str  # what it is merged over
    notes: list[str] = field(default_factory=list)

    def merged(self, base: Sequence[_Keyed], user: Sequence[_Keyed], what: str, *,
               key: Callable[[_Keyed], str]) -> tuple[_Keyed, ...]:
        """``base`` with user items replacing theirs by key, in place; new user items last."""
        by_key = {key(item): item for item in user}
        replaced = [key(item) for item in base if key(item) in by_key]
        if replaced:
            self.notes.append(f"{self.source} replaces these {what} of {self.base_source}: "
                              f"{', '.join(replaced)}")
        result = [by_key.pop(key(item), item) for item in base]
        return tuple(result + list(by_key.values()))

    def without_claims(self, entry: EntrySpec, claims: _Claims) -> EntrySpec:
        """``entry`` without the aliases and country class that the user's entries claim."""
        self._refuse_taken_name(entry, claims)
        return self._drop_class(self._drop_aliases(entry, claims), claims)

    def _refuse_taken_name(self, entry: EntrySpec, claims: _Claims) -> None:
        taker = claims.taker_of_global(entry, alias_key(entry.name))
        if taker is not None:
            raise ActorDictionaryError(
                f"{self.source}: entity {taker.id!r}: {entry.name!r} is the name of the "
                f"entity {entry.id!r} of {self.base_source}, so it cannot be an alias of another "
                f"entity; to change {entry.id!r}, write an entity with id: {entry.id} in your "
                "file, which replaces it")

    def _drop_aliases(self, entry: EntrySpec, claims: _Claims) -> EntrySpec:
        moved: dict[str, list[str]] = {}  # user entry id -> the aliases it takes
        aliases = []
        for alias in entry.aliases:
            taker = claims.taker_of_global(entry, alias_key(alias))
            if taker is None:
                aliases.append(alias)
            else:
                moved.setdefault(taker.id, []).append(alias)
        aliases_in = []
        for iso3, words in entry.aliases_in:
            kept = []
            for alias in words:
                taker = claims.taker_in(entry, iso3, alias_key(alias))
                if taker is None:
                    kept.append(alias)
                else:
                    moved.setdefault(taker.id, []).append(alias)
            if kept:
                aliases_in.append((iso3, tuple(kept)))
        if not moved:
            return entry
        for taker_id, taken in moved.items():
            self.notes.append(f"{self.source}: {', '.join(repr(a) for a in taken)} now resolve "
                              f"to {taker_id!r} instead of {entry.id!r}")
        return replace(entry, aliases=tuple(aliases), aliases_in=tuple(aliases_in))

    def _drop_class(self, entry: EntrySpec, claims: _Claims) -> EntrySpec:
        if entry.default_for is None:
            return entry
        takers = [u for u in claims.classes.get((entry.default_for, entry.country), [])
                  if _overlap(entry, u)]
        if not takers:
            return entry
        self.notes.append(f"{self.source}: {takers[0].id!r} is now the {entry.default_for} of "
                          f"{entry.country} instead of {entry.id!r}")
        return replace(entry, default_for=None)


def _overlap(a: EntrySpec, b: EntrySpec) -> bool:
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    return start < end
