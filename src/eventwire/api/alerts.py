"""``GET /api/alerts``: the alerts recorded in the store, newest first, for the dashboard.

Read-only like every other read route: the store (SQLite or PostgreSQL) is opened for the
request and closed after, and a store where no alert was ever recorded answers an empty page.
"""

# No `from __future__ import annotations`: FastAPI reads the route's annotations at run time.
from typing import Annotated, Any

from fastapi import FastAPI, Query

from eventwire.alerts.state import AlertRecord, alert_page
from eventwire.api import open_reader
from eventwire.api.limits import ApiLimits


def add_alert_routes(app: FastAPI, db: str, limits: ApiLimits) -> None:
    """Add ``GET /api/alerts`` over the store ``db`` (a file path, ``sqlite:///`` or
    ``postgresql://`` URL), paged within ``limits``."""
    PageSize = Annotated[
        int, Query(ge=1, le=limits.max_page_size, description="Alerts per page.")
    ]
    Offset = Annotated[int, Query(ge=0, le=limits.max_offset, description="Alerts to skip.")]

    @app.get("/api/alerts")
    def alerts(
        rule: Annotated[str | None, Query(description="Only this rule's alerts.")] = None,
        detector: Annotated[
            str | None,
            Query(description="Only this detector's: spike, new_actor_in_area, "
                              "verbal_escalation."),
        ] = None,
        limit: PageSize = limits.page_size,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Alerts fired so far, newest first, each with its signal, evidence and deliveries."""
        with open_reader(db, limits) as store:
            page = alert_page(store, limit=limit, offset=offset, rule=rule, detector=detector)
        return {"items": [AlertRecord.to_dict(record) for record in page.items],
                "total": page.total, "limit": page.limit, "offset": page.offset}
