"""spaCy ``span_ruler``/``entity_ruler`` patterns that find actor mentions.

Every pattern has the label ``ACTOR``. A pattern carries the entry ``id`` only when the words
alone decide the entry; context-dependent aliases ("the junta"), date-dependent classes
("Syrian forces") and generic heads ("gunmen") match without an id and are meant to be passed
to ``ActorDictionary.resolve`` with the story's focus and date.

Aliases are phrase patterns (strings), matched on ``LOWER`` by the ruler's PhraseMatcher
(set ``phrase_matcher_attr="LOWER"``); acronyms are token patterns on ``ORTH`` so "IS" never
matches "is". Demonym + head-noun classes ("Israeli forces", "Sudanese army troops") are a
handful of token patterns whose word sets cover every country at once: thousands of token
patterns made spaCy's Matcher the slowest step of the whole pipeline (80% of coding time), the
phrase matcher costs almost nothing. A member noun after an alias ("Hamas fighters") is left
to the resolver, which reads the whole noun phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from eventwire.actors.index import ActorIndex
from eventwire.actors.lexicon import (
    CLASS_COMPOUNDS,
    CLASS_HEADS,
    CLASS_MODIFIERS,
    MEMBER_NOUNS,
    fold,
)

LABEL = "ACTOR"
_APOSTROPHES = ["'", "\u2019"]
# Plural forms the pattern must list, since patterns match surface words.
_PLURAL_EXCEPTIONS = {"man": "men", "woman": "women", "child": "children", "person": "people",
                      "gunman": "gunmen", "policeman": "policemen", "serviceman": "servicemen",
                      "militiaman": "militiamen", "fisherman": "fishermen",
                      "tribesman": "tribesmen", "policewoman": "policewomen",
                      "aircraft": "aircraft", "artillery": "artillery", "military": "military",
                      "police": "police", "personnel": "personnel", "leadership": "leadership",
                      "navy": "navies", "army": "armies", "militia": "militias",
                      "authority": "authorities", "ministry": "ministries",
                      "family": "families", "youth": "youths", "mob": "mobs"}
# Generic heads worth finding without a country word; civilians' heads ("man", "people")
# are too common to tag everywhere.
_GENERIC_CLASSES = ("military", "police", "protesters", "rioters", "armed_group", "communal_militia")


def build_patterns(index: ActorIndex) -> list[dict[str, Any]]:
    """All patterns for the index: aliases, demonym + head noun, generic heads."""
    patterns: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(tokens: list[dict[str, Any]] | str, entry_id: str | None) -> None:
        pattern: dict[str, Any] = {"label": LABEL, "pattern": tokens}
        if entry_id:
            pattern["id"] = entry_id
        patterns.append(pattern)

    for surface, owners in index.surface.items():
        entry_id = _unique_id(owners)
        for tokens in _alias_token_variants(surface):
            forms: list[list[dict[str, Any]] | str] = [*_as_phrases(tokens)] or [tokens]
            for pattern in forms:
                signature = f"{pattern!r}{entry_id}"
                if signature not in seen:
                    seen.add(signature)
                    add(pattern, entry_id)
    for class_pattern, entry_id in _class_patterns(index):
        add(class_pattern, entry_id)
    return patterns


def _as_phrases(tokens: list[dict[str, Any]]) -> list[str]:
    """The alias as phrases for the PhraseMatcher (one per apostrophe form), or [] when a token
    must match on ORTH (an acronym inside a longer name)."""
    phrases = [""]
    for spec in tokens:
        value = spec.get("LOWER")
        exact = spec.get("ORTH")
        if isinstance(value, dict) and set(value.get("IN", ())) == {"'s", "\u2019s"}:
            options = ["'s", "\u2019s"]
        elif isinstance(exact, dict) and set(exact.get("IN", ())) == set(_APOSTROPHES):
            options = list(_APOSTROPHES)
        elif isinstance(value, str):
            options = [value]
        elif isinstance(exact, str) and len(tokens) > 1:
            options = [exact.lower()]  # an acronym inside a longer name is safe in any case
        else:
            return []
        phrases = [f"{phrase} {option}".strip() for phrase in phrases for option in options]
    return phrases


def _unique_id(owners: list[tuple[str, str | None]]) -> str | None:
    ids = {entry_id for entry_id, _ in owners}
    if len(ids) == 1 and all(country is None for _, country in owners):
        return ids.pop()
    return None


def _alias_token_variants(surface: str) -> list[list[dict[str, Any]]]:
    forms = {surface, fold(surface) if _is_plain(surface) else surface}
    words = _tokenize(surface)
    variants = []
    for form in forms:
        tokens = _tokenize(form)
        variants.append([_token_spec(t) for t in tokens])
        if "-" in tokens:  # "al-Qassam" is also written "al Qassam"
            variants.append([_token_spec(t) for t in tokens if t != "-"])
    if words and words[0].lower() == "the" and len(words) > 1:
        variants.append([_token_spec(t) for t in words[1:]])
    return variants


def _is_plain(surface: str) -> bool:
    return not surface.isascii()


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy  # imported here: building the dictionary must not need spaCy

    return spacy.blank("en").tokenizer


@lru_cache(maxsize=16384)
def _tokenize(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in _tokenizer()(text))


def _token_spec(text: str) -> dict[str, Any]:
    if text in _APOSTROPHES:
        return {"ORTH": {"IN": _APOSTROPHES}}
    if text.lower() in ("'s", "\u2019s"):
        return {"LOWER": {"IN": ["'s", "\u2019s"]}}
    if _is_acronym(text):
        return {"ORTH": text}
    return {"LOWER": text.lower()}


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and any(c.isupper() for c in letters[1:])


@lru_cache(maxsize=64)
def _forms(words: frozenset[str]) -> list[str]:
    forms: set[str] = set()
    for word in words:
        forms.add(word)
        forms.add(_PLURAL_EXCEPTIONS.get(word, word + ("es" if word.endswith("s") else "s")))
    return sorted(forms)


def member_words() -> frozenset[str]:
    """Nouns naming members of a named actor ("Hamas fighters", "RSF units"), singular and plural."""
    return frozenset(_forms(MEMBER_NOUNS))


def _class_patterns(index: ActorIndex) -> list[tuple[list[dict[str, Any]] | str, str | None]]:
    """Demonym (+ modifiers) + class head, one pattern per class and demonym shape.

    No entry id: which country's class it is follows from the demonym, and the resolver reads
    it from the matched words with the story's date.
    """
    modifiers = {"LOWER": {"IN": sorted(CLASS_MODIFIERS)}, "OP": "*"}
    adjectives = set(index.demonyms)
    by_length: dict[int, list[list[str]]] = {}
    for adjective in adjectives:
        words = adjective.split()
        by_length.setdefault(len(words), []).append(words)
    # One prefix per demonym length, each position a word set: "south sudanese", "costa rican"
    # and "south korean" share a pattern; the resolver rejects a combination no demonym has.
    prefixes = [
        [{"LOWER": {"IN": sorted({words[i] for words in group})}} for i in range(length)]
        for length, group in sorted(by_length.items())
    ]
    found: list[tuple[list[dict[str, Any]] | str, str | None]] = []
    for prefix in prefixes:
        for head in _all_head_sequences(CLASS_HEADS):
            found.append(([*prefix, modifiers, *head], None))
    for people in sorted(index.people):
        country = index.people[people]
        found.append((people, _class_id(index, "civilians", country)))
    for head in _all_head_sequences(_GENERIC_CLASSES):
        found.append(([modifiers, *head], None))
    return found


def _all_head_sequences(class_names: Iterable[str]) -> list[list[dict[str, Any]]]:
    """The heads of several classes merged: one single-word set, plus the two-word compounds."""
    names = list(class_names)
    singles = frozenset(word for name in names for word in CLASS_HEADS[name])
    seconds_by_first: dict[str, set[str]] = {}
    for (first, second), target in CLASS_COMPOUNDS.items():
        if target in names:
            seconds_by_first.setdefault(first, set()).add(second)
    firsts_by_seconds: dict[frozenset[str], list[str]] = {}
    for first, second_words in seconds_by_first.items():
        firsts_by_seconds.setdefault(frozenset(second_words), []).append(first)
    sequences: list[list[dict[str, Any]]] = [[{"LOWER": {"IN": _forms(singles)}}]]
    for group, firsts in sorted(firsts_by_seconds.items(), key=lambda item: sorted(item[1])):
        sequences.append([{"LOWER": {"IN": sorted(firsts)}}, {"LOWER": {"IN": _forms(group)}}])
    return sequences


def _class_id(index: ActorIndex, class_name: str, country: str) -> str | None:
    ids = index.classes.get((class_name, country), [])
    if len(ids) == 1 and index.entries[ids[0]].valid_to is None \
            and index.entries[ids[0]].valid_from is None:
        return ids[0]
    return None
