"""Bring a store's tables up to date with Alembic, on SQLite and PostgreSQL alike.

The migrations live in ``eventwire/store/migrations`` and build :mod:`eventwire.store.schema`.
A store records its revision in Alembic's ``alembic_version`` table. Stores made before
Alembic managed the schema (SQLite ``PRAGMA user_version`` 1-6, PostgreSQL ``schema_version``
1-2) are adopted in the same transaction: older SQLite layouts are first brought to the
baseline by the steps they always had, then stamped with the matching revision.

After an upgrade the old version markers read :data:`SQLITE_FENCE` and
:data:`POSTGRES_FENCE`, higher than any release before Alembic knew, so an older eventwire
refuses the store ("written by a newer eventwire") rather than misreading it.

PostGIS: on PostgreSQL, every explicit upgrade (``eventwire upgrade``, or opening a store that
needs one) adds a generated ``geom`` point column with a GiST index to ``events`` and
``merged_events`` when the ``postgis`` extension is installed in the database, so a PostGIS
installed later is picked up by the next ``eventwire upgrade``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from eventwire.errors import StoreError

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: The newest migration; a store whose ``alembic_version`` holds it needs no upgrade. (Here, not
#: in eventwire.store.schema, so that opening an up-to-date store never imports SQLAlchemy.)
HEAD = "0004_alerts"
#: Every revision this code knows, oldest first: a store at another one was written by a newer
#: eventwire.
REVISIONS = ("0001_baseline", "0002_merged_events", "0003_views", HEAD)
#: The views for other tools (migration 0003): ACLED-like and POLECAT-like tables.
VIEWS = ("acled_events", "acled_merged_events", "polecat_events")
#: The tables that get a generated PostGIS geometry column when PostGIS is installed.
GEOMETRY_TABLES = ("events", "merged_events")
#: ``PRAGMA user_version`` of an Alembic-managed SQLite store (pre-Alembic releases wrote 1-6).
SQLITE_FENCE = 7
#: ``schema_version.version`` of an Alembic-managed PostgreSQL store (before: 1-2).
POSTGRES_FENCE = 3
# Any constant shared by every eventwire process: serialises upgrades of one PostgreSQL store.
POSTGRES_UPGRADE_LOCK = 0x6576_7769_7265  # "evwire"

# The revision each pre-Alembic layout equals, once brought to it.
_SQLITE_LEGACY_REVISION = {5: "0001_baseline", 6: "0002_merged_events"}
_POSTGRES_LEGACY_REVISION = {1: "0001_baseline", 2: "0002_merged_events"}
# How SQLite stores of schema 1-4 reached schema 5 (the baseline): _SQLITE_LEGACY_STEPS[v]
# turns schema v into v + 1. Kept verbatim: files written by those releases still exist.
_SQLITE_LEGACY_STEPS: dict[int, tuple[str, ...]] = {
    # 2: the admin-1/admin-2 areas of the event's place
    1: (
        "ALTER TABLE events ADD COLUMN location_admin1 TEXT",
        "ALTER TABLE events ADD COLUMN location_admin2 TEXT",
    ),
    # 3: the ACLED-style precision (1-3) of the event's place
    2: ("ALTER TABLE events ADD COLUMN location_precision INTEGER",),
    # 4: the parties' affiliations, and further parties on each side as JSON lists
    3: (
        "ALTER TABLE events ADD COLUMN actor_affiliation TEXT",
        "ALTER TABLE events ADD COLUMN actor_affiliation_id TEXT",
        "ALTER TABLE events ADD COLUMN recipient_affiliation TEXT",
        "ALTER TABLE events ADD COLUMN recipient_affiliation_id TEXT",
        "ALTER TABLE events ADD COLUMN co_actors TEXT",
        "ALTER TABLE events ADD COLUMN co_recipients TEXT",
    ),
    # 5: how the article tells the event and on whose word (issue 6). Stored events were
    # coded before modality existed, so they become what the coder then assumed: asserted.
    4: (
        "ALTER TABLE events ADD COLUMN modality TEXT NOT NULL DEFAULT 'asserted'",
        "ALTER TABLE events ADD COLUMN claimed_by TEXT",
        "ALTER TABLE events ADD COLUMN statement TEXT",
        "ALTER TABLE events ADD COLUMN responsibility TEXT",
        "ALTER TABLE events ADD COLUMN stated_in TEXT",
        (
            "ALTER TABLE events ADD COLUMN call_to_action INTEGER NOT NULL DEFAULT 0 "
            "CHECK (call_to_action IN (0, 1))"
        ),
        (
            "ALTER TABLE events ADD COLUMN call_to_violence INTEGER NOT NULL DEFAULT 0 "
            "CHECK (call_to_violence IN (0, 1))"
        ),
        "ALTER TABLE events ADD COLUMN denial INTEGER NOT NULL DEFAULT 0 CHECK (denial IN (0, 1))",
        "ALTER TABLE events ADD COLUMN figures TEXT",
    ),
}


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    """What ``eventwire upgrade`` did to one store.

    ``legacy_version`` is the pre-Alembic schema number when ``before`` is None; ``geometry``
    lists the tables with a PostGIS ``geom`` column and ``postgis`` whether PostGIS is
    installed (both None on SQLite).
    """

    where: str
    before: str | None
    legacy_version: int | None
    after: str | None
    postgis: bool | None = None
    geometry: tuple[str, ...] | None = None

    def __str__(self) -> str:
        if self.before == self.after:
            lines = [f"The store at {self.where} is already at revision {self.after}."]
        elif self.before is None and not self.legacy_version:
            lines = [f"Created the store's tables at {self.where} (revision {self.after})."]
        else:
            before = self.before or f"none (schema {self.legacy_version or 0})"
            lines = [f"Upgraded the store at {self.where} from revision {before} to {self.after}."]
        if self.postgis is False:
            lines.append(
                "PostGIS: not installed in this database; events keep plain lat/lon columns. To "
                "add point geometry, have an administrator run CREATE EXTENSION postgis, then "
                "run eventwire upgrade again."
            )
        elif self.postgis:
            lines.append(f"PostGIS: geometry column geom (EPSG:4326) with a GiST index on "
                         f"{', '.join(self.geometry or ())}.")
        return "\n".join(lines)


def upgrade_store(location: str | os.PathLike[str]) -> UpgradeReport:
    """Upgrade the store at ``location`` (SQLite path or URL, or PostgreSQL URL) to
    :data:`HEAD`, and on PostgreSQL add PostGIS geometry if PostGIS is installed by now.

    Raises:
        StoreError: no SQLite file there, the server cannot be reached, or the store is newer.
    """
    from eventwire.store.factory import is_database_url, open_store

    if is_database_url(location):
        return _upgrade_postgres_store(str(location))
    path = os.fspath(location).removeprefix("sqlite:///")
    if not os.path.exists(path):
        raise StoreError(f"There is no store at {path}: `eventwire ingest` creates one.")
    with closing(sqlite3.connect(path)) as raw:
        before, legacy = sqlite_revision(raw), _user_version(raw)
    with open_store(path) as store:
        after = store.schema_revision  # type: ignore[attr-defined]
    return UpgradeReport(path, before, legacy, after)


def _upgrade_postgres_store(url: str) -> UpgradeReport:
    import psycopg

    from eventwire.store.postgres import PostgresStore, redact

    where = redact(url)
    try:
        with psycopg.connect(url, autocommit=True) as raw:
            before = postgres_revision(raw)
            check_known(before, where)
            legacy = postgres_legacy_version(raw)
        upgrade_postgres(lambda: psycopg.connect(url))
        with psycopg.connect(url, autocommit=True) as raw:
            geometry = tuple(
                str(row[0]) for row in raw.execute(
                    "SELECT table_name FROM information_schema.columns WHERE column_name = 'geom' "
                    "AND table_schema = current_schema() ORDER BY table_name"))
            installed = raw.execute(
                "SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() is not None
    except psycopg.Error as error:
        raise StoreError(f"Could not upgrade {where}: {redact(str(error).strip())}") from error
    with PostgresStore(url, read_only=True) as store:
        after = store.schema_revision
    return UpgradeReport(where, before, legacy, after, installed, geometry)


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def postgres_legacy_version(connection: Any) -> int | None:
    """The ``schema_version`` of a PostgreSQL store (a psycopg connection): 1-2 before Alembic,
    :data:`POSTGRES_FENCE` after; None without that table."""
    exists = connection.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not next(_values(exists)):
        return None
    row = connection.execute("SELECT version FROM schema_version").fetchone()
    return None if row is None else int(next(_values(row)))


# --- reading the revision (fast: no Alembic, no SQLAlchemy) ----------------------------------


def sqlite_revision(connection: sqlite3.Connection) -> str | None:
    """The Alembic revision of an SQLite store, or None when Alembic never managed it."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if exists is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def postgres_revision(connection: Any) -> str | None:
    """The Alembic revision of a PostgreSQL store (a psycopg connection), or None."""
    exists = connection.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()
    if not next(_values(exists)):
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(next(_values(row)))


def check_known(revision: str | None, where: str) -> None:
    """Refuse a store at a revision this code does not know: a newer eventwire wrote it."""
    if revision is not None and revision not in REVISIONS:
        raise StoreError(
            f"{where} was written by a newer eventwire (store revision {revision}; this version "
            f"knows up to {HEAD}). Upgrade eventwire to use it."
        )


# --- upgrading ---------------------------------------------------------------------------------


def upgrade_sqlite(connection: sqlite3.Connection) -> None:
    """Upgrade the SQLite store open on ``connection`` (autocommit mode) to :data:`HEAD`."""
    import sqlalchemy as sa
    from sqlalchemy.pool import StaticPool

    # SQLAlchemy drives the store's own connection (so ":memory:" works too) and must not
    # close it; BEGIN IMMEDIATE takes the write lock before Alembic reads the revision.
    engine = sa.create_engine("sqlite://", creator=lambda: _Unclosable(connection),
                              poolclass=StaticPool)
    sa.event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    with engine.connect() as sa_connection:
        _run_alembic(sa_connection)


def upgrade_postgres(connect: Callable[[], Any]) -> None:
    """Upgrade the PostgreSQL store that ``connect()`` (a new psycopg connection) opens, to
    :data:`HEAD`, adding PostGIS geometry when the extension is installed."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    engine = sa.create_engine("postgresql+psycopg://", creator=connect, poolclass=NullPool)
    try:
        with engine.connect() as sa_connection:
            _run_alembic(sa_connection)
    finally:
        engine.dispose()


def new_store_sql(dialect: str) -> str:
    """The SQL that creates a store from nothing on ``dialect`` ("sqlite" or "postgresql"), as
    Alembic would run it: for an administrator who creates the tables by hand."""
    return _offline_sql(dialect)


def _run_alembic(sa_connection: Any) -> None:
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    config = _config()
    config.attributes["connection"] = sa_connection
    try:
        with _quiet_alembic():
            command.upgrade(config, "head")
    except DBAPIError as error:
        # The driver's own error, which the store turns into a StoreError that says what to do.
        if isinstance(error.orig, BaseException):
            raise error.orig from error
        raise


def _offline_sql(dialect: str) -> str:
    from alembic import command

    buffer = StringIO()
    config = _config(output_buffer=buffer)
    config.set_main_option("sqlalchemy.url", f"{dialect}://")
    with _quiet_alembic():
        command.upgrade(config, "head", sql=True)
    return buffer.getvalue()


def _config(**kwargs: Any) -> Any:
    from alembic.config import Config

    config = Config(**kwargs)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


# --- called by migrations/env.py inside the upgrade's transaction ------------------------------


def before_migrations(connection: Any, migration_context: Any, script: Any) -> None:
    """Serialise upgraders and adopt a store made before Alembic (same transaction)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_UPGRADE_LOCK:d})")
    if migration_context.get_current_revision() is not None:
        return
    revision = _adopt_sqlite(connection) if connection.dialect.name == "sqlite" else (
        _adopt_postgres(connection))
    if revision is not None:
        migration_context.stamp(script, revision)
        logger.info("Adopted a store made before Alembic as revision %s", revision)


def after_migrations(connection: Any) -> None:
    """Raise the old version markers past every pre-Alembic release; add PostGIS geometry."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA user_version = {SQLITE_FENCE:d}")
        return
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
        "only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row))"
    )
    connection.exec_driver_sql("DELETE FROM schema_version")
    connection.exec_driver_sql(f"INSERT INTO schema_version (version) VALUES ({POSTGRES_FENCE:d})")
    add_postgis_geometry(connection)


def _adopt_sqlite(connection: Any) -> str | None:
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar())
    if version == 0:
        tables = [row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'alembic_version' ORDER BY name")]
        if tables:
            raise StoreError(
                f"it is an SQLite database but not an eventwire store (it has the tables "
                f"{', '.join(tables)}). Give eventwire a new file."
            )
        return None
    if version not in _SQLITE_LEGACY_REVISION and version not in _SQLITE_LEGACY_STEPS:
        raise StoreError(f"An SQLite store of unknown schema {version} cannot be upgraded.")
    for step in range(version, 5):
        for statement in _SQLITE_LEGACY_STEPS[step]:
            connection.exec_driver_sql(statement)
    return _SQLITE_LEGACY_REVISION[max(version, 5)]


def _adopt_postgres(connection: Any) -> str | None:
    if connection.exec_driver_sql("SELECT to_regclass('schema_version')").scalar() is None:
        clashing = [row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM unnest(ARRAY['articles', 'events']) AS name "
            "WHERE to_regclass(name) IS NOT NULL ORDER BY name")]
        if clashing:
            raise StoreError(
                f"the database has tables named {', '.join(clashing)} but no eventwire "
                "schema_version: it is not an eventwire store. Give eventwire a new database "
                "(or a URL with another schema in its search_path)."
            )
        return None
    version = connection.exec_driver_sql("SELECT version FROM schema_version").scalar()
    if version is None:
        return None
    if int(version) not in _POSTGRES_LEGACY_REVISION:
        raise StoreError(f"A PostgreSQL store of unknown schema {version} cannot be upgraded.")
    return _POSTGRES_LEGACY_REVISION[int(version)]


def postgis_schema(connection: Any) -> str | None:
    """The schema the ``postgis`` extension is installed in, in this database, or None."""
    found = connection.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'postgis'"
    )
    schema = found.scalar()
    return None if schema is None else str(schema)


def add_postgis_geometry(connection: Any) -> list[str]:
    """Add ``geom`` (a point in WGS 84, computed from lat/lon) and its GiST index to the event
    tables that lack it, when PostGIS is installed; returns the tables changed."""
    schema = postgis_schema(connection)
    if schema is None:
        return []
    # Qualified: the store's own schema (its search_path) need not include PostGIS's.
    gis = '"' + schema.replace('"', '""') + '".'

    changed = []
    for table in GEOMETRY_TABLES:
        has_geom = connection.exec_driver_sql(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            f"AND table_name = '{table}' AND column_name = 'geom'"
        ).scalar()
        if has_geom:
            continue
        # Generated and stored: every writer's rows get it, and no writer needs to know.
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN geom {gis}geometry(Point, 4326) GENERATED ALWAYS "
            f"AS ({gis}ST_SetSRID({gis}ST_MakePoint(lon, lat), 4326)) STORED"
        )
        connection.exec_driver_sql(f"CREATE INDEX {table}_geom ON {table} USING GIST (geom)")
        changed.append(table)
    if changed:
        logger.info("Added PostGIS geometry columns to %s", ", ".join(changed))
    return changed


# --- plumbing ----------------------------------------------------------------------------------


class _Unclosable:
    """The store's sqlite3 connection as SQLAlchemy's pool sees it: closing it does nothing,
    since the store keeps using it after the upgrade."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def _values(row: Any) -> Iterator[Any]:
    """A row's values, whether psycopg gave a tuple or a dict."""
    return iter(row.values()) if isinstance(row, dict) else iter(row)


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic logs every step at INFO; a store opening should not print them."""
    alembic_logger = logging.getLogger("alembic")
    level = alembic_logger.level
    alembic_logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        alembic_logger.setLevel(level)
