"""The FastAPI app: thin routes over :mod:`eventwire.store.query`, one JSON error shape.

The store is an SQLite file (a path or ``sqlite:///`` URL) or a PostgreSQL database
(``postgresql://`` URL). Every route opens it read-only for the request and closes it after:
SQLite connections are cheap, belong to one thread, and a fresh one sees what an ingest
committed meanwhile. On PostgreSQL that is one connection per request too, which costs a
connection set-up (a few milliseconds on the same host) but holds no connection while idle and
needs no pool; each statement reads a snapshot, so an ingest never blocks a request.
Every error, FastAPI's own included, is answered as ``{"error": {"status", "message"}}``.
Messages name a PostgreSQL store by its URL without the password.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time,
# and the page-size types are local to _add_routes, where a string could not be resolved.
import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from eventwire import __version__
from eventwire.api import open_reader
from eventwire.api.alerts import add_alert_routes
from eventwire.api.ingest import IngestAccess, add_ingest_route
from eventwire.api.limits import ApiLimits
from eventwire.dedup.fields import MergedEvent
from eventwire.errors import ConfigError, InputError, QueryTooCostlyError, StoreError
from eventwire.model import Article, Event
from eventwire.store import is_database_url, open_store, query
from eventwire.store.base import EventFilter, SQLStore
from eventwire.store.upgrade import HEAD as SCHEMA_REVISION

logger = logging.getLogger(__name__)

#: The dashboard's page, script, styles and basemap (package data).
STATIC_DIR = Path(__file__).parent / "static"


def build_app(db: str, limits: ApiLimits, ingest: IngestAccess | None = None) -> FastAPI:
    """The app over the store ``db`` (a file path, ``sqlite:///`` or ``postgresql://`` URL);
    see :func:`eventwire.api.create_app`."""
    _check_store(db)
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Read-only access to coded articles and events, and aggregates of them; "
                    "the dashboard at /.",
    )
    _add_error_handlers(app)
    _add_routes(app, db, limits)
    add_ingest_route(app, db, limits, ingest)
    add_alert_routes(app, db, limits)
    _add_dashboard(app)
    return app


def _add_dashboard(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def _check_store(db: str) -> None:
    # Only a file can be looked for; a database server answers when it is opened below.
    if not is_database_url(db) and not Path(db.removeprefix("sqlite:///")).exists():
        raise InputError(
            f"The store {db} does not exist; create it with `eventwire ingest PATH --db {db}`."
        )
    open_store(db, read_only=True).close()  # fails now, not on the first request


# --- errors -------------------------------------------------------------------------------


def error_response(status: int, message: str,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The one error shape of the API."""
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status,
                        headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        return error_response(error.status_code, str(error.detail), error.headers)

    async def invalid_request(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return error_response(422, describe_validation_errors(error.errors()))

    async def bad_setting(_request: Request, error: Exception) -> JSONResponse:
        return error_response(422, str(error))

    async def too_costly(_request: Request, error: Exception) -> JSONResponse:
        return error_response(422, str(error))

    async def store_failed(_request: Request, error: Exception) -> JSONResponse:
        logger.error("Store error: %s", error)
        return error_response(503, f"The event store could not be read: {error}")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(ConfigError, bad_setting)
    app.add_exception_handler(QueryTooCostlyError, too_costly)  # a subclass: found first
    app.add_exception_handler(StoreError, store_failed)


def describe_validation_errors(errors: Sequence[Any]) -> str:
    """FastAPI's validation errors as one sentence per bad parameter, e.g.
    ``query parameter 'limit': Input should be less than or equal to 500``."""
    parts = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        where = f"{location[0]} parameter '{'.'.join(location[1:])}'" if location else "request"
        value = error.get("input")
        shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
        parts.append(f"{where}: {error.get('msg', 'invalid')}{shown}")
    return "Bad request: " + "; ".join(parts) + "."


def _not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"{what} is not in the store.")


# --- parameters ---------------------------------------------------------------------------


def event_filter(
    date_from: Annotated[date | None, Query(alias="from", description="First day, YYYY-MM-DD.")]
    = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day, YYYY-MM-DD.")] = None,
    event_types: Annotated[
        list[str], Query(alias="type", description="PLOVER event type (repeatable).")
    ] = [],  # noqa: B006 - FastAPI copies defaults; a list is how it declares a repeatable one
    actor: Annotated[
        str | None, Query(description="Actor or recipient name or mention contains this.")
    ] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-3 code, e.g. SDN.")] = None,
    text: Annotated[str | None, Query(description="Evidence contains this text.")] = None,
    modalities: Annotated[
        list[str],
        Query(alias="modality", description="How the event is told (repeatable); 'factual' is "
              "asserted and claimed."),
    ] = [],  # noqa: B006
    factual: Annotated[bool, Query(description="Only events told as having happened.")] = False,
    call_to_action: bool = False,
    call_to_violence: bool = False,
    denial: bool = False,
    no_historical: Annotated[bool, Query(description="Leave out background events.")] = False,
    article: Annotated[str | None, Query(description="Only this article's events.")] = None,
) -> EventFilter:
    """The filters of ``eventwire events``, as query parameters; ConfigError (422) when bad."""
    return EventFilter(
        date_from=date_from, date_to=date_to, event_types=tuple(event_types), actor=actor,
        country=country, text=text, include_historical=not no_historical, article_id=article,
        # factual adds to any modality given, as on the command line
        modalities=(*modalities, "factual") if factual else tuple(modalities),
        call_to_action=call_to_action, call_to_violence=call_to_violence, denial=denial,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
# Not a filter but what is counted, so kept out of EventFilter: the same filters apply to both.
Merged = Annotated[
    bool,
    Query(description="Count the events merged across articles (one per happening, as "
          "/api/merged lists them) instead of the reports; empty until a merge has run."),
]


# --- routes -------------------------------------------------------------------------------


def _add_routes(app: FastAPI, db: str, limits: ApiLimits) -> None:
    def reader() -> SQLStore:
        return open_reader(db, limits)

    PageSize = Annotated[
        int, Query(ge=1, le=limits.max_page_size, description="Items per page.")
    ]
    Offset = Annotated[
        int, Query(ge=0, le=limits.max_offset, description="Items to skip.")
    ]
    Buckets = Annotated[
        int, Query(ge=1, le=limits.max_buckets, description="At most this many rows.")
    ]

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        """Whether the store can be read, and how much it holds."""
        with reader() as store:
            return {"status": "ok", "version": __version__, "schema": SCHEMA_REVISION,
                    "articles": store.count_articles(), "events": store.count_events(),
                    "merged_events": query.count_merged(store)}

    @app.get("/api/articles")
    def articles(limit: PageSize = limits.page_size, offset: Offset = 0) -> dict[str, Any]:
        """Stored articles without their text, oldest first, with their event counts."""
        with reader() as store:
            return page_json(query.article_page(store, limit=limit, offset=offset), asdict)

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        """One article with its text and its events."""
        with reader() as store:
            found = store.article(article_id)
            if found is None:
                raise _not_found(f"Article {article_id!r}")
            events = query.article_events(store, article_id)
        return {**article_json(found), "events": [event.to_dict() for event in events]}

    @app.get("/api/events")
    def events(flt: Filter, limit: PageSize = limits.page_size,
               offset: Offset = 0) -> dict[str, Any]:
        """The events matching the filters, oldest first (undated last)."""
        with reader() as store:
            return page_json(query.event_page(store, flt, limit=limit, offset=offset),
                             Event.to_dict)

    @app.get("/api/merged")
    def merged(flt: Filter, limit: PageSize = limits.page_size,
               offset: Offset = 0) -> dict[str, Any]:
        """Events merged across articles (one per happening), with their reports and sources;
        the filters apply to the merged fields."""
        with reader() as store:
            return page_json(query.merged_page(store, flt, limit=limit, offset=offset),
                             MergedEvent.to_dict)

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        """One event, the article it was coded from, where its evidence is in the text, and
        the merged event it is a report of (null before a merge)."""
        with reader() as store:
            found = query.find_event(store, event_id)
            group = query.merged_group(store, event_id) if found else None
        if found is None:
            raise _not_found(f"Event {event_id!r}")
        return {**event_detail_json(*found), "merged": merged_group_json(group)}

    @app.get("/api/aggregates/{by}")
    def aggregates(by: str, flt: Filter, limit: Buckets = limits.buckets,
                   merged: Merged = False) -> dict[str, Any]:
        """Events and fatalities grouped by day, week, type, actor, country or admin1."""
        with reader() as store:
            buckets = query.aggregate(store, by, flt, limit=limit, merged=merged)
        return {"by": by, "buckets": [asdict(bucket) for bucket in buckets]}

    @app.get("/api/timeline")
    def timeline(flt: Filter, interval: Annotated[str, Query(description="day or week.")] = "week",
                 limit: Buckets = limits.buckets, merged: Merged = False) -> dict[str, Any]:
        """Events per day or week (keyed by its Monday) and event type, in date order."""
        with reader() as store:
            found = query.timeline(store, interval, flt, limit=limit, merged=merged)
        return {"interval": found.interval, "types": list(found.types),
                "buckets": [asdict(period) for period in found.periods],
                "truncated": found.truncated}

    @app.get("/api/places")
    def places(flt: Filter, limit: Buckets = limits.buckets,
               merged: Merged = False) -> dict[str, Any]:
        """Events and fatalities per place with coordinates, most events first."""
        with reader() as store:
            found = query.places(store, flt, limit=limit, merged=merged)
        return {"places": [asdict(place) for place in found.places], "unplaced": found.unplaced}

    @app.get("/api/actors")
    def actors(flt: Filter, limit: Buckets = limits.buckets,
               merged: Merged = False) -> dict[str, Any]:
        """Who acts on whom: events and fatalities per actor, recipient and event type."""
        with reader() as store:
            links = query.actor_links(store, flt, limit=limit, merged=merged)
        return {"links": [asdict(link) for link in links]}


# --- JSON ---------------------------------------------------------------------------------


def page_json(page: query.Page[Any], item_json: Any) -> dict[str, Any]:
    return {"items": [item_json(item) for item in page.items], "total": page.total,
            "limit": page.limit, "offset": page.offset}


def article_json(article: Article) -> dict[str, Any]:
    return {"id": article.id, "date": article.date, "title": article.title,
            "source": article.source, "url": article.url, "text": article.text}


def merged_group_json(group: query.MergedGroup | None) -> dict[str, Any] | None:
    """The merged event of a report: its id, and each report's id, article, outlet and day."""
    if group is None:
        return None
    # n_reports counts articles, as a merged event's does: an article may tell it twice
    articles = {report.article_id or report.event_id for report in group.reports}
    return {"merged_id": group.merged_id, "n_reports": len(articles),
            "reports": [asdict(report) for report in group.reports]}


def event_detail_json(event: Event, article: Article) -> dict[str, Any]:
    evidence = event.evidence
    return {
        "event": event.to_dict(),
        "article": article_json(article),
        # the evidence as a view into the article's text: what a reader highlights
        "evidence": {"start": evidence.start, "end": evidence.end,
                     "text": article.text[evidence.start:evidence.end]},
    }
