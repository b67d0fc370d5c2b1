"""The API's one write: ``POST /api/ingest``, on only when the server is started with a token.

Articles arrive as JSON objects with the fields of a JSON Lines input line; they are coded and
saved exactly as ``eventwire ingest`` would (:func:`eventwire.jobs.ingest_records`): an article
already stored with the same content is not coded again, and a bad record is rejected with its
position and reason while the others are saved.
"""

# No `from __future__ import annotations`: FastAPI reads the route's annotations at run time.
import hmac
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from eventwire.api.limits import ApiLimits
from eventwire.errors import ConfigError
from eventwire.jobs import ingest_records
from eventwire.store import open_store

#: Shorter tokens are refused: the token is the only thing between the network and the store.
MIN_TOKEN_LENGTH = 16
TOKEN_VARIABLE = "EVENTWIRE_API_TOKEN"


@dataclass(frozen=True)
class IngestAccess:
    """Turns ingest on: the bearer token a request must carry, the coder to code with
    (anything with ``code_many``, normally :meth:`eventwire.pipeline.Coder.default`), and
    whether new reports are merged into events across articles, as ``eventwire ingest`` does."""

    token: str
    coder: Any
    merge: bool = True

    def __post_init__(self) -> None:
        if len(self.token) < MIN_TOKEN_LENGTH:
            raise ConfigError(
                f"The ingest token must be at least {MIN_TOKEN_LENGTH} characters long; make "
                f"one with `python -c 'import secrets; print(secrets.token_urlsafe())'` and "
                f"put it in {TOKEN_VARIABLE}."
            )

    def __repr__(self) -> str:  # never print the token
        return f"IngestAccess(token=<{len(self.token)} characters>, coder={self.coder!r})"


class IngestRequest(BaseModel):
    """Articles to code and store, each ``{"text", "date"?, "id"?, "title"?, "source"?,
    "url"?}`` as on a line of a JSON Lines input file."""

    articles: list[Any] = Field(min_length=1)


_bearer = HTTPBearer(auto_error=False, description=f"The token in {TOKEN_VARIABLE}.")


def add_ingest_route(app: FastAPI, db: str, limits: ApiLimits,
                     access: IngestAccess | None) -> None:
    """``POST /api/ingest`` into the store ``db`` (a file path, ``sqlite:///`` or
    ``postgresql://`` URL), opened writable for each request: with ``access``, codes and
    stores; without, always 403."""
    if access is None:
        @app.post("/api/ingest", include_in_schema=False)
        def ingest_off() -> None:
            raise HTTPException(
                status_code=403,
                detail="Ingest is off: this server is read-only. Start it with "
                       f"`eventwire serve --allow-ingest` and a token in {TOKEN_VARIABLE}.",
            )
        return

    one_at_a_time = threading.Lock()  # the coder's NLP pipeline is not made for threads

    def authorised(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if credentials is None or not hmac.compare_digest(
            credentials.credentials.encode(), access.token.encode()
        ):
            raise HTTPException(
                status_code=401, headers={"WWW-Authenticate": "Bearer"},
                detail="Ingest needs the server's token: send `Authorization: Bearer TOKEN`.",
            )
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > limits.ingest_bytes:
            raise HTTPException(
                status_code=413,
                detail=f"The request has {int(size)} bytes, more than the limit of "
                       f"{limits.ingest_bytes}; send the articles in smaller requests.",
            )

    @app.post("/api/ingest", dependencies=[Depends(authorised)])
    def ingest(body: IngestRequest) -> dict[str, Any]:
        """Code the articles and store their events; already stored ones are skipped."""
        if len(body.articles) > limits.ingest_articles:
            raise ConfigError(
                f"The request has {len(body.articles)} articles, more than the limit of "
                f"{limits.ingest_articles} per request; send them in smaller requests."
            )
        with one_at_a_time, open_store(db) as store:
            report = ingest_records(body.articles, store, coder=access.coder,
                                    merge=access.merge)
        saved = report.saved
        return {
            "received": len(body.articles),
            "rejected": [{"article": rejection.line, "reason": rejection.reason}
                         for rejection in report.summary.rejections],
            "already_stored": report.already_stored,
            "inserted": saved.articles_inserted,
            "replaced": saved.articles_replaced,
            "events_written": saved.events_written,
            "merged_events": report.merge.merged_events if report.merge else None,
        }
