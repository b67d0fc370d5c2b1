"""Find casualty figures in a sentence with regexes over a small number grammar.

Four families of pattern, tried on the whole text; where two candidates overlap, the one that
starts first (then the longer) wins, so "No one was killed" is a zero, not "one ... killed".

- subject: victims before the casualty word ("two soldiers and a civilian were killed",
  "12 dead", "three martyrs", "five people lost their lives").
- object: the casualty verb before its victims ("killing at least seven", "wounded three
  policemen", "the deaths of two children", "claimed the lives of 40").
- toll: "the death toll rose to 31", "bringing the toll to 12", "a death toll of 260".
- zero: "no one was hurt", "no casualties were reported", "without casualties".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from eventwire.casualties import patterns
from eventwire.casualties.lexicon import (
    BE_FORMS,
    IRREGULAR_PLURALS,
    LABEL_WORDS,
    MONTHS,
    NON_VICTIM_NOUNS,
    NON_VICTIM_PLURALS,
    PASSIVE_FOLLOWERS,
    PREPOSITIONS,
)
from eventwire.casualties.quantities import UNQUANTIFIED, Quantity, parse_quantity
from eventwire.model import CasualtyCount

Kind = Literal["killed", "injured"]
KILLED: Kind = "killed"
INJURED: Kind = "injured"


@dataclass(frozen=True, slots=True)
class _Item:
    """One conjunct of a victim list: "two soldiers", "his son", "a 17-year-old boy"."""

    start: int
    end: int
    separator: str  # the text joining it to the item before ("" for the first)
    value: int | None
    np: str
    digits: bool
    definite: bool = False  # "the driver": counts only in a passive "was killed"
    vague: bool = False  # "dozens of people", "an unknown number of fighters"


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: Kind
    count: int
    start: int
    end: int
    priority: int  # lower wins when two candidates start at the same offset


def find_candidates(text: str) -> list[CasualtyCount]:
    """All casualty figures in ``text``, overlaps resolved, sorted by offset."""
    if not patterns.HINT_RE.search(text.lower()):
        return []  # most sentences name no casualty: skip the costly patterns
    candidates = {
        *_zero_candidates(text),
        *_toll_candidates(text),
        *_lives_candidates(text),
        *_unquantified_candidates(text),
        *_subject_candidates(text),
        *_object_candidates(text),
    }
    ordered = sorted(candidates, key=_order)
    chosen: list[_Candidate] = []
    for candidate in ordered:
        if chosen and candidate.start < chosen[-1].end and not _same_zero(chosen[-1], candidate):
            continue
        chosen.append(candidate)
    return [
        CasualtyCount(c.kind, c.count, text[c.start : c.end], c.start, c.end) for c in chosen
    ]


def _order(candidate: _Candidate) -> tuple[int, int, int, bool]:
    return (
        candidate.start,
        candidate.priority,
        candidate.start - candidate.end,  # the longer first
        candidate.kind != KILLED,
    )


def _same_zero(kept: _Candidate, candidate: _Candidate) -> bool:
    """A zero report for both kinds is two candidates on one span: "no casualties"."""
    same_span = (kept.start, kept.end) == (candidate.start, candidate.end)
    return same_span and kept.count == candidate.count == 0 and kept.kind != candidate.kind


# -- items -------------------------------------------------------------------------------


def _parse_chain(text: str, start: int, end: int) -> list[_Item]:
    """Split a matched victim list into items; stops at the first item it cannot read."""
    items: list[_Item] = []
    pos, separator = start, ""
    while pos < end:
        match = patterns.ITEM_RE.match(text, pos, end)
        if match is None:
            break
        items.append(_read_item(match, separator))
        pos = match.end()
        conj = patterns.CONJ_RE.match(text, pos, end)
        if conj is None:
            break
        separator, pos = conj.group(), conj.end()
    return items


def _read_item(match: re.Match[str], separator: str) -> _Item:
    np = match.group("np") or match.group("np_only") or ""
    qp = match.group("qp")
    quantity = parse_quantity(qp) if qp is not None else None
    value: int | None
    if quantity is not None:
        value = _item_value(quantity, np)
    elif qp is None and match.group("poss") and _is_singular(np):
        value = 1  # "his son", "her husband"
    else:
        value = None
    digits = qp is not None and qp.rstrip()[-1:].isdigit()
    definite = quantity is not None and quantity.definite
    vague = quantity is not None and quantity.vague
    return _Item(match.start(), match.end(), separator, value, np, digits, definite, vague)


def _item_value(quantity: Quantity, np: str) -> int | None:
    if (quantity.article and not np) or _non_victim(np):
        return None
    family = patterns.FAMILY_OF_RE.fullmatch(np)
    if quantity.article and family is not None:
        size = parse_quantity(family.group("size"))  # "a family of six"
        return size.value if size is not None else None
    if quantity.definite and not _is_singular(np):
        return None  # "the soldiers were killed": how many is not said
    return quantity.value


def _is_singular(np: str) -> bool:
    words = np.lower().split()
    if not words:
        return False
    head = words[-1]
    if head in IRREGULAR_PLURALS:
        return False
    return not (head.endswith("s") and not head.endswith(("ss", "us")))


def _non_victim(np: str) -> bool:
    words = np.lower().split()
    if not words:
        return False
    return words[-1] in NON_VICTIM_NOUNS or any(w in NON_VICTIM_PLURALS for w in words)


def _previous_word(text: str, pos: int) -> str:
    words = patterns.WORD_RE.findall(text[max(0, pos - 40) : pos])
    return words[-1].lower() if words else ""


def _label_before(text: str, item: _Item) -> bool:
    """A number right after a label ("Route 60", "aged 17", "October 14") is no count."""
    if not item.digits:
        return False
    label = patterns.LABEL_BEFORE_RE.search(text, max(0, item.start - 40), item.start)
    return label is not None and label.group(1).lower() in LABEL_WORDS


# -- subject pattern: "two soldiers and three civilians were killed" ----------------------


def _subject_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in patterns.SUBJECT_RE.finditer(text):
        candidate = _subject_candidate(text, match)
        if candidate is not None:
            found.append(candidate)
    return found


def _subject_candidate(text: str, match: re.Match[str]) -> _Candidate | None:
    items = _parse_chain(text, match.start("chain"), match.end("chain"))
    if not items or items[-1].end != match.end("chain"):
        return None
    if patterns.OBJECT_VERB_BEFORE_RE.search(text, 0, items[0].start) or (
        len(items) > 1 and _previous_word(text, items[0].start) in PREPOSITIONS
    ):
        # "killed two Palestinians and three others were wounded": the first item is the
        # object of "killed"; "killed in an exchange of fire and ...": of "in".
        items = items[1:]
    trigger = match.group("trigger")
    aux_words = set(match.group("aux").lower().split())
    passive = bool(aux_words & BE_FORMS)
    if not (passive and patterns.VERBAL_KILLED_RE.fullmatch(trigger)):
        items = _without_definite(items)
    items = _subject_list(items)
    if not items or _previous_word(text, items[0].start) in ("no", "not"):
        return None
    if _label_before(text, items[0]) or patterns.PARTITIVE_RE.search(items[-1].np):
        return None
    transitive = patterns.TRANSITIVE_RE.fullmatch(trigger) and not passive
    if transitive and not _passive_follower(text, match.end()):
        return None  # "three gunmen killed two soldiers": the gunmen are not victims
    if patterns.AMBIGUOUS_AFTER_RE.match(text, match.end()) and not _vague_killed(items, match):
        return None  # "20 killed or wounded"
    kind = KILLED if match.group("killed") else INJURED
    count = sum(item.value for item in items if item.value is not None)
    return _Candidate(kind, count, items[0].start, match.end(), priority=2)


def _vague_killed(items: list[_Item], match: re.Match[str]) -> bool:
    """"Dozens were killed and wounded": some died, and the vague word is all the figure
    there is; with a number ("20 killed and wounded") the dead are a part of unknown size."""
    conj = match.string[match.end() : match.end() + 10].split()[:1]
    return bool(match.group("killed")) and conj == ["and"] and all(i.vague for i in items)


def _without_definite(items: list[_Item]) -> list[_Item]:
    """Drop "the ..." items and what comes before them: "the attack and three deaths"."""
    for index in range(len(items) - 1, -1, -1):
        if items[index].definite:
            return items[index + 1 :]
    return items


def _subject_list(items: list[_Item]) -> list[_Item]:
    """The items that really are one coordinated subject, nearest the casualty word."""
    for index in range(len(items) - 1, -1, -1):
        if items[index].value is None:
            items = items[index + 1 :]
            break
    if len(items) > 1 and not (_joins_list(items) or _counted_groups(items)):
        # "In 2014, three people were killed": a comma, not a list; "arrested 40 people,
        # and 3 officers were injured": a comma before "and" joins clauses in a pair.
        items = items[-1:]
    while len(items) > 1 and not items[0].np:
        items = items[1:]
    return items


def _joins_list(items: list[_Item]) -> bool:
    """Whether the separators make a list: "A and B", "A, B and C", "A, B, and C"."""
    last = items[-1].separator.lower()
    return "and" in last and not (len(items) == 2 and "," in last)


def _counted_groups(items: list[_Item]) -> bool:
    """"3 villagers, 9 insurgents were killed": a bare comma list of counted groups, each
    with its own figure and noun, is one subject."""
    return all(i.digits and i.np and "and" not in i.separator.lower() for i in items)


def _passive_follower(text: str, pos: int) -> bool:
    rest = text[pos:].lstrip()
    if not rest or not (rest[0].isalnum()):
        return True
    word = patterns.WORD_RE.match(rest)
    return word is not None and word.group().lower() in PASSIVE_FOLLOWERS


# -- object pattern: "killing at least seven", "wounded three policemen" -------------------


def _object_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in patterns.OBJECT_RE.finditer(text):
        candidate = _object_candidate(text, match)
        if candidate is not None:
            found.append(candidate)
    return found


def _object_candidate(text: str, match: re.Match[str]) -> _Candidate | None:
    before = text[max(0, match.start() - 30) : match.start()]
    if _previous_word(text, match.start()) in BE_FORMS:
        return None  # "were killed two days ago"
    if patterns.MODAL_BEFORE_RE.search(before):
        return None  # "threatened to kill 100"
    kind = KILLED if match.group("killed") else INJURED
    chain = _parse_chain(text, match.start("chain"), match.end("chain"))
    items = _object_list(text, chain, definite_ok=kind == KILLED)
    if not items or _label_before(text, items[0]):
        return None
    ambiguous = patterns.AMBIGUOUS_BEFORE_RE.search(before)
    if ambiguous is not None:
        # "killed or wounded 20" names no dead; "killing and injuring dozens" names some.
        if not (all(i.vague for i in items) and ambiguous.group("conj").lower() == "and"):
            return None
        kind = KILLED
    if not items[0].np and _next_word(text, items[0].end) in MONTHS:
        return None  # "killed 14 October"
    count = sum(item.value for item in items if item.value is not None)
    # The span of "killing and injuring dozens" starts at "killing", the word it counts for.
    start = match.start() - len(before) + ambiguous.start() if ambiguous else match.start()
    return _Candidate(kind, count, start, items[-1].end, priority=3)


def _next_word(text: str, pos: int) -> str:
    word = patterns.WORD_RE.search(text, pos, min(len(text), pos + 40))
    return word.group().lower() if word else ""


def _trim_verb(item: _Item) -> _Item:
    """Drop a past-tense verb the noun phrase ran into: "killed 40 Palestinians ended"."""
    words = item.np.split()
    if len(words) < 2 or not words[-1].lower().endswith("ed"):
        return item
    cut = len(item.np) - len(item.np.rstrip()[: -len(words[-1])].rstrip())
    np = item.np[: len(item.np) - cut]
    return replace(item, end=item.end - cut, np=np)


def _object_list(text: str, items: list[_Item], *, definite_ok: bool) -> list[_Item]:
    """The items that are objects of the verb: stop where a new clause starts.

    ``definite_ok``: "killed the village chief" is one victim; "hurt the economy" is none.
    """
    kept: list[_Item] = []
    for item in map(_trim_verb, items):
        if item.value is None or (item.definite and not definite_ok):
            break
        if kept and (patterns.CLAUSE_AFTER_RE.match(text, item.end) or not item.np):
            break  # "killed two and three others were wounded"
        kept.append(item)
    # After a verb, ", and" still joins objects ("killed two guards, and seven traders"): a
    # new clause would have been cut above at its verb.
    for size in range(len(kept), 1, -1):
        if "and" in kept[size - 1].separator.lower():
            return kept[:size]
    return kept[:1]


# -- tolls, lives and zeros ----------------------------------------------------------------


def _toll_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in patterns.TOLL_RE.finditer(text):
        quantity = parse_quantity(match.group("qp") or match.group("qp_of"))
        if quantity is None or quantity.article:
            continue
        kind = KILLED if match.group("killed") else INJURED
        found.append(_Candidate(kind, quantity.value, match.start(), match.end(), 1))
    return found


def _lives_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    if "lives" not in text.lower():
        return found
    for match in patterns.LIVES_RE.finditer(text):
        quantity = parse_quantity(match.group("qp") or match.group("qp2"))
        if quantity is None or quantity.article:
            continue
        found.append(_Candidate(KILLED, quantity.value, match.start(), match.end(), 1))
    return found


def _unquantified_candidates(text: str) -> list[_Candidate]:
    """"leaving fatalities", "resulting in deaths": deaths reported with no figure at all."""
    return [
        _Candidate(KILLED, UNQUANTIFIED, match.start(), match.end(), 4)
        for match in patterns.UNQUANTIFIED_RE.finditer(text)
    ]


def _zero_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for regex in (patterns.ZERO_SUBJECT_RE, patterns.ZERO_OBJECT_RE):
        for match in regex.finditer(text):
            kinds = (KILLED,) if match.group("killed") else (KILLED, INJURED)
            found.extend(_Candidate(k, 0, match.start(), match.end(), 0) for k in kinds)
    for match in patterns.ZERO_NOUN_RE.finditer(text):
        gap = match.group("gap").lower().split()
        if set(gap) & patterns.UNKNOWN_GAP_WORDS or patterns.NUMERIC_RE.search(match.group("gap")):
            continue
        noun = match.group("noun").lower()
        if noun in ("deaths", "fatalities", "dead") or noun.startswith(("loss", "lives")):
            kinds = (KILLED,)
        else:
            kinds = (KILLED, INJURED)
        found.extend(_Candidate(k, 0, match.start(), match.end(), 0) for k in kinds)
    return found
