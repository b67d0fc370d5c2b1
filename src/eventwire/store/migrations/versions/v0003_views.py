"""Views for other tools: ACLED-like and POLECAT-like tables over the events (issue 11).

Revision ID: 0003_views
Revises: 0002_merged_events
Create Date: 2026-12-07

``acled_events`` and ``acled_merged_events`` (one row per coded report, or per merged event):
ACLED's column names, for events that happened (asserted or claimed, not background) and have an
ACLED type. ``polecat_events``: POLECAT's fields in snake case, for every factual event.
docs/POSTGRES.md lists every column and how it differs from the original datasets. The code
tables below are frozen here as they were at this revision (eventwire.actors.schema.TYPE_CODES,
the PLOVER 2.0 manual's quad table): a later change of them is a new migration.
"""

from __future__ import annotations

from alembic import op

revision = "0003_views"
down_revision = "0002_merged_events"
branch_labels = None
depends_on = None

# ACLED inter codes by actor type (a state's forces acting abroad are 8: see _inter).
_INTER = {
    "state_military": 1, "police": 1, "government": 1, "rebel_group": 2, "political_militia": 3,
    "identity_militia": 4, "rioters": 5, "protesters": 6, "civilians": 7, "external_forces": 8,
    "international_organisation": 8, "media": 7, "ngo": 7,
}  # fmt: skip
_STATE_TYPES = ("state_military", "police", "government")
# PLOVER sector codes by actor type.
_SECTOR = {
    "state_military": "MIL", "police": "COP", "government": "GOV", "rebel_group": "REB",
    "political_militia": "REB", "identity_militia": "REB", "rioters": "CVL", "protesters": "CVL",
    "civilians": "CVL", "external_forces": "MIL", "international_organisation": "IGO",
    "political_party": "PTY", "media": "JRN", "ngo": "NGO",
}  # fmt: skip
# The PLOVER 2.0 manual's quad table: 1 verbal cooperation, 2 material cooperation, 3 verbal
# conflict, 4 material conflict (its other table lists SANCTION as material; the numeric one wins).
_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
    "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
_FACTUAL = "e.historical = 0 AND e.modality IN ('asserted', 'claimed')"


def _case(column: str, table: dict[str, object]) -> str:
    whens = " ".join(f"WHEN {_literal(key)} THEN {_literal(value)}" for key, value in table.items())
    return f"CASE {column} {whens} END"


def _literal(value: object) -> str:
    return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


def _inter(role: str) -> str:
    state = ", ".join(_literal(name) for name in _STATE_TYPES)
    return (
        f"CASE WHEN e.{role}_type IN ({state}) AND e.{role}_country IS NOT NULL "
        f"AND e.country IS NOT NULL AND e.{role}_country <> e.country THEN 8 "
        f"ELSE {_case(f'e.{role}_type', dict(_INTER))} END"
    )


def _party_names(column: str, dialect: str) -> str:
    """The names (or, for unknown parties, the words) of a JSON list of parties, '; '-joined
    in list order, as ACLED joins associated actors; NULL for none."""
    if dialect == "postgresql":
        return (
            "(SELECT string_agg(COALESCE(p->>'name', p->>'text'), '; ' ORDER BY n) "
            f"FROM jsonb_array_elements({column}::jsonb) WITH ORDINALITY AS t(p, n))"
        )
    return (
        "(SELECT group_concat(COALESCE(json_extract(value, '$.name'), "
        f"json_extract(value, '$.text')), '; ') FROM json_each({column}))"
    )


def _json_texts(column: str, dialect: str) -> str:
    """A JSON list of strings, '; '-joined in list order."""
    if dialect == "postgresql":
        return (
            "(SELECT string_agg(s, '; ' ORDER BY n) "
            f"FROM jsonb_array_elements_text({column}::jsonb) WITH ORDINALITY AS t(s, n))"
        )
    return f"(SELECT group_concat(value, '; ') FROM json_each({column}))"


def _year(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(substr({column}, 1, 4) AS INTEGER)"


def _acled(table: str, dialect: str) -> str:
    merged = table == "merged_events"
    source = _json_texts("e.sources", dialect) if merged else "a.source"
    extra = "e.n_reports AS n_reports, " if merged else "a.url AS url, "
    joined = "" if merged else " JOIN articles a ON a.id = e.article_id"
    return f"""
    SELECT v.*,
           CASE WHEN v.inter1 IS NULL THEN NULL
                WHEN v.inter2 IS NULL THEN v.inter1 * 10
                WHEN v.inter1 <= v.inter2 THEN v.inter1 * 10 + v.inter2
                ELSE v.inter2 * 10 + v.inter1 END AS interaction
    FROM (
        SELECT e.event_id AS event_id_cnty,
               e.date AS event_date,
               {_year("e.date", dialect)} AS year,
               CASE e.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 ELSE 3 END
                   AS time_precision,
               e.acled_event_type AS event_type,
               e.acled_sub_event_type AS sub_event_type,
               COALESCE(e.actor_name, e.actor_text) AS actor1,
               {_party_names("e.co_actors", dialect)} AS assoc_actor_1,
               {_inter("actor")} AS inter1,
               COALESCE(e.recipient_name, e.recipient_text) AS actor2,
               {_party_names("e.co_recipients", dialect)} AS assoc_actor_2,
               {_inter("recipient")} AS inter2,
               e.country AS iso3,
               e.location_admin1 AS admin1,
               e.location_admin2 AS admin2,
               e.location_name AS location,
               e.lat AS latitude,
               e.lon AS longitude,
               e.location_precision AS geo_precision,
               {source} AS source,
               e.evidence_text AS notes,
               COALESCE(e.fatalities, 0) AS fatalities,
               e.event_type AS plover_event_type,
               e.modality AS modality,
               {extra}e.article_id AS article_id
        FROM {table} e{joined}
        WHERE {_FACTUAL} AND e.acled_event_type IS NOT NULL
    ) AS v
    """


def _polecat(dialect: str) -> str:
    parties = []
    for role in ("actor", "recipient"):
        parties.append(f"""
               COALESCE(e.{role}_name, e.{role}_text) AS {role}_name,
               e.{role}_text AS {role}_name_raw,
               e.{role}_id AS {role}_id,
               e.{role}_country AS {role}_country,
               e.{role}_type AS {role}_type,
               {_case(f"e.{role}_type", dict(_SECTOR))} AS {role}_sector,
               e.{role}_affiliation AS {role}_affiliation,
               {_party_names(f"e.co_{role}s", dialect)} AS {role}_others,""")
    return f"""
        SELECT e.event_id AS event_id,
               e.date AS event_date,
               e.date_precision AS date_precision,
               e.event_type AS event_type,
               e.mode AS event_mode,
               {_case("e.event_type", dict(_QUAD))} AS quad_code,
               e.cameo AS cameo,{"".join(parties)}
               e.location_name AS placename,
               e.location_text AS raw_placename,
               e.location_admin2 AS district,
               e.location_admin1 AS province,
               e.country AS country,
               e.lat AS latitude,
               e.lon AS longitude,
               e.geonames_id AS geonames_id,
               e.location_feature AS feature_type,
               e.fatalities AS dead,
               e.injured AS injured,
               e.evidence_text AS event_text,
               e.modality AS modality,
               e.claimed_by AS claimed_by,
               a.source AS source,
               a.date AS publication_date,
               a.url AS url,
               e.article_id AS story_id
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE {_FACTUAL}
    """


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(f"CREATE VIEW acled_events AS {_acled('events', dialect)}")
    op.execute(f"CREATE VIEW acled_merged_events AS {_acled('merged_events', dialect)}")
    op.execute(f"CREATE VIEW polecat_events AS {_polecat(dialect)}")


def downgrade() -> None:
    for view in ("polecat_events", "acled_merged_events", "acled_events"):
        op.execute(f"DROP VIEW {view}")
