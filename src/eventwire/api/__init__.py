"""The JSON API and dashboard over the event store (the ``api`` extra: FastAPI, uvicorn).

``create_app(db_path)`` returns the FastAPI app; ``serve(db_path, host=..., port=...)`` runs it
with uvicorn (``eventwire serve``). Importing this package needs neither: each function checks
for its dependency and raises :class:`~eventwire.errors.MissingDependencyError` with the
install command when it is missing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from eventwire.api.limits import ApiLimits
from eventwire.errors import MissingDependencyError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from eventwire.api.ingest import IngestAccess

FEATURE = "The web API (eventwire serve)"


def require_fastapi() -> None:
    """Raise MissingDependencyError, naming the install command, if FastAPI is missing."""
    try:
        import fastapi  # noqa: F401
    except ImportError as error:
        raise MissingDependencyError(FEATURE, "fastapi", "api") from error


def create_app(db_path: str | os.PathLike[str], *, limits: ApiLimits | None = None,
               ingest: IngestAccess | None = None) -> FastAPI:
    """The API and dashboard over the store at ``db_path``, opened read-only for each request.

    With ``ingest`` (a token and a coder), ``POST /api/ingest`` codes and stores articles for
    requests that carry the token; without, the app never writes.

    Raises:
        MissingDependencyError: FastAPI is not installed.
        InputError: ``db_path`` does not exist.
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


__all__ = ["ApiLimits", "create_app", "require_fastapi", "serve"]
