"""The PLOVER gold-standard records (CAMEO manual examples recoded in PLOVER 0.5b1).

One case per sentence. The gold uses the 2016 PLOVER 0.5 event names; they are mapped to the
PLOVER 2.0 types eventwire codes (``PLOVER_05_TO_20``) before scoring.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.base import EvalCase, EvalReport, by_group
from eventwire.evaluate.metrics import ClassificationScores, rate
from eventwire.model import Article, Event

DEFAULT_FILE = "PLOVER_GSR_CAMEO.json"

# PLOVER 0.5 names -> PLOVER 2.0 types. The 2.0 manual's CAMEO table ("CAMEO to PLOVER
# translation") gives INVESTIGATE -> ACCUSE (mode "investigate"), DEMAND -> REQUEST,
# DISAPPROVE -> ACCUSE (mode "disapprove") and folds CAMEO 18-20 into ASSAULT. Deviation: that
# table still prints "FIGHT" for CAMEO 20, a leftover of 0.5; FIGHT is not among the 16 2.0 types
# and the 2.0 README maps 18, 19, 20 to ASSAULT, so FIGHT -> ASSAULT here. Every other 0.5 name
# survives unchanged in 2.0.
PLOVER_05_TO_20: dict[str, str] = {
    "FIGHT": "ASSAULT",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}

# Short function words in ``eventText`` ("to", "on") would match anywhere in the sentence.
_MIN_EVENT_WORD = 3


def plover20_type(label: str) -> str:
    """The PLOVER 2.0 type for a PLOVER 0.5 gold label."""
    upper = label.strip().upper()
    return PLOVER_05_TO_20.get(upper, upper)


class PloverFormat:
    """``PLOVER_GSR_CAMEO.json``: a JSON array of coded sentences after one documentation record."""

    name = "plover"

    def cases(self, path: Path) -> Iterator[EvalCase]:
        file = path / DEFAULT_FILE if path.is_dir() else path
        try:
            records = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"cannot read {file} as a PLOVER JSON array: {error}") from error
        if not isinstance(records, list):
            raise InputError(f"{file} is not a JSON array of PLOVER records")
        for record in records:
            case = _case(record)
            if case is not None:
                yield case

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        scores = ClassificationScores()
        for case, events in results:
            main = main_event(case, events)
            scores.add(case.gold["event_type"], str(main.event_type) if main else None)
        report = EvalReport(dataset=dataset, format=self.name, cases=len(results),
                            metrics=_metrics(results))
        report.groups = {group: _metrics(items) for group, items in by_group(results).items()}
        report.tables["confusion"] = {gold: dict(row) for gold, row in scores.confusion().items()}
        report.tables["per_class"] = {
            label: {"precision": p, "recall": r, "f1": f, "support": n}
            for label, (p, r, f, n) in scores.per_class().items()}
        report.notes += [
            "Gold PLOVER 0.5 types mapped to 2.0: " + ", ".join(
                f"{old}->{new}" for old, new in sorted(PLOVER_05_TO_20.items())) + "; groups keep the 0.5 name.",
            ("Main event: the first non-historical event whose trigger overlaps a gold eventText word, "
            "else the first non-historical event; none counts as wrong."),
            ("Actor/recipient overlap: over cases whose gold actorText occurs in the sentence "
            "(case-insensitive, any occurrence); no main event or no actor counts as a miss."),
        ]
        return report


def _case(record: Any) -> EvalCase | None:
    if not isinstance(record, dict):
        return None
    label = str(record.get("event") or "").upper()
    text = record.get("text")
    if label in ("", "DOCUMENT") or not isinstance(text, str) or not text.strip():
        return None
    case_id = str(record.get("id") or "")
    gold = {
        "event_type": plover20_type(label),
        "plover05": label,
        "event_text": str(record.get("eventText") or ""),
        "sources": _actor_texts(record.get("source")),
        "targets": _actor_texts(record.get("target")),
        "mode": record.get("mode"),
    }
    return EvalCase(case_id=case_id, article=Article(id=case_id, text=text, date=None),
                    gold=gold, group=label)


def _actor_texts(value: Any) -> list[str]:
    """The ``actorText`` of each actor; the gold writes "no target" as "" or null."""
    if not isinstance(value, list):
        return []
    return [str(item["actorText"]) for item in value
            if isinstance(item, dict) and str(item.get("actorText") or "").strip()]


def find_all(needle: str, text: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of ``needle`` in ``text`` as (start, end)."""
    if not needle.strip():
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle.strip()), text, re.IGNORECASE)]


def event_word_spans(case: EvalCase) -> list[tuple[int, int]]:
    """Where the gold ``eventText`` words occur in the sentence (whole words, case-insensitive)."""
    spans: list[tuple[int, int]] = []
    for word in str(case.gold.get("event_text", "")).split():
        if len(word) >= _MIN_EVENT_WORD:
            pattern = r"\b" + re.escape(word) + r"\b"
            spans += [(m.start(), m.end())
                      for m in re.finditer(pattern, case.article.text, re.IGNORECASE)]
    return spans


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def main_event(case: EvalCase, events: Sequence[Event]) -> Event | None:
    """The predicted event compared with the gold: see the module notes in ``score``."""
    current = [event for event in events if not event.historical]
    spans = event_word_spans(case)
    for event in current:
        if _overlaps(event.trigger.start, event.trigger.end, spans):
            return event
    return current[0] if current else None


def _span_hit(case: EvalCase, main: Event | None, key: str,
              role: Callable[[Event], Any]) -> bool | None:
    """Whether the predicted actor/recipient overlaps a gold one; None when the gold has none."""
    spans = [span for text in case.gold.get(key, []) for span in find_all(text, case.article.text)]
    if not spans:
        return None
    ref = role(main) if main is not None else None
    return ref is not None and _overlaps(ref.start, ref.end, spans)


def _metrics(results: Sequence[tuple[EvalCase, list[Event]]]) -> dict[str, float | None]:
    scores = ClassificationScores()
    found: list[bool] = []
    actor_hits: list[bool] = []
    recipient_hits: list[bool] = []
    for case, events in results:
        main = main_event(case, events)
        scores.add(case.gold["event_type"], str(main.event_type) if main else None)
        found.append(main is not None)
        actor = _span_hit(case, main, "sources", lambda event: event.actor)
        recipient = _span_hit(case, main, "targets", lambda event: event.recipient)
        if actor is not None:
            actor_hits.append(actor)
        if recipient is not None:
            recipient_hits.append(recipient)
    return {
        "event_type_accuracy": scores.accuracy(),
        "event_type_macro_f1": scores.macro_f1(),
        "event_found_rate": rate(found),
        "actor_span_overlap": rate(actor_hits),
        "recipient_span_overlap": rate(recipient_hits),
    }
