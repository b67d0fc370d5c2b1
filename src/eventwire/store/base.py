"""The store interface every backend implements, and the records it speaks in.

Backends (SQLite today, PostgreSQL later) implement :class:`EventStore`; callers depend on the
protocol only, so a test can hand in a fake and the CLI never names a backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

from eventwire.errors import ConfigError
from eventwire.model import FACTUAL_MODALITIES, Article, Event, Modality, PloverType
from eventwire.store.dialect import Dialect

_ISO3 = re.compile(r"^[A-Z]{3}$")
#: The word that stands for the modalities counted as events that happened.
FACTUAL = "factual"


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What one :meth:`EventStore.save` call did. Results add up across batches with ``+``."""

    articles_inserted: int = 0
    articles_replaced: int = 0
    articles_unchanged: int = 0
    events_written: int = 0

    def __add__(self, other: SaveResult) -> SaveResult:
        return SaveResult(
            self.articles_inserted + other.articles_inserted,
            self.articles_replaced + other.articles_replaced,
            self.articles_unchanged + other.articles_unchanged,
            self.events_written + other.events_written,
        )


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read. Every criterion given must hold; an unset one matches everything.

    ``date_from``/``date_to`` are inclusive and compare the event's resolved date (the first day
    of its period), so undated events drop out once either is set. ``actor`` and ``text`` are
    case-insensitive substrings: ``actor`` of the name or mention of the actor, the recipient
    or any co-party (``Event.co_actors``/``co_recipients``), ``text`` of the evidence sentence.
    ``country`` is the ISO alpha-3 code of the location. ``modalities`` keeps events told in
    any of these ways (:class:`~eventwire.model.Modality` values, any case); the word
    ``"factual"`` stands for asserted and claimed, the events that happened. Each of
    ``call_to_action``, ``call_to_violence`` and ``denial``, when True, keeps only the events
    with that flag.

    Raises:
        ConfigError: an unknown event type or modality, a country that is not three letters,
            or ``date_from`` after ``date_to``.
    """

    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    actor: str | None = None
    country: str | None = None
    text: str | None = None
    include_historical: bool = True
    article_id: str | None = None
    modalities: tuple[str, ...] = ()
    call_to_action: bool = False
    call_to_violence: bool = False
    denial: bool = False

    def __post_init__(self) -> None:
        # Frozen, so normalised values are set through object.__setattr__, once.
        object.__setattr__(self, "event_types", _check_event_types(self.event_types))
        object.__setattr__(self, "modalities", _check_modalities(self.modalities))
        if self.country is not None:
            object.__setattr__(self, "country", _check_country(self.country))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ConfigError(
                f"The date range is empty: date_from {self.date_from} is after "
                f"date_to {self.date_to}. Swap them or drop one."
            )


def _check_event_types(types: Iterable[str]) -> tuple[str, ...]:
    if isinstance(types, str):  # one type given bare; iterating it would yield letters
        types = (types,)
    checked = []
    for name in types:
        key = str(name).strip().upper()
        if key not in PloverType.__members__:
            valid = ", ".join(PloverType.__members__)
            raise ConfigError(f"Unknown event type {name!r}. Use one of: {valid}.")
        checked.append(key)
    return tuple(checked)


def _check_modalities(modalities: Iterable[str]) -> tuple[str, ...]:
    """The modality values asked for, lower-cased, ``factual`` expanded, each once, in order."""
    if isinstance(modalities, str):  # as for event types: one value given bare
        modalities = (modalities,)
    checked: dict[str, None] = {}  # a dict keeps the order and drops repeats
    for name in modalities:
        key = str(name).strip().lower()
        if key == FACTUAL:
            checked.update(dict.fromkeys(m.value for m in Modality if m in FACTUAL_MODALITIES))
        elif key in {m.value for m in Modality}:
            checked[key] = None
        else:
            valid = ", ".join([*(m.value for m in Modality), FACTUAL])
            raise ConfigError(
                f"Unknown modality {name!r}. Use one of: {valid} ('{FACTUAL}' is asserted and "
                "claimed together)."
            )
    return tuple(checked)


def _check_country(country: str) -> str:
    code = country.strip().upper()
    if not _ISO3.match(code):
        raise ConfigError(
            f"Country {country!r} is not an ISO 3166 alpha-3 code; use three letters, e.g. 'SDN'."
        )
    return code


@runtime_checkable
class EventStore(Protocol):
    """Where coded articles and their events are kept. Usable as a context manager."""

    def known_articles(self, ids: Iterable[str]) -> dict[str, str]:
        """The ``content_hash`` stored for each of ``ids`` that is already in the store."""
        ...

    def save(self, batch: Sequence[tuple[Article, Sequence[Event]]]) -> SaveResult:
        """Store a batch of articles with their events, all or nothing.

        An article stored with the same content hash is left alone; one with a different hash
        is replaced together with all its events.
        """
        ...

    def events(
        self, flt: EventFilter | None = None, *, limit: int | None = None
    ) -> Iterator[Event]:
        """Stream the matching events, oldest first, undated last."""
        ...

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or ``None``."""
        ...

    def article_ids(self) -> list[str]:
        """The ids of every stored article, in id order."""
        ...

    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many events match ``flt``."""
        ...

    def count_articles(self) -> int:
        """How many articles are stored."""
        ...

    def close(self) -> None:
        """Release the backend's resources; safe to call twice."""
        ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@runtime_checkable
class SQLStore(EventStore, Protocol):
    """A store that also runs SQL: both :class:`~eventwire.store.sqlite.SQLiteStore` and
    :class:`~eventwire.store.postgres.PostgresStore`. The merges, the API's queries, alerts and
    signals use it, with SQL in SQLite's form (see :mod:`eventwire.store.dialect`)."""

    dialect: Dialect

    def read(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any]:
        """The rows of one SELECT with ``?``/``:name`` placeholders; rows index by position
        and by column name."""
        ...

    def read_events(
        self, columns: str, flt: EventFilter | None = None, *, also: str = "", tail: str = "",
        params: Sequence[Any] = (), table: str = "events",
    ) -> Sequence[Any]:
        """``SELECT columns FROM table`` (events or merged_events) restricted by ``flt`` and the
        condition ``also``, then ``tail``; ``params`` bind the ``?`` of ``also`` and ``tail``."""
        ...

    def has_table(self, name: str) -> bool:
        """Whether the database has a table or view of this name."""
        ...

    def writing(self) -> AbstractContextManager[Any]:
        """One write transaction; the connection it gives has ``execute`` and
        ``executemany`` taking SQLite-style SQL, and commits when the block ends."""
        ...
