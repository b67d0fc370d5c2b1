"""PETRARCH validation records: sentences with the CAMEO codes PETRARCH-2 should produce.

``PETR2_GSR_validation.xml`` is not well-formed XML (``#`` header lines outside a comment,
self-closed ``<Sentence/>`` tags before their children), so it is read with regular
expressions: each ``<Sentence ...>`` tag opens a block that runs to the next one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.base import EvalCase, EvalReport, by_group
from eventwire.evaluate.metrics import ClassificationScores, rate
from eventwire.model import Article, Event

log = logging.getLogger(__name__)

# Only the real-sentence file by default; the fictional-state unit tests must be named explicitly.
DEFAULT_FILE = "PETR2_GSR_validation.xml"

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SENTENCE = re.compile(r"<Sentence\s[^>]*>")
_CODING = re.compile(r"<EventCoding\s[^>]*>")
_ATTRIBUTE = re.compile(r"([\w:-]+)\s*=\s*\"([^\"]*)\"")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)


def cameo_root(code: str | None) -> str | None:
    """The two-digit CAMEO cue category of a code ("0352" -> "03", "174K" -> "17")."""
    if code is None:
        return None
    head = code.strip()[:2]
    return head if len(head) == 2 and head.isdigit() else None


class PetrarchFormat:
    """PETRARCH ``<Sentence>`` records; the GSR file by default, the unit-test file if named."""

    name = "petrarch"

    def cases(self, path: Path) -> Iterator[EvalCase]:
        file = path / DEFAULT_FILE if path.is_dir() else path
        try:
            markup = file.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot read {file}: {error}") from error
        yield from parse_sentences(_COMMENT.sub("", markup))

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        report = EvalReport(dataset=dataset, format=self.name, cases=len(results),
                            metrics=_metrics(results))
        report.groups = {group: _metrics(items) for group, items in by_group(results).items()}
        confusion = ClassificationScores()
        for case, events in results:
            if case.gold["eventcodes"]:
                first = _first_root(events)
                confusion.add(cameo_root(case.gold["eventcodes"][0]) or "?", first)
        report.tables["root_confusion"] = {gold: dict(row) for gold, row in confusion.confusion().items()}
        report.notes += [
            ("cameo_root_accuracy: over sentences with gold codes, a hit when the root (first two "
            "digits) of any gold eventcode equals the root of any predicted event's cameo; "
            "historical events count too, since PETRARCH codes every event a sentence reports."),
            ("cameo_root_accuracy_first: the first predicted event with a cameo (by trigger offset) "
            "against the first gold eventcode."),
            "noevents_correct_rate: share of noevents sentences where eventwire codes no event at all.",
            ("Sentences with neither codes nor noevents (the unit tests' error=\"...\" records) "
            "count in no metric."),
        ]
        return report


def parse_sentences(markup: str) -> Iterator[EvalCase]:
    """The cases in PETRARCH validation markup with comments already removed."""
    tags = list(_SENTENCE.finditer(markup))
    for index, tag in enumerate(tags):
        end = tags[index + 1].start() if index + 1 < len(tags) else len(markup)
        case = _case(dict(_ATTRIBUTE.findall(tag.group(0))), markup[tag.end():end])
        if case is not None:
            yield case


def _case(attributes: dict[str, str], block: str) -> EvalCase | None:
    text_match = _TEXT.search(block)
    case_id = attributes.get("id", "")
    if text_match is None or not case_id:
        log.warning("PETRARCH sentence %r has no id or no <Text>; skipped", case_id)
        return None
    codes: list[str] = []
    sources: list[str] = []
    targets: list[str] = []
    errors: list[str] = []
    noevents = False
    for coding in _CODING.finditer(block):
        values = dict(_ATTRIBUTE.findall(coding.group(0)))
        if values.get("error"):
            errors.append(values["error"])  # unit tests of PETRARCH's own failure paths
        noevents = noevents or values.get("noevents", "").strip().lower() == "true"
        if values.get("eventcode", "").strip():
            codes.append(values["eventcode"].strip())
            sources.append(values.get("sourcecode", "").strip())
            targets.append(values.get("targetcode", "").strip())
    text = " ".join(text_match.group(1).split())
    article = Article(id=case_id, text=text, date=_date(attributes.get("date", "")))
    gold: dict[str, Any] = {"eventcodes": codes, "sourcecodes": sources, "targetcodes": targets,
                            "noevents": noevents and not codes, "errors": errors}
    return EvalCase(case_id=case_id, article=article, gold=gold,
                    group=attributes.get("category", ""))


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%Y%m%d").date()
    except ValueError:
        return None


def _first_root(events: Sequence[Event]) -> str | None:
    coded = sorted((event for event in events if cameo_root(event.cameo)),
                   key=lambda event: event.trigger.start)
    return cameo_root(coded[0].cameo) if coded else None


def _metrics(results: Sequence[tuple[EvalCase, list[Event]]]) -> dict[str, float | None]:
    any_hits: list[bool] = []
    first_hits: list[bool] = []
    found: list[bool] = []
    quiet: list[bool] = []
    for case, events in results:
        codes: list[str] = case.gold["eventcodes"]
        if codes:
            gold_roots = {cameo_root(code) for code in codes} - {None}
            predicted = {cameo_root(event.cameo) for event in events} - {None}
            any_hits.append(bool(gold_roots & predicted))
            first = _first_root(events)
            first_hits.append(first is not None and first == cameo_root(codes[0]))
            found.append(bool(events))
        elif case.gold["noevents"]:
            quiet.append(not events)
    return {
        "cameo_root_accuracy": rate(any_hits),
        "cameo_root_accuracy_first": rate(first_hits),
        "event_found_rate": rate(found),
        "noevents_correct_rate": rate(quiet),
    }
