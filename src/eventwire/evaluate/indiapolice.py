"""IndiaPoliceEvents (Halterman et al. 2021): yes/no questions about police actions per sentence.

Each *document* is coded as one article, so the coder sees the dateline and the context; its
events are mapped back to the gold sentences by the character offset of their trigger. The
sentences are located in the document text in order; a sentence that cannot be found gets no
span, so no event lands in it (it can only be predicted negative) and a note counts them.

Question rules (how an event answers each question; from the questions' wording only):
  - The questions carry no time limit ("Did police kill someone?"), so events eventwire marks
    historical (running totals, recalled years) answer them like any other.
  - Police actor: actor_type 'police', or an actor name/text naming police (see is_police).
  - ARREST: a COERCE 'arrest' whose actor is police, unnamed, unresolved or a government
    body: arrest is a police power, so "the administration made arrests" is carried out by
    police; an arrest by an army or an armed group is not a police arrest.
  - KILL: a police ASSAULT with fatalities > 0; FORCE: any police ASSAULT;
    ANY_ACTION: any police event or ARREST. FAIL (an absence of action) is not measured.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.base import EvalCase, EvalReport
from eventwire.evaluate.metrics import BinaryScores
from eventwire.model import Article, Event, PloverType

log = logging.getLogger(__name__)

QUESTIONS = ("KILL", "ARREST", "FORCE", "FAIL", "ANY_ACTION")
# "Did police fail to intervene?" asks about an absence of action, which eventwire never codes.
UNMEASURABLE = frozenset({"FAIL"})

# Generic names of Indian police forces, not tuned to records: SRP = State Reserve Police,
# RAF = Rapid Action Force, CRPF = Central Reserve Police Force.
_POLICE_WORDS = re.compile(
    r"\b(police\w*|cops?|constables?|constabulary|srp|raf|crpf)\b", re.IGNORECASE)


def is_police(event: Event) -> bool:
    """Whether the event's actor is police: typed so by the resolver, or named so in the text."""
    actor = event.actor
    if actor is None:
        return False
    if (actor.actor_type or "").lower() == "police":
        return True
    return any(_POLICE_WORDS.search(value) for value in (actor.name or "", actor.text))


# Actor types whose arrests police carry out; None is an actor the dictionary does not know.
_ARRESTING_TYPES = frozenset({None, "police", "government"})


def is_arrest(event: Event) -> bool:
    """A COERCE arrest by police, by nobody named ("were arrested" almost always means police),
    or by an unresolved actor or a government body, whose arrests police make."""
    if event.event_type is not PloverType.COERCE or (event.mode or "").lower() != "arrest":
        return False
    actor = event.actor
    return actor is None or is_police(event) or actor.actor_type in _ARRESTING_TYPES


def _kill(event: Event) -> bool:
    return (event.event_type is PloverType.ASSAULT and (event.fatalities or 0) > 0
            and is_police(event))


def _force(event: Event) -> bool:
    return event.event_type is PloverType.ASSAULT and is_police(event)


def _any_action(event: Event) -> bool:
    return is_police(event) or is_arrest(event)


# Each question is answered by any event that passes its test, historical or not: the
# questions ask whether police did something, with no time limit.
RULES: dict[str, Callable[[Event], bool]] = {
    "KILL": _kill, "ARREST": is_arrest, "FORCE": _force, "ANY_ACTION": _any_action,
}


def predicted_answers(events: Sequence[Event]) -> dict[str, bool]:
    """Question -> whether any event answers it yes."""
    return {question: any(rule(event) for event in events) for question, rule in RULES.items()}


class IndiaPoliceFormat:
    """The folder with ``sents.csv``, ``docs.csv`` and ``metadata.csv``; one case per document."""

    name = "indiapolice"

    def cases(self, path: Path) -> Iterator[EvalCase]:
        folder = path if path.is_dir() else path.parent
        sentences = _read_sentences(folder / "sents.csv")
        dates = _read_dates(folder / "metadata.csv")
        for row in _rows(folder / "docs.csv", columns=("doc_id", "doc_text")):
            doc_id = row["doc_id"]
            text = row["doc_text"]
            located = locate_sentences(text, [s["sent_text"] for s in sentences.get(doc_id, [])])
            gold_sentences = [
                {"sent_id": s["sent_id"], "start": span[0] if span else None,
                 "end": span[1] if span else None, "labels": s["labels"]}
                for s, span in zip(sentences.get(doc_id, []), located, strict=True)]
            url = dates.get(doc_id, (None, None))[1]
            article = Article(id=doc_id, text=text, date=dates.get(doc_id, (None, None))[0], url=url)
            yield EvalCase(case_id=doc_id, article=article,
                           gold={"sentences": gold_sentences, "labels": _labels(row)})

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        sentence_scores = {question: BinaryScores() for question in RULES}
        document_scores = {question: BinaryScores() for question in RULES}
        missing = 0
        for case, events in results:
            for question, predicted in predicted_answers(events).items():
                document_scores[question].add(bool(case.gold["labels"].get(question)), predicted)
            for sentence in case.gold["sentences"]:
                missing += sentence["start"] is None
                answers = predicted_answers(events_in(sentence, events))
                for question, predicted in answers.items():
                    sentence_scores[question].add(bool(sentence["labels"].get(question)), predicted)
        report = EvalReport(dataset=dataset, format=self.name, cases=len(results),
                            metrics=_binary_metrics(sentence_scores))
        report.tables["document_level"] = _binary_metrics(document_scores)
        report.tables["sentence_counts"] = {
            question: {"tp": s.true_positive, "fp": s.false_positive,
                       "fn": s.false_negative, "tn": s.true_negative}
            for question, s in sentence_scores.items()}
        report.notes += [
            ("FAIL (police failed to intervene) is not measurable: eventwire codes actions, not "
            "their absence; FAIL_* are None."),
            ("Police actor: actor_type 'police', or actor name/text containing police, cop, "
            "constable, constabulary, SRP, RAF or CRPF. Historical events count too: the "
            "questions carry no time limit."),
            ("KILL = police ASSAULT with fatalities > 0; FORCE = police ASSAULT (any mode); "
            "ARREST = COERCE mode 'arrest' by police, with no actor, or by an unresolved actor "
            "or a government body (arrest is a police power); "
            "ANY_ACTION = any police event or ARREST."),
            "An event belongs to the gold sentence holding its trigger's start offset.",
        ]
        if missing:
            report.notes.append(f"{missing} sentences could not be located in their document; "
                                "they are scored as predicted negative.")
        return report


def locate_sentences(text: str, sentences: Sequence[str]) -> list[tuple[int, int] | None]:
    """Each sentence's (start, end) in ``text``, searched in order after the previous one.

    An exact search first, then one that lets whitespace differ; None when neither finds it
    (the cursor then stays put, so one miss does not lose the rest of the document).
    """
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sentence in sentences:
        span = _find(text, sentence, cursor)
        if span is None:
            log.debug("sentence %r not found after offset %d", sentence[:40], cursor)
        else:
            cursor = span[1]
        spans.append(span)
    return spans


def _find(text: str, sentence: str, cursor: int) -> tuple[int, int] | None:
    if not sentence.strip():
        return None
    start = text.find(sentence, cursor)
    if start >= 0:
        return start, start + len(sentence)
    pattern = r"\s+".join(re.escape(word) for word in sentence.split())
    match = re.compile(pattern).search(text, cursor)
    return (match.start(), match.end()) if match else None


def events_in(sentence: dict[str, Any], events: Sequence[Event]) -> list[Event]:
    """The events whose trigger starts inside the sentence's span."""
    start, end = sentence["start"], sentence["end"]
    if start is None or end is None:
        return []
    return [event for event in events if start <= event.trigger.start < end]


def _binary_metrics(scores: dict[str, BinaryScores]) -> dict[str, float | None]:
    metrics: dict[str, float | None] = {}
    for question in QUESTIONS:
        score = scores.get(question)
        metrics[f"{question}_precision"] = score.precision() if score else None
        metrics[f"{question}_recall"] = score.recall() if score else None
        metrics[f"{question}_f1"] = score.f1() if score else None
    return metrics


def _rows(file: Path, *, columns: Sequence[str]) -> Iterator[dict[str, str]]:
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            absent = [name for name in columns if name not in (reader.fieldnames or [])]
            if absent:
                raise InputError(f"{file} lacks the column(s) {', '.join(absent)}: "
                                 "is it an IndiaPoliceEvents file?")
            yield from reader
    except OSError as error:
        raise InputError(f"cannot read {file}: give the IndiaPoliceEvents folder "
                         f"with sents.csv, docs.csv and metadata.csv ({error})") from error


def _labels(row: dict[str, str]) -> dict[str, bool]:
    return {question: (row.get(question) or "").strip() == "1" for question in QUESTIONS}


def _read_sentences(file: Path) -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(file, columns=("doc_id", "sent_id", "sent_text")):
        by_doc.setdefault(row["doc_id"], []).append(
            {"sent_id": int(row["sent_id"]), "sent_text": row["sent_text"], "labels": _labels(row)})
    for sentences in by_doc.values():
        sentences.sort(key=lambda sentence: int(sentence["sent_id"]))
    return by_doc


def _read_dates(file: Path) -> dict[str, tuple[date | None, str | None]]:
    """doc_id -> (publication date, url); without metadata.csv the articles go undated."""
    if not file.exists():
        log.warning("%s is missing: articles are coded without a publication date", file)
        return {}
    dates: dict[str, tuple[date | None, str | None]] = {}
    for row in _rows(file, columns=("doc_id", "date")):
        try:
            published: date | None = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            published = None
        dates[row["doc_id"]] = (published, row.get("url") or None)
    return dates
