"""Schemathesis fuzzes every operation of the API's OpenAPI schema, ingest included, with
requests generated from it (valid and invalid): no request may get a server error, and every
answer must be JSON that the schema allows. Runs in-process over ASGI against a small store.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)
from test_api_views import TOKEN, ProtestCoder, daily_report, located_corpus, merge_by_hand

from eventwire.api import create_app
from eventwire.api.ingest import IngestAccess
from eventwire.store import SQLiteStore


def _build_schema() -> tuple[Any, Path]:
    # Built at import: schemathesis makes one test per operation at collection time, and its
    # fixture-based loader does not work with this pytest (AttributeError on _nodeid).
    folder = Path(tempfile.mkdtemp(prefix="eventwire-schemathesis-"))
    with SQLiteStore(folder / "events.db") as store:
        # merged events too, so that `merged=true` and the event's merged group have rows
        store.save([*located_corpus(), daily_report()])
        merge_by_hand(store)
    app = create_app(folder / "events.db", ingest=IngestAccess(TOKEN, ProtestCoder()))
    return schemathesis.openapi.from_asgi("/openapi.json", app), folder


schema, _store_folder = _build_schema()


@pytest.fixture(scope="module", autouse=True)
def _remove_the_store() -> Iterator[None]:
    yield
    shutil.rmtree(_store_folder, ignore_errors=True)


@pytest.mark.e2e
@schema.parametrize()
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_no_request_gets_a_server_error(case: Any) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
    case.call_and_validate(
        headers=headers,
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
    )
