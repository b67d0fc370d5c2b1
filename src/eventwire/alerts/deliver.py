"""Sending one alert (its JSON, as :meth:`Alert.to_dict` gives it) to one target.

Every sender raises :class:`DeliveryError` when the alert did not arrive; the runner records
the error and tries again on its next run.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from eventwire.alerts.rules import Target
from eventwire.errors import EventwireError, MissingDependencyError

logger = logging.getLogger(__name__)

# A webhook answering these may accept the same request later; other errors are the request's.
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class DeliveryError(EventwireError):
    """An alert could not be delivered to a target; it stays pending for the next run."""


@dataclass(slots=True)
class Outlets:
    """What senders write to, given at run time: the stream of ``stdout`` targets, the pause
    between webhook tries (seconds, doubled each try) and an optional ``httpx.Client``."""

    stream: TextIO | None = None
    backoff: float = 0.5
    http_client: Any = None
    sleep: Callable[[float], None] = field(default=time.sleep)


def send(target: Target, alert: dict[str, Any], outlets: Outlets) -> None:
    """Deliver ``alert`` to ``target``. Raises DeliveryError when it did not arrive."""
    if target.kind == "stdout":
        _to_stream(alert, outlets)
    elif target.kind == "jsonl":
        _to_jsonl(target.destination, alert)
    elif target.kind == "webhook":
        _to_webhook(target, alert, outlets)
    else:
        raise DeliveryError(f"Unknown alert target kind {target.kind!r}.")


def alert_line(alert: dict[str, Any]) -> str:
    """One line a person reads: rule, detector, where and when, what, and the events."""
    signal = alert["signal"]
    where = "/".join(part for part in (signal.get("country"), signal.get("admin1")) if part)
    who = f" {signal['actor']}" if signal.get("actor") else ""
    events = ", ".join(link["event_id"] for link in alert.get("evidence", []))
    return (
        f"ALERT [{alert['rule']}] {signal['detector']}{who} {where or signal['key']} "
        f"{signal['period_start']}..{signal['period_end']}: {signal['description']}"
        + (f" (events: {events})" if events else "")
    )


def _to_stream(alert: dict[str, Any], outlets: Outlets) -> None:
    # sys.stdout looked up at send time, so a redirected one is honoured
    stream = outlets.stream if outlets.stream is not None else sys.stdout
    try:
        stream.write(alert_line(alert) + "\n")
        stream.flush()
    except (OSError, ValueError) as error:  # a closed pipe or stream
        raise DeliveryError(f"Could not write the alert to standard output: {error}") from error


def _to_jsonl(path: str, alert: dict[str, Any]) -> None:
    line = json.dumps(alert, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        # One write of one line in append mode: concurrent writers do not interleave lines.
        with open(path, "a", encoding="utf-8") as file:
            file.write(line)
    except OSError as error:
        raise DeliveryError(
            f"Could not append the alert to {path}: {error}. Check that its folder exists and "
            "is writable."
        ) from error


def _to_webhook(target: Target, alert: dict[str, Any], outlets: Outlets) -> None:
    httpx = _httpx()
    client = outlets.http_client or httpx.Client()
    try:
        last_error = ""
        for attempt in range(target.retries + 1):
            if attempt:
                outlets.sleep(outlets.backoff * 2 ** (attempt - 1))
            last_error, retry = _post_once(httpx, client, target, alert)
            if not last_error:
                return
            logger.warning("Webhook %s, try %d of %d: %s", target.destination, attempt + 1,
                           target.retries + 1, last_error)
            if not retry:
                break
        raise DeliveryError(f"The webhook {target.destination} did not take the alert: "
                            f"{last_error}")
    finally:
        if outlets.http_client is None:
            client.close()


def _post_once(httpx: Any, client: Any, target: Target,
               alert: dict[str, Any]) -> tuple[str, bool]:
    """One POST: the error ("" when it arrived) and whether another try may help."""
    try:
        response = client.post(target.destination, json=alert, headers=dict(target.headers),
                               timeout=target.timeout)
    except httpx.HTTPError as error:
        return f"{type(error).__name__}: {error}", True
    if response.status_code >= 400:
        return (f"HTTP {response.status_code} {response.reason_phrase}",
                response.status_code in _RETRY_STATUSES)
    return "", False


def _httpx() -> Any:
    try:
        import httpx
    except ImportError as error:
        raise MissingDependencyError("Webhook alerts", "httpx", "watch") from error
    return httpx
