"""spaCy ``span_ruler``/``entity_ruler`` patterns that find actor mentions.

Every pattern has the label ``ACTOR``. A pattern carries the entry ``id`` only when the words
alone decide the entry; context-dependent aliases ("the junta"), date-dependent classes
("Syrian forces") and generic heads ("gunmen") match without an id and are meant to be passed
to ``ActorDictionary.resolve`` with the story's focus and date.

Patterns are token patterns on ``LOWER`` so they need no ``phrase_matcher_attr`` setting;
acronyms match on ``ORTH`` so "IS" never matches "is". Aliases are tokenised with spaCy's
English tokenizer so "al-Qassam" and "Hamas's" split the way the pipeline splits them.
"""

from __future__ import annotations

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
_GENERIC_CLASSES = ("military", "police", "protesters", "rioters", "armed_group")


def build_patterns(index: ActorIndex) -> list[dict[str, Any]]:
    """All patterns for the index: aliases, demonym + head noun, generic heads."""
    patterns: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(tokens: list[dict[str, Any]], entry_id: str | None) -> None:
        pattern: dict[str, Any] = {"label": LABEL, "pattern": tokens}
        if entry_id:
            pattern["id"] = entry_id
        patterns.append(pattern)

    for surface, owners in index.surface.items():
        entry_id = _unique_id(owners)
        for tokens in _alias_token_variants(surface):
            signature = f"{tokens!r}{entry_id}"
            if signature not in seen:
                seen.add(signature)
                add([*tokens, _member_token()], entry_id)  # the member noun is optional
    for tokens, entry_id in _class_patterns(index):
        add(tokens, entry_id)
    return patterns


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


def _member_token() -> dict[str, Any]:
    return {"LOWER": {"IN": _forms(MEMBER_NOUNS)}, "OP": "?"}


def _head_sequences(class_name: str) -> list[list[dict[str, Any]]]:
    sequences = [[{"LOWER": {"IN": _forms(CLASS_HEADS[class_name])}}]]
    for (first, second), target in CLASS_COMPOUNDS.items():
        if target == class_name:
            sequences.append([{"LOWER": first}, {"LOWER": {"IN": _forms(frozenset({second}))}}])
    return sequences


def _class_patterns(index: ActorIndex) -> list[tuple[list[dict[str, Any]], str | None]]:
    modifiers = {"LOWER": {"IN": sorted(CLASS_MODIFIERS)}, "OP": "*"}
    found: list[tuple[list[dict[str, Any]], str | None]] = []
    for country in sorted(set(index.demonyms.values()) | set(index.people.values())):
        adjectives = [w for w, c in index.demonyms.items() if c == country]
        prefixes = [[{"LOWER": part} for part in a.split()] for a in adjectives if " " in a]
        single = sorted(a for a in adjectives if " " not in a)
        if single:
            prefixes.append([{"LOWER": {"IN": single}}])
        for class_name in CLASS_HEADS:
            entry_id = _class_id(index, class_name, country)
            for prefix in prefixes:
                for head in _head_sequences(class_name):
                    found.append(([*prefix, modifiers, *head], entry_id))
        civilians = _class_id(index, "civilians", country)
        for people in {w for w, c in index.people.items() if c == country}:
            found.append(([{"LOWER": part} for part in people.split()], civilians))
    for class_name in _GENERIC_CLASSES:
        for head in _head_sequences(class_name):
            found.append(([modifiers, *head], None))
    return found


def _class_id(index: ActorIndex, class_name: str, country: str) -> str | None:
    ids = index.classes.get((class_name, country), [])
    if len(ids) == 1 and index.entries[ids[0]].valid_to is None \
            and index.entries[ids[0]].valid_from is None:
        return ids[0]
    return None
