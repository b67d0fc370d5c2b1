"""Fixtures shared by the unit tests."""

import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from postgres_helpers import NO_SERVER, POSTGRES_ENV, empty_postgres, with_database

from eventwire.actors import ActorDictionary
from eventwire.pipeline import STAGES


@pytest.fixture(scope="session")
def actors() -> ActorDictionary:
    """The packaged dictionary, compiled from the YAML without the disk cache, as a fresh load would."""
    return ActorDictionary.load(cache=False)


@pytest.fixture()
def registry() -> Iterator[dict[str, Any]]:
    """Let a test register stages without leaking them into other tests."""
    import eventwire.extract.stages  # noqa: F401  (the default stages, registered on import)

    saved = dict(STAGES)
    yield STAGES
    STAGES.clear()
    STAGES.update(saved)


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    """A blank English pipeline that splits sentences by rule: no statistical model."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank


# --- the store backends: SQLite files and a PostgreSQL test database -------------------------

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the test server for this test run, dropped afterwards. Tests that
    need it empty take ``store_url`` or call :func:`empty_postgres`."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        if os.environ.get("EVENTWIRE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"EVENTWIRE_REQUIRE_POSTGRES=1 but {NO_SERVER}.")
        pytest.skip(NO_SERVER)
    psycopg = pytest.importorskip("psycopg")
    database = f"ew_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        # scripts/start_postgres.sh makes this template: an English ICU collation (so a query
        # that must sort by code point and forgets COLLATE "C" fails here) and PostGIS.
        template = admin.execute(
            "SELECT datname FROM pg_database WHERE datname = 'eventwire_test_template' "
            "AND datistemplate").fetchone()
        clause = f' TEMPLATE "{template[0]}"' if template else ""
        admin.execute(f'CREATE DATABASE "{database}"{clause}')
    try:
        yield with_database(server, database)
    finally:
        try:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        except psycopg.Error as error:  # a leftover database harms no result: say so, go on
            warnings.warn(f"could not drop the test database {database}: {error}", stacklevel=1)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where an empty store of the parametrized kind lives: a file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


