"""Fatalities and injured from a sentence, by ACLED's rules.

``find_casualties(text)`` returns one ``CasualtyCount`` per figure, sorted by offset, with
``text[c.start:c.end] == c.text``; the span runs from the number to the casualty word ("at
least 12 people were killed", "killing three Palestinians", "the death toll rose to 31").
``tally(counts)`` folds them into ``(fatalities, injured)``. No spaCy model is needed.

**Most conservative figure.** ACLED records the lowest figure a report gives.
  - Lower bounds count as the bound: "at least 260" -> 260, "more than 20" -> 20,
    "over 30" -> 30. Ranges take the low end: "between 10 and 15", "10-15", "two or three".
  - Approximations count as reported: "nearly/about/around/some 40" -> 40 (ACLED codes the
    number the source gives; a coder cannot do better).
  - Upper bounds are not confirmed counts: "up to 30", "as many as 30" are coded as an
    unnumbered plural toll, 10, or the bound if lower ("up to 4" -> 4); "fewer than 5" -> 4.
**Vague quantities** (ACLED codes an unnumbered plural as 10): several / many / multiple /
numerous / a number of / scores of / tens of -> 10; dozens / a dozen / several dozen -> 12;
hundreds -> 100; thousands -> 1000; a couple / both -> 2; a few / a handful -> 3.
**Deaths without a figure** get ACLED's low estimate, 3: "an unknown / unspecified /
undisclosed / undetermined / unconfirmed number of", and a bare "leaving / resulting in /
causing fatalities (or deaths)", "fatalities were reported". With a vague word and nothing
else, "were killed and wounded" / "killing and injuring dozens" counts the vague figure as
dead (some died, and no other figure is given); with a number ("20 killed and wounded",
"killed or wounded 20") the dead are a part of unknown size and nothing is counted.
"two dozen" -> 24. A singular noun with a/an/one/another is 1 ("a Palestinian was killed",
"killing a teenager", "a man and his son" -> 2); with "the" only where it cannot be a
thing ("the driver was killed", "killed the village chief", never "hurt the economy"). "A
family of six" is 6. A plural with no number ("the soldiers were killed") is not counted.
Number words are read exactly by text2num ("twenty-one", "a hundred and twelve", "two
thousand two hundred and fifty-one"); digits may carry thousands commas ("2,251") or a scale
("1.2 million").

**Groups.** Sub-counts are not added: "at least 260 people, including 66 children, were
killed" -> 260; "five of the dead were children" is skipped. Victims joined in one
coordinated phrase are added: "two soldiers and three civilians were killed" -> 5, "killing a
man and his son" -> 2 (one figure whose span covers the whole phrase). A comma list counts as
coordinated when it ends in "and" ("two soldiers, a policeman and a child"), or when every
item has its own noun and a figure in digits ("3 villagers, 9 insurgents were killed" -> 12). As a
subject, a pair joined by ", and" is two clauses ("arrested 40 people, and 3 officers were
injured" -> 3 injured); as objects it is one list ("killing two guards, and seven traders"
-> 9), since a second clause would have its own verb. An aside may sit between the victims
and the verb ("three herders including a boy were killed"), and so may a first verb
("were abducted and killed", "was attacked and beaten to death").

**Casualty words.** Killed: killed, dead, died, deaths, slain, shot dead, gunned down,
"stabbed/beaten/burned to death", fatally/mortally wounded, martyred and martyrs (a
speaker's framing, but still dead), executed, murdered, massacred, assassinated, beheaded,
lynched, "found dead", "succumbed to their wounds", fatalities ("1 fatality"), "shot and
died", bodies, perished, lost their
lives, "N lives lost", "claimed the lives of N", "death toll rose to N".
Injured: injured, wounded, hurt, injuries, "suffered injuries", injuring, wounding, maiming.
"Casualties" mixes dead and wounded, so a number of casualties is not counted at all; nor is
"killed or wounded 20". "Shot" alone may be either and is not counted.

**Zero.** "no one was hurt", "nobody was killed", "no casualties were reported", "without
casualties", "no deaths" give an explicit 0 (so the caller can tell "said none" from "said
nothing"). A zero for deaths is a zero for fatalities only; a zero for injuries or
casualties is a zero for both, since a report that nobody was hurt also says nobody died.
"No immediate word on casualties" is no report, not a zero.

**Not victims.** Ages ("a 17-year-old boy was killed" -> 1), dates ("killed on 14
October"), times, "two-day raid", years ("the 2014 war that killed 2,251" -> 2,251), units
and weapons ("fired 20 rockets"), labels ("Route 60", "Resolution 1701", "Area 51"), and the
agents of an active verb ("three gunmen killed two soldiers" -> 2). Only a number that
quantifies the victims of the casualty word in its own clause counts. Attackers killed are
victims like any other (ACLED counts all fatalities).

**Tally.** Per kind: None when no figure of that kind was found; 0 when every figure is an
explicit zero; otherwise the largest figure (a text that repeats its toll, "killed five ...
the five dead", is not doubled), plus every figure marked as on top of another ("another
three", "a further two", "two more", "were also killed", "two others died"). Figures that
each name a different party (armed groups: militants, fighters, rebels ...; state forces:
soldiers, police ...; peacekeepers; civilians: residents, villagers, children ...) are
added, since ACLED counts every party's dead in one event: "25 militants were killed, 13
soldiers were killed" -> 38. If any figure is unnamed or generic ("12 dead", "people",
"victims") or names no known party ("Palestinians"), the largest figure is taken instead,
as it may already hold the others. A toll ("the death toll rose to
31") is a running total, so it is never added to: "seven more died, bringing the toll to
31" -> 31.

**Not handled.** Pronoun subjects ("he was killed"), tables ("Killed: 3"), figures split
across clauses without a marker ("two in Jenin and three in Nablus" counts the first only).
"""

from __future__ import annotations

from eventwire.casualties.finder import find_candidates
from eventwire.casualties.tally import tally
from eventwire.model import CasualtyCount

__all__ = ["find_casualties", "tally"]


def find_casualties(text: str) -> list[CasualtyCount]:
    """Casualty figures in ``text`` (usually one sentence), with offsets into it."""
    return find_candidates(text)
