"""A disk cache of the compiled actor index, so loading stays well under 100 ms.

Parsing the YAML and building the index takes ~150 ms; reading the cache takes a few. The
cache key hashes the YAML texts (the packaged file and a user's own files, in order) and the
source of the modules that build the index, so an edit to any of them rebuilds it. The file holds only plain values (``marshal``), never code.
Set ``EVENTWIRE_CACHE_DIR`` to move it; any failure to read or write it only logs.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.actors import index as index_module
from eventwire.actors import lexicon, schema, user_files
from eventwire.actors.index import ActorEntry, ActorIndex, Office
from eventwire.actors.schema import HolderSpec
from eventwire.cache import cache_dir

logger = logging.getLogger(__name__)

_FORMAT = 4  # 2: the user files' merge notes are kept beside the index; 3: acronym-only keys case-sensitive; 4: class heads and irregular plurals changed (hitman)


def cache_key(*texts: str) -> str:
    """A key for the index compiled from ``texts``: the dictionary, then each user file."""
    digest = hashlib.sha256(f"{_FORMAT}\n".encode())
    for module in (index_module, lexicon, schema, user_files):
        digest.update(Path(str(module.__file__)).read_bytes())
    for text in texts:
        data = text.encode("utf-8")
        # the length first, so two files can never hash like one file split differently
        digest.update(f"{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()[:24]


def read_cached(key: str) -> tuple[ActorIndex, tuple[str, ...]] | None:
    """The cached index and the notes of its user files' merge, or None."""
    path = cache_dir() / f"actors-{key}.marshal"
    try:
        state = marshal.loads(path.read_bytes())
        return _from_state(state), tuple(state["notes"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, TypeError, KeyError) as error:
        logger.warning("ignoring unreadable actor index cache %s (%s)", path, error)
        return None


def write_cached(key: str, index: ActorIndex, notes: tuple[str, ...] = ()) -> None:
    folder = cache_dir()
    path = folder / f"actors-{key}.marshal"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps({**_to_state(index), "notes": list(notes)}))
        partial.replace(path)  # atomic, so a parallel reader never sees half a file
    except OSError as error:
        logger.info("could not write the actor index cache %s (%s)", path, error)


def _day(value: date | None) -> int | None:
    return value.toordinal() if value else None


def _undays(value: int | None) -> date | None:
    return date.fromordinal(value) if value is not None else None


def _to_state(index: ActorIndex) -> dict[str, Any]:
    entries = [
        (e.id, e.name, e.type, e.country, e.parent, e.wikidata, e.acled_inter, e.sector, e.role,
         e.armed_wing_of, _day(e.valid_from), _day(e.valid_to))
        for e in index.entries.values()
    ]
    offices = {
        title: {country: (o.id, o.name, o.country,
                          [(h.actor, _day(h.start), _day(h.end)) for h in o.holders])
                for country, o in by_country.items()}
        for title, by_country in index.offices.items()
    }
    return {
        "entries": entries, "offices": offices, "aliases": index.aliases,
        "context_aliases": index.context_aliases, "classes": index.classes,
        "demonyms": index.demonyms, "people": index.people,
        "country_names": index.country_names, "country_labels": index.country_labels,
        "armed_wings": index.armed_wings, "surface": index.surface,
        "persons": index.persons, "case_sensitive": index.case_sensitive,
    }


def _from_state(state: dict[str, Any]) -> ActorIndex:
    index = ActorIndex(
        aliases=state["aliases"], context_aliases=state["context_aliases"],
        classes=state["classes"], demonyms=state["demonyms"], people=state["people"],
        country_names=state["country_names"], country_labels=state["country_labels"],
        armed_wings=state["armed_wings"], surface=state["surface"], persons=state["persons"],
        case_sensitive=state["case_sensitive"],
    )
    for row in state["entries"]:
        # the first ten fields, then the two dates stored as day numbers
        entry = ActorEntry(*row[:10], valid_from=_undays(row[10]), valid_to=_undays(row[11]))  # type: ignore[misc]
        index.entries[entry.id] = entry
    for title, by_country in state["offices"].items():
        index.offices[title] = {
            country: Office(office_id, name, office_country,
                            tuple(HolderSpec(a, _undays(s), _undays(e)) for a, s, e in holders))
            for country, (office_id, name, office_country, holders) in by_country.items()
        }
    return index
