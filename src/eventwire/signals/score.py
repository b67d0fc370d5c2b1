"""The escalation score: how much conflict an area saw in a week, as one number.

Definition (docs/SIGNALS.md): for one area and one ISO week,

    score = sum over factual events of WEIGHTS[event type] + FATALITY_WEIGHT * log1p(fatalities)

where ``fatalities`` is the week's total in the area. The idea is the Goldstein scale that
scores CAMEO codes from -10 (military force) to +10 (cooperation), read through the PLOVER
types (PLOVER and CAMEO codebooks in /work/shared/data/codebooks); the table below is our own,
on a 0-10 conflict scale: cooperative types weigh 0 (they do not offset violence, which
would let a week of talks hide a massacre), verbal conflict weighs little, force weighs most.
A call to violence (``Event.call_to_violence``) weighs as a threat whatever its type. The
fatality term grows with the log so one mass-casualty attack does not drown every other
signal, yet 100 dead still add 13.8 points (about 1.4 assaults) at weight 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from eventwire.errors import ConfigError
from eventwire.model import PloverType
from eventwire.signals.series import resolve_table, week_sql, window_condition
from eventwire.store.base import SQLStore

#: Weight of one factual event of each PLOVER type (0 = not escalation).
WEIGHTS: dict[PloverType, float] = {
    PloverType.AGREE: 0.0,
    PloverType.CONSULT: 0.0,
    PloverType.SUPPORT: 0.0,
    PloverType.CONCEDE: 0.0,
    PloverType.COOPERATE: 0.0,
    PloverType.AID: 0.0,
    PloverType.RETREAT: 0.0,
    PloverType.REQUEST: 0.5,
    PloverType.ACCUSE: 1.0,
    PloverType.REJECT: 1.0,
    PloverType.PROTEST: 2.0,
    PloverType.SANCTION: 3.0,
    PloverType.THREATEN: 4.0,
    PloverType.MOBILIZE: 5.0,
    PloverType.COERCE: 6.0,
    PloverType.ASSAULT: 10.0,
}
#: Weight of a call to violence, whatever its PLOVER type (as a threat).
CALL_TO_VIOLENCE_WEIGHT = WEIGHTS[PloverType.THREATEN]
#: Multiplies log1p(the week's fatalities in the area).
FATALITY_WEIGHT = 3.0
#: The areas a score is computed for.
SCORE_BY: tuple[str, ...] = ("country", "admin1")


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """The escalation score of one area in one week (``week`` is its Monday)."""

    week: date
    country: str | None
    admin1: str | None
    score: float
    events: int
    fatalities: int


def event_weight(event_type: str, *, call_to_violence: bool = False) -> float:
    """The weight of one event in the score."""
    weight = WEIGHTS[PloverType(event_type)]
    return max(weight, CALL_TO_VIOLENCE_WEIGHT) if call_to_violence else weight


def escalation(weighted_events: float, fatalities: int) -> float:
    """The score of an area-week from its summed event weights and its fatalities."""
    return weighted_events + FATALITY_WEIGHT * math.log1p(max(fatalities, 0))


def escalation_scores(
    store: SQLStore, *, by: str = "admin1", date_from: date | None = None,
    date_to: date | None = None, table: str | None = None,
) -> list[ScorePoint]:
    """The score per ISO week and area (``country``, or ``admin1`` with its country) among
    factual events, in week order then by area; area-weeks without events are absent.

    Raises:
        ConfigError: an unknown area level or table.
    """
    if by not in SCORE_BY:
        raise ConfigError(f"Cannot score by {by!r}. Use one of: {', '.join(SCORE_BY)}.")
    admin1_sql = "location_admin1" if by == "admin1" else "NULL"
    where, params = window_condition(date_from, date_to)
    rows = store.read(
        f"SELECT {week_sql(store)} AS week, country, {admin1_sql} AS admin1, event_type, "
        "call_to_violence, COUNT(*) AS events, COALESCE(SUM(fatalities), 0) AS fatalities "
        f"FROM {resolve_table(store, table)} WHERE {where} GROUP BY 1, 2, 3, 4, 5",
        params,
    )
    weights: dict[tuple[str, str | None, str | None], list[float]] = {}
    for row in rows:
        area = (row["week"], row["country"], row["admin1"])
        tally = weights.setdefault(area, [0.0, 0, 0])
        weight = event_weight(row["event_type"], call_to_violence=bool(row["call_to_violence"]))
        tally[0] += weight * int(row["events"])
        tally[1] += int(row["events"])
        tally[2] += int(row["fatalities"])
    points = [
        ScorePoint(date.fromisoformat(week), country, admin1, escalation(total, int(fatal)),
                   int(events), int(fatal))
        for (week, country, admin1), (total, events, fatal) in weights.items()
    ]
    return sorted(points, key=lambda p: (p.week, p.country or "", p.admin1 or ""))
