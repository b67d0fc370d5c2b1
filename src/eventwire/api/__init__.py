"""The JSON API and dashboard over the event store (the ``api`` extra: FastAPI, uvicorn).

``create_app(db)`` returns the FastAPI app; ``serve(db, host=..., port=...)`` runs it with
uvicorn (``eventwire serve``). ``db`` is an SQLite file (a path or ``sqlite:///`` URL) or a
PostgreSQL database (``postgresql://user:password@host/database``). Importing this package
needs neither FastAPI nor uvicorn: each function checks for its dependency and raises
:class:`~eventwire.errors.MissingDependencyError` with the install command when it is missing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, cast

from eventwire.api.limits import ApiLimits
from eventwire.errors import MissingDependencyError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from eventwire.api.ingest import IngestAccess
    from eventwire.store import SQLStore

FEATURE = "The web API (eventwire serve)"


def require_fastapi() -> None:
    """Raise MissingDependencyError, naming the install command, if FastAPI is missing."""
    try:
        import fastapi  # noqa: F401
    except ImportError as error:
        raise MissingDependencyError(FEATURE, "fastapi", "api") from error


def create_app(db_path: str | os.PathLike[str], *, limits: ApiLimits | None = None,
               ingest: IngestAccess | None = None) -> FastAPI:
    """The API and dashboard over the store ``db_path`` (a file path, ``sqlite:///`` or
    ``postgresql://`` URL), opened read-only for each request.

    With ``ingest`` (a token and a coder), ``POST /api/ingest`` codes and stores articles for
    requests that carry the token; without, the app never writes.

    Raises:
        MissingDependencyError: FastAPI is not installed.
        InputError: ``db_path`` is a file that does not exist.
        StoreError: it is not a readable eventwire store of the current schema.
    """
    require_fastapi()
    from eventwire.api.app import build_app

    return build_app(os.fspath(db_path), limits or ApiLimits(), ingest)


def serve(db_path: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 8000,
          limits: ApiLimits | None = None, ingest: IngestAccess | None = None,
          **uvicorn_options: Any) -> None:
    """Serve :func:`create_app` with uvicorn until interrupted."""
    app = create_app(db_path, limits=limits, ingest=ingest)
    try:
        import uvicorn
    except ImportError as error:
        raise MissingDependencyError(FEATURE, "uvicorn", "api") from error
    uvicorn.run(app, host=host, port=port, **uvicorn_options)


def open_reader(db: str, limits: ApiLimits) -> SQLStore:
    """The store ``db`` as every read route opens it for one request: read-only, each statement
    stopped after ``limits.query_seconds``. The caller closes it (``with``)."""
    from eventwire.store import open_store

    # Both backends run SQL; open_store is only typed by the narrower EventStore.
    return cast("SQLStore", open_store(db, read_only=True, time_limit=limits.query_seconds))


__all__ = ["ApiLimits", "create_app", "open_reader", "require_fastapi", "serve"]
