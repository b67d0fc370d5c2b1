"""``ActorDictionary``: load the actor YAML (and a user's own files), resolve and search phrases,
build spaCy patterns."""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.actors.cache import cache_key, read_cached, write_cached
from eventwire.actors.index import ActorEntry, ActorIndex, build_index
from eventwire.actors.lexicon import alias_key, tokenize
from eventwire.actors.patterns import build_patterns
from eventwire.actors.resolver import countries_in, is_class_entry, ranked_focus, resolve_ranked
from eventwire.actors.schema import ActorDictionaryError, parse_document
from eventwire.actors.user_files import merge_user_document

logger = logging.getLogger(__name__)

_PACKAGED = "actors.yaml"
# The C loader parses the ~3,000-line file several times faster than the pure-Python one.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class Alias:
    """A phrase that resolves to an entry; ``country`` when only in stories about it."""

    text: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A search hit; ``alias`` is the alias that matched when the id and name did not."""

    entry: ActorEntry
    alias: Alias | None = None


class ActorDictionary:
    """Known actors and the rules that map an article's noun phrases onto them."""

    def __init__(self, index: ActorIndex, *, source: str) -> None:
        self._index = index
        self.source = source
        self._patterns: list[dict[str, Any]] | None = None
        # an article's parties repeat ("Israeli forces", "the army"), and a stream's too
        self._resolve = lru_cache(maxsize=65_536)(self._resolve_uncached)
        # the coder asks for one article's countries two or three times
        self._countries_in = lru_cache(maxsize=16)(self._countries_in_uncached)
        self._aliases: dict[str, list[Alias]] | None = None

    @classmethod
    def load(cls, path: PathLike | None = None, *, user_files: Sequence[PathLike] = (),
             cache: bool = True) -> ActorDictionary:
        """Load and check a dictionary; the packaged ``data/actors.yaml`` by default.

        ``user_files`` are YAML files in the same format merged over it in order (see
        ``eventwire.actors.user_files``). The compiled index is cached on disk (see
        ``eventwire.actors.cache``) unless ``cache`` is False. Raises
        ``ActorDictionaryError`` naming the file, the entry and the fix when a YAML is bad.
        """
        started = time.perf_counter()
        text, source = _read(path)
        extras = [_read_user_file(user_file) for user_file in user_files]
        key = cache_key(text, *(user_text for user_text, _ in extras)) if cache else ""
        cached = read_cached(key) if cache else None
        if cached is None:
            cached = _compile(text, source, extras)
            if cache:
                write_cached(key, *cached)
        index, notes = cached
        for note in notes:  # on every load, so a user sees what their files change
            logger.info("%s", note)
        source = " + ".join([source, *(user_source for _, user_source in extras)])
        logger.debug("loaded %d actor entries from %s in %.0f ms", len(index.entries), source,
                     (time.perf_counter() - started) * 1000)
        return cls(index, source=source)

    def get(self, actor_id: str) -> ActorEntry | None:
        return self._index.entries.get(actor_id)

    def __len__(self) -> int:
        return len(self._index.entries)

    def entries(self) -> list[ActorEntry]:
        return list(self._index.entries.values())

    def aliases_of(self, actor_id: str) -> list[Alias]:
        """The phrases written for an entry besides its name, as written in the YAML.

        Generated class entries ("military-sdn") have none: demonyms and class nouns reach
        them ("Sudanese troops").
        """
        if self._aliases is None:
            self._aliases = {}
            for text, owners in self._index.surface.items():
                for owner, country in owners:
                    if text != self._index.entries[owner].name:
                        self._aliases.setdefault(owner, []).append(Alias(text, country))
        return list(self._aliases.get(actor_id, []))

    def search(self, query: str = "", *, country: str | None = None,
               actor_type: str | None = None) -> list[ActorMatch]:
        """Entries whose id, name or an alias contains ``query`` (ignoring case, accents and
        punctuation), of ``country`` (ISO3) and ``actor_type`` when given, sorted by id."""
        wanted = _searchable(query)
        matches = []
        for entry in sorted(self._index.entries.values(), key=lambda e: e.id):
            if (country and entry.country != country) or (actor_type and entry.type != actor_type):
                continue
            if not wanted or wanted in _searchable(entry.id) or wanted in _searchable(entry.name):
                matches.append(ActorMatch(entry))
                continue
            alias = next((a for a in self.aliases_of(entry.id) if wanted in _searchable(a.text)),
                         None)
            if alias is not None:
                matches.append(ActorMatch(entry, alias))
        return matches

    def resolve(self, text: str, *, focus: Mapping[str, float] | None = None,
                on: datetime.date | None = None) -> ActorEntry | None:
        """The best entry for a noun phrase as written in an article, or None.

        ``focus`` weighs the story's countries (ISO3 -> weight) to settle context-dependent
        phrases ("the army", "the junta"); ``on`` picks office holders and periods valid on
        that date (without it, the current ones).
        """
        if not text or not text.strip():
            return None
        return self._resolve(text, ranked_focus(focus), on)

    def _resolve_uncached(self, text: str, focus: tuple[str, ...], on: datetime.date | None) -> ActorEntry | None:
        return resolve_ranked(self._index, text, focus, on)

    def countries_in(self, text: str, *, actors: bool = True) -> Counter[str]:
        """Mentions per country in ``text``: country names, demonyms and (``actors``) known
        actors with a country. A fallback ``focus`` for ``resolve`` when a text's places do not
        resolve; without actors, the countries the text itself names."""
        return Counter(self._countries_in(text, actors))  # a copy: the caller may change it

    def _countries_in_uncached(self, text: str, actors: bool) -> Counter[str]:
        return countries_in(self._index, text, actors=actors)

    def patterns(self) -> list[dict[str, Any]]:
        """Token patterns for spaCy's ``span_ruler`` or ``entity_ruler`` (label ``ACTOR``)."""
        if self._patterns is None:
            self._patterns = build_patterns(self._index)
        return list(self._patterns)

    def is_class_entry(self, entry: ActorEntry) -> bool:
        """Whether ``entry`` is a generated class entry ("Civilians (Sudan)", "Military Forces of
        Chad") rather than an entity someone wrote (the IDF is both Israel's military class and
        an entity: not a class entry)."""
        return is_class_entry(self._index, entry)

    def is_demonym(self, word: str) -> bool:
        """Whether ``word`` is a nationality adjective ("Burkinabe", "French")."""
        return alias_key(word) in self._index.demonyms

    def country_name(self, iso3: str) -> str | None:
        return self._index.country_labels.get(iso3)


def _searchable(text: str) -> str:
    return " ".join(tokenize(text))


def _compile(text: str, source: str, extras: Sequence[tuple[str, str]] = ()
             ) -> tuple[ActorIndex, tuple[str, ...]]:
    """The index of the dictionary ``text`` with each user file (text, source) merged over it,
    and the notes of what the user files replaced.

    The index is built after each file, so a fault is blamed on the file that brought it.
    """
    spec = parse_document(_parse_yaml(text, source), source=source)
    index = build_index(spec, source=source)
    merged_source = source
    notes: list[str] = []
    for user_text, user_source in extras:
        merged = merge_user_document(spec, _parse_yaml(user_text, user_source),
                                     source=user_source, base_source=merged_source)
        spec, notes = merged.spec, [*notes, *merged.notes]
        index = build_index(spec, source=user_source)
        merged_source = f"{merged_source} + {user_source}"
    return index, tuple(notes)


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise ActorDictionaryError(f"{source}: not valid YAML: {error}") from error


def _read(path: PathLike | None) -> tuple[str, str]:
    if path is None:
        resource = resources.files("eventwire").joinpath("data", _PACKAGED)
        try:
            return resource.read_text(encoding="utf-8"), f"eventwire/data/{_PACKAGED}"
        except OSError as error:
            raise ActorDictionaryError(
                f"the packaged actor dictionary eventwire/data/{_PACKAGED} cannot be read "
                f"({error}); reinstall eventwire") from error
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8"), str(file)
    except OSError as error:
        raise ActorDictionaryError(f"{file}: cannot read the actor dictionary ({error}); "
                                   "check the path") from error


def _read_user_file(path: PathLike) -> tuple[str, str]:
    file = Path(path).expanduser()
    try:
        return file.read_text(encoding="utf-8"), str(path)
    except OSError as error:
        raise ActorDictionaryError(
            f"{path}: cannot read this actor file ({error}); check the path given to --actors "
            "or in the actor_files setting") from error


@lru_cache(maxsize=4)
def default_actor_dictionary(user_files: tuple[str, ...] = ()) -> ActorDictionary:
    """The packaged dictionary with ``user_files`` merged over it, loaded once per process."""
    return ActorDictionary.load(user_files=user_files)
