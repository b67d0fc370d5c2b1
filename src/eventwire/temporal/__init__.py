"""Find date expressions in article text and resolve them against the article date.

``find_dates(text, anchor=article.date)`` returns ``DateMention`` records sorted by offset,
with ``text[m.start:m.end] == m.text``. Where matches overlap, the longest wins ("Friday,
14 October 2022" rather than "Friday" and "14 October 2022"; "May last year" rather than
"last year"). The anchor is the publication date: "yesterday" means the day before it.

**What a resolved date means.** ``date`` is the first day of the period named and
``precision`` its size: DAY, WEEK (a stretch of up to seven days: an ISO week starting on
Monday, or a weekend starting on Saturday), MONTH (the 1st) or YEAR (1 January). "mid-May"
is 1 May with month precision; "late last year" is 1 January with year precision. ``date`` is
None when the expression needs the anchor and there is none, or cannot name a day at all
("days earlier"); the mention is still returned so the caller can see a date was given.

**The mention span** excludes the preposition that licensed the match ("in May" gives
"May", "back in 2014" gives "2014") but keeps words that change the date ("last Friday",
"late on Sunday", "Friday night", "early 2021", "May last year").

Rules, in the words of wire copy (anchor Friday 14 October 2022 in the examples):

*Relative days* (day precision)
  - "today", "tonight", "this morning/afternoon/evening", "earlier/later today": the anchor.
  - "yesterday" (also "... morning/afternoon/evening"), "last night", "late last night",
    "overnight", "the previous day", "the previous night", "the night before": anchor - 1.
    A night is dated by the day it began, so "last night" and "overnight" are the day before
    the article, not the article day. "an overnight curfew" is not a date.
  - "the day before yesterday": anchor - 2. "tomorrow": +1. "the day after tomorrow": +2.
  - "the day before" only at the end of a clause ("... the day before."); "the day before
    the vote" points at another event and is skipped.
  - "N days ago" / "N days earlier" (digits or words: "two", "a", "a couple of"): anchor - N.
    Following the usual wire pattern, "earlier" is taken to count back from the article date.
  - "N days later" / "N days after", and vague counts ("days earlier", "several weeks
    ago"): ``date=None``, because they are relative to another event in the story or name no
    number. Their precision gives the scale: days -> week, weeks -> month, months and years
    -> year.

*Weekdays* ("Friday", "on Friday", "Friday morning", "Tuesday night", "late on Sunday",
"early Monday", "overnight Thursday"): the most recent such day on or before the anchor; the
anchor's own weekday is the anchor itself ("on Friday" in a Friday article is that day).
"last Friday" / "this past Friday" / "past Friday": strictly before the anchor (a week back in
a Friday article). "this Monday": as a bare weekday. "next Friday": strictly after. "Friday
last week": that weekday in the previous ISO week. Plurals ("on Fridays"), named days
("Bloody Sunday", "Good Friday") and newspapers ("the Sunday Times") are not dates.

*Weeks, months, years* (first day of the period, its precision)
  - "last week" / "the previous week": Monday of the previous ISO week; "this week",
    "earlier this week", "earlier in the week": Monday of the anchor's week; "next week",
    "the following week": the Monday after. Likewise "last/this/next month" (1st of the
    month; "last month" in January is December of the year before) and "last/this/next year"
    (1 January). A qualifier ("early", "late", "mid", "earlier", "later") keeps the period.
  - "N weeks ago": Monday of the week holding anchor - 7N (week precision). "N months ago":
    the 1st of the month N months back. "N years ago": 1 January, N years back.
  - Weekends are dated by their Saturday, week precision: "last weekend" / "this past
    weekend" is the weekend before the anchor's ISO week (in a Sunday article, the one eight
    days back); "the weekend" / "over the weekend" / "at the weekend" is the latest weekend
    begun by the anchor; "this weekend" the anchor's own week's; "next weekend" the one after.

*Absolute and partly absolute dates* (day precision)
  - "14 October 2022", "14th of October, 2022", "the twenty-first of May 2020",
    "October 14, 2022", "Friday, October 14", "Oct. 14": with a year, that day; without one,
    the most recent such day on or before the anchor ("March 4" in an article of 1 March 2022
    is 4 March 2021; "29 February" goes back to the last leap year). "4 March last year" is
    4 March of the anchor's year - 1. Without an anchor (an undated article) a year-less
    day is not guessed: ``date`` is None (the mention keeps its DAY precision), so the
    event's date stays empty rather than wrong. It does not borrow the year of another
    date in the text either: such a date is often an earlier event's ("after the attack
    of 12 March 2019, on 4 June ..."), and borrowing lost more dates than it gained on
    the ACLED evaluation. Impossible days ("31 April") are dropped, so "29
    February 2023" degrades to "February 2023" (month precision).
  - "2022-10-14" (ISO). "14/10/2022", "14.10.2022", "14-10-2022": day first, as in most wire
    copy outside the United States; read month first only when day first is impossible
    ("10/14/2022"). Two-digit years in this form are not read (too ambiguous).
  - Day ranges ("12 to 13 May", "12-13 May", "May 12-13", "the night of 12 to 13 May"): the
    first day.
  - Anything else compact with a day, a month name and a year ("14-Oct-22", "Oct 14 '22",
    "2022/10/14") is handed to dateparser one candidate at a time; dateparser never scans
    whole texts.

*Months* (month precision)
  - "May 2021", "mid-May 2021", "May of 2021": that month. "May last year" / "May this year".
  - "in May", "since May", "until May", "during May", "the end of May", "early May",
    "mid-May", "late May": the most recent May begun by the anchor (the same year in an
    October article, the year before in a March one; "in December" in a January article is
    the December before). "last May": the latest May before the anchor's month; "this May":
    the anchor's year; "next May": the next one after the anchor's month.
  - Month names count only when capitalised, and a bare month only in those contexts or next
    to a day or year, so "they may strike", "a march through the city" and "Theresa May said"
    are not dates. Month abbreviations ("Oct.") need a day or a year.

*Years* (year precision, 1 January; only 1900-2099)
  - After "in", "back in", "since", "during", "until", "by", "from", "before", "after", or
    "the end/summer/... of": "in 2021", "back in 2014", "in early 2021", "the summer of 2014".
  - With a qualifier anywhere: "early 2021", "mid-2014", "late 2019".
  - Before an event noun, up to two words apart: "the 2014 war", "the 2020 presidential
    election", "the 2022 World Cup".
  - Ranges ("2014-15", "2011 to 2014", "between 2011 and 2014"): the first year; a range that
    runs backwards is not a range.
  - Never a count: "2014 people", "a total of 2014 protesters", "2,014", "in 2019 per cent",
    "the 1990s", "at 2014 hours" are not years. The price is that "In 2014 people fled"
    (no comma) is missed.

Known limits: "the 4th" without a month, seasons ("last summer"; "the summer of 2014" is
read as the year), named holidays and anniversaries ("the September 11 attacks" resolves as
the most recent 11 September), a surname before a day number ("Prime Minister May 2 ...").
"""

from __future__ import annotations

from eventwire.temporal.finder import find_dates

__all__ = ["find_dates"]
