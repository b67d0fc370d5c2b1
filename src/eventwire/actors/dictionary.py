"""``ActorDictionary``: load the actor YAML, resolve phrases, build spaCy patterns."""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.actors.cache import cache_key, read_cached, write_cached
from eventwire.actors.index import ActorEntry, ActorIndex, build_index
from eventwire.actors.patterns import build_patterns
from eventwire.actors.resolver import countries_in, resolve
from eventwire.actors.schema import ActorDictionaryError, parse_document

logger = logging.getLogger(__name__)

_PACKAGED = "actors.yaml"
# The C loader parses the ~3,000-line file several times faster than the pure-Python one.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ActorDictionary:
    """Known actors and the rules that map an article's noun phrases onto them."""

    def __init__(self, index: ActorIndex, *, source: str) -> None:
        self._index = index
        self.source = source
        self._patterns: list[dict[str, Any]] | None = None

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, *, cache: bool = True
             ) -> ActorDictionary:
        """Load and check a dictionary; the packaged ``data/actors.yaml`` by default.

        The compiled index is cached on disk (see ``eventwire.actors.cache``) unless
        ``cache`` is False. Raises ``ActorDictionaryError`` naming the entry and the fix
        when the YAML is bad.
        """
        started = time.perf_counter()
        text, source = _read(path)
        key = cache_key(text) if cache else ""
        index = read_cached(key) if cache else None
        if index is None:
            index = _compile(text, source)
            if cache:
                write_cached(key, index)
        logger.debug("loaded %d actor entries from %s in %.0f ms", len(index.entries), source,
                     (time.perf_counter() - started) * 1000)
        return cls(index, source=source)

    def get(self, actor_id: str) -> ActorEntry | None:
        return self._index.entries.get(actor_id)

    def __len__(self) -> int:
        return len(self._index.entries)

    def entries(self) -> list[ActorEntry]:
        return list(self._index.entries.values())

    def resolve(self, text: str, *, focus: Mapping[str, float] | None = None,
                on: datetime.date | None = None) -> ActorEntry | None:
        """The best entry for a noun phrase as written in an article, or None.

        ``focus`` weighs the story's countries (ISO3 -> weight) to settle context-dependent
        phrases ("the army", "the junta"); ``on`` picks office holders and periods valid on
        that date (without it, the current ones).
        """
        if not text or not text.strip():
            return None
        return resolve(self._index, text, focus=focus, on=on)

    def countries_in(self, text: str, *, actors: bool = True) -> Counter[str]:
        """Mentions per country in ``text``: country names, demonyms and (``actors``) known
        actors with a country. A fallback ``focus`` for ``resolve`` when a text's places do not
        resolve; without actors, the countries the text itself names."""
        return countries_in(self._index, text, actors=actors)

    def patterns(self) -> list[dict[str, Any]]:
        """Token patterns for spaCy's ``span_ruler`` or ``entity_ruler`` (label ``ACTOR``)."""
        if self._patterns is None:
            self._patterns = build_patterns(self._index)
        return list(self._patterns)

    def country_name(self, iso3: str) -> str | None:
        return self._index.country_labels.get(iso3)


def _compile(text: str, source: str) -> ActorIndex:
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise ActorDictionaryError(f"{source}: not valid YAML: {error}") from error
    return build_index(parse_document(document, source=source), source=source)


def _read(path: str | os.PathLike[str] | None) -> tuple[str, str]:
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


@lru_cache(maxsize=1)
def default_actor_dictionary() -> ActorDictionary:
    """The packaged dictionary, loaded once per process."""
    return ActorDictionary.load()
