"""Which date expression dates an event (``attach.pick_date``), on parses built by hand.

Rows are (word, lemma, POS, dependency, head index), the way the English model parses the
sentence; the date mentions come from ``find_dates`` on the same text, so offsets agree.
"""

from __future__ import annotations

from datetime import date

import spacy
from spacy.tokens import Doc

from eventwire.extract.attach import pick_date
from eventwire.extract.drafts import EventDraft
from eventwire.extract.lexicon import TriggerEntry
from eventwire.extract.triggers import Trigger
from eventwire.model import PloverType
from eventwire.temporal import find_dates

VOCAB = spacy.blank("en").vocab
Row = tuple[str, str, str, str, int]


def parse(rows: list[Row]) -> Doc:
    return Doc(
        VOCAB, words=[r[0] for r in rows], lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows], deps=[r[3] for r in rows], heads=[r[4] for r in rows],
        sent_starts=[i == 0 for i in range(len(rows))],
    )


def draft_on(doc: Doc, trigger_index: int, event_type: PloverType) -> EventDraft:
    token = doc[trigger_index]
    entry = TriggerEntry(lemma=token.lemma_, pos=token.pos_, event_type=event_type)
    return EventDraft(sentence=doc[:], triggers=[Trigger(token, entry)], event_type=event_type)


# "On 3 May 2021, workers who were hired in 2016 marched."  (2016 is nearer the trigger)
MARCH_OVER_OLD_DEAL: list[Row] = [
    ("On", "on", "ADP", "prep", 11), ("3", "3", "NUM", "nummod", 2),
    ("May", "May", "PROPN", "pobj", 0), ("2021", "2021", "NUM", "nummod", 2),
    (",", ",", "PUNCT", "punct", 11), ("workers", "worker", "NOUN", "nsubj", 11),
    ("who", "who", "PRON", "nsubjpass", 8), ("were", "be", "AUX", "auxpass", 8),
    ("hired", "hire", "VERB", "relcl", 5), ("in", "in", "ADP", "prep", 8),
    ("2016", "2016", "NUM", "pobj", 9), ("marched", "march", "VERB", "ROOT", 11),
    (".", ".", "PUNCT", "punct", 11),
]
# "A bomb hit the home of a former mayor (term 2010-2015) on 4 June 2021."
BOMB_AT_FORMER_MAYOR: list[Row] = [
    ("A", "a", "DET", "det", 1), ("bomb", "bomb", "NOUN", "nsubj", 2),
    ("hit", "hit", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("home", "home", "NOUN", "dobj", 2), ("of", "of", "ADP", "prep", 4),
    ("a", "a", "DET", "det", 8), ("former", "former", "ADJ", "amod", 8),
    ("mayor", "mayor", "NOUN", "pobj", 5), ("(", "(", "PUNCT", "punct", 10),
    ("term", "term", "NOUN", "appos", 8), ("2010", "2010", "NUM", "nummod", 10),
    ("-", "-", "SYM", "punct", 13), ("2015", "2015", "NUM", "prep", 11),
    (")", ")", "PUNCT", "punct", 10), ("on", "on", "ADP", "prep", 2),
    ("4", "4", "NUM", "nummod", 17), ("June", "June", "PROPN", "pobj", 15),
    ("2021", "2021", "NUM", "nummod", 17), (".", ".", "PUNCT", "punct", 2),
]
# "Overnight between 24 and 25 March 2020, militants looted shops."
OVERNIGHT_RANGE: list[Row] = [
    ("Overnight", "overnight", "ADV", "advmod", 8), ("between", "between", "ADP", "quantmod", 2),
    ("24", "24", "NUM", "dep", 0), ("and", "and", "CCONJ", "cc", 2),
    ("25", "25", "NUM", "conj", 2), ("March", "March", "PROPN", "npadvmod", 2),
    ("2020", "2020", "NUM", "nummod", 5), (",", ",", "PUNCT", "punct", 8),
    ("militants", "militant", "NOUN", "nsubj", 8), ("looted", "loot", "VERB", "ROOT", 8),
    ("shops", "shop", "NOUN", "dobj", 8), (".", ".", "PUNCT", "punct", 8),
]


def test_a_date_inside_a_relative_clause_does_not_date_the_event() -> None:
    doc = parse(MARCH_OVER_OLD_DEAL)
    mentions = find_dates(doc.text, anchor=None)
    assert [m.text for m in mentions] == ["3 May 2021", "2016"]
    picked = pick_date(draft_on(doc, 11, PloverType.PROTEST), mentions)
    assert picked is not None and picked.date == date(2021, 5, 3)


def test_a_year_range_describing_a_person_does_not_date_the_event() -> None:
    doc = parse(BOMB_AT_FORMER_MAYOR)
    mentions = find_dates(doc.text, anchor=None)
    picked = pick_date(draft_on(doc, 2, PloverType.ASSAULT), mentions)
    assert picked is not None and picked.date == date(2021, 6, 4)


def test_a_resolved_date_beats_an_unresolved_one_on_the_same_verb() -> None:
    doc = parse(OVERNIGHT_RANGE)
    mentions = find_dates(doc.text, anchor=None)
    assert any(m.date is None for m in mentions)  # "Overnight" needs an article date
    picked = pick_date(draft_on(doc, 9, PloverType.ASSAULT), mentions)
    assert picked is not None and picked.date == date(2020, 3, 24)


def test_no_date_in_the_sentence_gives_none() -> None:
    doc = parse(MARCH_OVER_OLD_DEAL)
    assert pick_date(draft_on(doc, 11, PloverType.PROTEST), []) is None


# "On 9 May 2021, police detained 20 people in protests for a teacher who was fired on 2 May."
PROTEST_FOR_FIRED_TEACHER: list[Row] = [
    ("On", "on", "ADP", "prep", 6), ("9", "9", "NUM", "nummod", 2),
    ("May", "May", "PROPN", "pobj", 0), ("2021", "2021", "NUM", "nummod", 2),
    (",", ",", "PUNCT", "punct", 6), ("police", "police", "NOUN", "nsubj", 6),
    ("detained", "detain", "VERB", "ROOT", 6), ("20", "20", "NUM", "nummod", 8),
    ("people", "people", "NOUN", "dobj", 6), ("in", "in", "ADP", "prep", 6),
    ("protests", "protest", "NOUN", "pobj", 9), ("for", "for", "ADP", "prep", 10),
    ("a", "a", "DET", "det", 13), ("teacher", "teacher", "NOUN", "pobj", 11),
    ("who", "who", "PRON", "nsubjpass", 16), ("was", "be", "AUX", "auxpass", 16),
    ("fired", "fire", "VERB", "relcl", 13), ("on", "on", "ADP", "prep", 16),
    ("2", "2", "NUM", "nummod", 19), ("May", "May", "PROPN", "pobj", 17),
    (".", ".", "PUNCT", "punct", 6),
]
# "Protesters marched against the 2015 election."
MARCH_AGAINST_OLD_ELECTION: list[Row] = [
    ("Protesters", "protester", "NOUN", "nsubj", 1), ("marched", "march", "VERB", "ROOT", 1),
    ("against", "against", "ADP", "prep", 1), ("the", "the", "DET", "det", 5),
    ("2015", "2015", "NUM", "nummod", 5), ("election", "election", "NOUN", "pobj", 2),
    (".", ".", "PUNCT", "punct", 1),
]
# "On 3 May 2021, gunmen who escaped in 2019 attacked a post."  ("On" misattached to "gunmen")
FRONTED_DATE_ON_SUBJECT: list[Row] = [
    ("On", "on", "ADP", "prep", 5), ("3", "3", "NUM", "nummod", 2),
    ("May", "May", "PROPN", "pobj", 0), ("2021", "2021", "NUM", "nummod", 2),
    (",", ",", "PUNCT", "punct", 10), ("gunmen", "gunman", "NOUN", "nsubj", 10),
    ("who", "who", "PRON", "nsubj", 7), ("escaped", "escape", "VERB", "relcl", 5),
    ("in", "in", "ADP", "prep", 7), ("2019", "2019", "NUM", "pobj", 8),
    ("attacked", "attack", "VERB", "ROOT", 10), ("a", "a", "DET", "det", 12),
    ("post", "post", "NOUN", "dobj", 10), (".", ".", "PUNCT", "punct", 10),
]


def test_a_date_of_a_participant_gives_way_to_the_lead_date() -> None:
    doc = parse(PROTEST_FOR_FIRED_TEACHER)
    mentions = find_dates(doc.text, anchor=None)
    assert [m.text for m in mentions] == ["9 May 2021", "2 May"]
    picked = pick_date(draft_on(doc, 10, PloverType.PROTEST), mentions)
    assert picked is not None and picked.date == date(2021, 5, 9)


def test_a_year_in_an_aside_alone_does_not_date_the_event() -> None:
    # "A bomb hit the home of a former mayor (term 2010-2015)."
    doc = parse([*BOMB_AT_FORMER_MAYOR[:15], (".", ".", "PUNCT", "punct", 2)])
    mentions = find_dates(doc.text, anchor=None)
    assert [m.text for m in mentions] == ["2010 - 2015"]
    assert pick_date(draft_on(doc, 2, PloverType.ASSAULT), mentions) is None


def test_a_background_year_outside_an_aside_is_kept_as_a_last_resort() -> None:
    # it is what tells later stages that the event is history
    doc = parse(MARCH_AGAINST_OLD_ELECTION)
    mentions = find_dates(doc.text, anchor=None)
    assert [m.text for m in mentions] == ["2015"]
    picked = pick_date(draft_on(doc, 1, PloverType.PROTEST), mentions)
    assert picked is not None and picked.date == date(2015, 1, 1)


def test_a_fronted_date_misattached_to_the_subject_still_dates_the_sentence() -> None:
    doc = parse(FRONTED_DATE_ON_SUBJECT)
    mentions = find_dates(doc.text, anchor=None)
    assert [m.text for m in mentions] == ["3 May 2021", "2019"]
    picked = pick_date(draft_on(doc, 10, PloverType.ASSAULT), mentions)
    assert picked is not None and picked.date == date(2021, 5, 3)
