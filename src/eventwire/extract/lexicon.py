"""The trigger lexicon and the PLOVER -> CAMEO / ACLED typology, read from the packaged YAML."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from eventwire.errors import EventwireError
from eventwire.model import PloverType


class LexiconError(EventwireError):
    """A packaged lexicon file is malformed; the message names the entry to fix."""


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    lemma: str
    pos: str
    event_type: PloverType
    mode: str | None = None
    outcome: bool = False
    needs: frozenset[str] = frozenset()
    # the trigger does not count when its object is one of these ("released a statement")
    unless: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    # a CAMEO "demand" (10x) rather than an "appeal" (02x); both are PLOVER REQUEST
    demand: bool = False
    # made from a stated intention or obligation, not from the lexicon (eventwire.extract.triggers):
    # a verbal event, never an ACLED event
    stated: bool = False
    # a denial of an act or an accusation (CAMEO 016 "deny responsibility"; PLOVER REJECT)
    denial: bool = False


@dataclass(frozen=True, slots=True)
class ModeCue:
    mode: str
    lemmas: frozenset[str]


@dataclass(frozen=True, slots=True)
class TypologyEntry:
    cameo: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    by_recipient: bool = False


@dataclass(frozen=True)
class Lexicon:
    triggers: Mapping[tuple[str, str], tuple[TriggerEntry, ...]]
    mode_cues: Mapping[PloverType, tuple[ModeCue, ...]]
    typology: Mapping[tuple[PloverType, str], TypologyEntry]

    @functools.cached_property
    def event_nouns(self) -> frozenset[str]:
        """Lemmas that name events ("clash", "strike"), which are never a participant."""
        return frozenset(lemma for lemma, pos in self.triggers if pos == "NOUN")

    def lookup(self, lemma: str, pos: str) -> tuple[TriggerEntry, ...]:
        return self.triggers.get((lemma, pos), ())

    def classify(self, event_type: PloverType, mode: str | None) -> TypologyEntry:
        """The CAMEO and ACLED equivalents of a PLOVER type and mode."""
        return self.typology.get((event_type, mode or "_")) or self.typology[(event_type, "_")]


def _as_set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(item, str) for item in items):
        # YAML 1.1 reads bare on/off/yes/no as booleans: quote them in the YAML file
        raise LexiconError(f"expected words, got {items!r}: quote on/off/yes/no in the YAML")
    return frozenset(items)


def _trigger_entries(raw: Mapping[str, Any]) -> list[TriggerEntry]:
    try:
        event_type = PloverType(raw["type"])
        return [
            TriggerEntry(
                lemma=str(raw["lemma"]),
                pos=pos,
                event_type=event_type,
                mode=raw.get("mode"),
                outcome=bool(raw.get("outcome", False)),
                needs=_as_set(raw.get("needs")),
                unless=_as_set(raw.get("unless")),
                particles=_as_set(raw.get("particle")),
                demand=bool(raw.get("demand", False)),
                stated=bool(raw.get("stated", False)),
                denial=bool(raw.get("denial", False)),
            )
            for pos in raw["pos"]
        ]
    except (KeyError, ValueError, TypeError) as error:
        raise LexiconError(f"bad trigger entry {dict(raw)!r} in triggers.yaml: {error}") from error


def _typology(raw: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[tuple[PloverType, str], TypologyEntry]:
    table: dict[tuple[PloverType, str], TypologyEntry] = {}
    for type_name, modes in raw.items():
        event_type = PloverType(type_name)
        if "_" not in modes:
            raise LexiconError(f"typology.yaml: {type_name} has no '_' default entry")
        for mode, entry in modes.items():
            acled = entry.get("acled") or (None, None)
            table[(event_type, mode)] = TypologyEntry(
                cameo=str(entry["cameo"]),
                acled_event_type=acled[0],
                acled_sub_event_type=acled[1],
                by_recipient=bool(entry.get("by_recipient", False)),
            )
    missing = set(PloverType) - {event_type for event_type, _ in table}
    if missing:
        raise LexiconError(f"typology.yaml has no entry for {sorted(missing)}")
    return table


def _read_yaml(name: str) -> Any:
    text = resources.files("eventwire.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@functools.cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    raw = _read_yaml("triggers.yaml")
    triggers: dict[tuple[str, str], list[TriggerEntry]] = defaultdict(list)
    for item in raw["triggers"]:
        for entry in _trigger_entries(item):
            triggers[(entry.lemma, entry.pos)].append(entry)
    mode_cues = {
        PloverType(type_name): tuple(
            ModeCue(mode=cue["mode"], lemmas=_as_set(cue["lemmas"])) for cue in cues
        )
        for type_name, cues in raw.get("modes", {}).items()
    }
    return Lexicon(
        triggers={key: tuple(entries) for key, entries in triggers.items()},
        mode_cues=mode_cues,
        typology=_typology(_read_yaml("typology.yaml")),
    )
