"""A test set for merging reports of one event: ACLED events retold as several news reports.

Each sampled ACLED event is rewritten, by rule and at evaluation time, into two or three
reports by fictional outlets on the event day or one or two days later: the date phrase is
made relative to the article date, the notes are shortened, reordered or prefixed with a lead
sentence built from the record, an early report gives a lower toll, and ACLED's own notation
is kept in some reports and dropped in others. The sample takes runs of events close in time
and place, so many same-day, same-area events must stay apart: the set tests precision as well
as recall. ``pairwise_scores`` then compares a clustering of the reports with the gold events.

No generated text is stored in the project: the reports exist only while an evaluation runs,
because ACLED's terms forbid republishing its notes.
"""

from __future__ import annotations

import csv
import hashlib
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate.acled import acled_files, country_iso3, normalise_type, parse_acled_date
from eventwire.model import Article

DEFAULT_RUN_LENGTH = 12

# ---- reading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DedupSource:
    """One ACLED event, the material its reports are written from."""

    event_id: str
    date: date
    time_precision: int | None  # 1 exact day, 2 week, 3 month
    event_type: str | None  # modern taxonomy (legacy labels mapped by ``normalise_type``)
    sub_event_type: str | None
    actor1: str
    actor2: str
    location: str
    admin1: str
    admin2: str
    country: str | None  # ISO3
    country_name: str  # as ACLED writes it, for datelines
    lat: float | None
    lon: float | None
    fatalities: int
    notes: str
    extract: str  # the folder the row came from


_MISSING = frozenset({"", "na", "n/a", "nan", "none", "null"})


def read_dedup_sources(path: Path) -> Iterator[DedupSource]:
    """The events of every ACLED extract at ``path`` (a CSV file or a folder of ``acled-*``),
    skipping rows without notes, id or a readable date and ids already seen in another file."""
    seen: set[str] = set()
    for csv_path in acled_files(path):
        for source in _read_file(csv_path):
            if source.event_id not in seen:
                seen.add(source.event_id)
                yield source


def _read_file(csv_path: Path) -> Iterator[DedupSource]:
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                source = source_from_row(row, extract=csv_path.parent.name)
                if source is not None:
                    yield source
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {csv_path}: {error}") from error


def source_from_row(row: Mapping[str, str], *, extract: str) -> DedupSource | None:
    """One ACLED row as a source; None when it has no id, no notes or no readable date."""
    event_id, notes = _cell(row, "event_id_cnty"), (row.get("notes") or "").strip()
    day = parse_acled_date(_cell(row, "event_date"))
    if event_id is None or not notes or day is None:
        return None
    event_type, sub_event_type = normalise_type(_cell(row, "event_type"),
                                                _cell(row, "sub_event_type"))
    country = _cell(row, "country") or ""
    precision = _number(_cell(row, "time_precision"))
    return DedupSource(
        event_id=event_id, date=day,
        time_precision=int(precision) if precision is not None else None,
        event_type=event_type, sub_event_type=sub_event_type,
        actor1=_cell(row, "actor1") or "", actor2=_cell(row, "actor2") or "",
        location=_cell(row, "location") or "", admin1=_cell(row, "admin1") or "",
        admin2=_cell(row, "admin2") or "",
        country=country_iso3(country or None, iso3=_cell(row, "iso3")), country_name=country,
        lat=_number(_cell(row, "latitude")), lon=_number(_cell(row, "longitude")),
        fatalities=int(_number(_cell(row, "fatalities")) or 0), notes=notes, extract=extract,
    )


def _cell(row: Mapping[str, str], column: str) -> str | None:
    text = (row.get(column) or "").strip()
    return None if text.casefold() in _MISSING else text


def _number(text: str | None) -> float | None:
    try:
        number = float(text) if text is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


# ---- sampling -----------------------------------------------------------------------------


#: Disjoint halves of the extracts: events of even months tune the merger's settings (dev),
#: events of odd months measure it (test), so the reported score is on events never tuned on.
SPLITS = {"dev": 0, "test": 1}


def sample_sources(path: Path, n_events: int, seed: int, *,
                   run_length: int = DEFAULT_RUN_LENGTH,
                   split: str | None = None) -> list[DedupSource]:
    """``n_events`` events from the extracts at ``path``, in runs of neighbours; with
    ``split`` ("dev" or "test", see :data:`SPLITS`), from that half of them only.

    Each extract is sorted by date and place; a run starts at the first event of a randomly
    drawn day and takes up to ``run_length`` following events, so a run holds events of the
    same day and area that a merger must keep apart. Runs are drawn until the extract's quota
    (see ``extract_quotas``) is met. The same seed gives the same sample.
    """
    if split is not None and split not in SPLITS:
        raise InputError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    by_extract: dict[str, list[DedupSource]] = {}
    for source in read_dedup_sources(path):
        if split is None or source.date.month % 2 == SPLITS[split]:
            by_extract.setdefault(source.extract, []).append(source)
    if not by_extract:
        raise InputError(f"no ACLED rows with notes and a readable date under {path}")
    sizes = {extract: len(sources) for extract, sources in by_extract.items()}
    quotas = extract_quotas(sizes, n_events)
    sample: list[DedupSource] = []
    for extract in sorted(by_extract):
        rng = random.Random(f"{seed}:{extract}")
        sample.extend(_runs(by_extract[extract], quotas[extract], rng, run_length))
    return sample


def extract_quotas(sizes: Mapping[str, int], n_events: int) -> dict[str, int]:
    """How many events each extract gives: half of ``n_events`` split evenly (so a small
    extract still gets a fair share), half in proportion to size, none beyond an extract's
    size; what a small extract cannot give goes to the others by size."""
    total = min(n_events, sum(sizes.values()))
    quotas = dict.fromkeys(sizes, 0)
    even = _largest_remainder(dict.fromkeys(sizes, 1), total // 2)
    for extract in sizes:
        quotas[extract] = min(even[extract], sizes[extract])
    while (left := total - sum(quotas.values())) > 0:
        room = {extract: sizes[extract] - quotas[extract] for extract in sizes}
        weights = {extract: sizes[extract] for extract in sizes if room[extract] > 0}
        for extract, extra in _largest_remainder(weights, left).items():
            quotas[extract] += min(extra, room[extract])
    return quotas


def _largest_remainder(weights: Mapping[str, int], total: int) -> dict[str, int]:
    """``total`` split in proportion to ``weights`` in whole numbers (Hamilton's method)."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    shares = {key: math.floor(value) for key, value in exact.items()}
    by_remainder = sorted(weights, key=lambda key: (shares[key] - exact[key], key))
    for key in by_remainder[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


def _runs(sources: Sequence[DedupSource], quota: int, rng: random.Random,
          run_length: int) -> list[DedupSource]:
    ordered = sorted(sources, key=_neighbour_key)
    first_of_day: dict[date, int] = {}
    for index, source in enumerate(ordered):
        first_of_day.setdefault(source.date, index)
    untaken = list(range(len(ordered)))
    taken: set[int] = set()
    while len(taken) < quota:
        start = first_of_day[ordered[rng.choice(untaken)].date]
        following = (i for i in range(start, len(ordered)) if i not in taken)
        taken.update(list(islice(following, min(run_length, quota - len(taken)))))
        untaken = [i for i in untaken if i not in taken]
    return [ordered[i] for i in sorted(taken)]


def _neighbour_key(source: DedupSource) -> tuple[date, str, str, str, str, str]:
    # Within a day, neighbours in the list are neighbours on the map.
    return (source.date, source.country_name, source.admin1, source.admin2, source.location,
            source.event_id)


# ---- rewriting ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    """One generated news report and the ACLED event it tells of."""

    article: Article
    gold_event: str
    outlet: str


OUTLETS = (
    "Meridian Wire", "Sahel Morning Post", "The Coastline Herald", "Northern Dispatch",
    "Crossroads Daily", "Frontier Bulletin", "Horizon News Agency", "The Evening Ledger",
    "Riverside Gazette", "Continental Press Service", "Plateau Tribune", "Lantern Daily",
)
ATTRIBUTIONS = (
    "local sources said", "residents said", "according to local media", "officials said",
    "witnesses said", "a security source said",
)
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten")

# What happened, as (subject, predicate) of a lead sentence, by ACLED sub-event type, then by
# event type when the sub-type is missing (legacy rows).
HAPPENINGS: dict[str, tuple[str, str]] = {
    "Armed clash": ("fighting", "broke out"),
    "Government regains territory": ("government forces", "retook ground"),
    "Non-state actor overtakes territory": ("armed fighters", "seized ground"),
    "Air/drone strike": ("an air strike", "hit a target"),
    "Shelling/artillery/missile attack": ("shells", "landed"),
    "Remote explosive/landmine/IED": ("an explosive device", "went off"),
    "Grenade": ("a grenade", "was thrown"),
    "Suicide bomb": ("a suicide bomber", "struck"),
    "Attack": ("civilians", "came under attack"),
    "Abduction/forced disappearance": ("an abduction", "was reported"),
    "Sexual violence": ("an assault", "was reported"),
    "Peaceful protest": ("demonstrators", "gathered"),
    "Protest with intervention": ("security forces", "broke up a protest"),
    "Excessive force against protesters": ("security forces", "used force against protesters"),
    "Violent demonstration": ("a protest", "turned violent"),
    "Mob violence": ("a mob", "attacked people"),
    "Agreement": ("rival parties", "reached an agreement"),
    "Arrests": ("security forces", "made arrests"),
    "Change to group/activity": ("armed groups", "shifted their positions"),
    "Disrupted weapons use": ("security forces", "defused an explosive device"),
    "Headquarters or base established": ("an armed group", "set up a base"),
    "Looting/property destruction": ("property", "was destroyed"),
    "Non-violent transfer of territory": ("control of territory", "changed hands"),
    "Battles": ("fighting", "was reported"),
    "Explosions/Remote violence": ("an explosion", "was reported"),
    "Violence against civilians": ("civilians", "were attacked"),
    "Protests": ("a protest", "was held"),
    "Riots": ("unrest", "was reported"),
    "Strategic developments": ("officials", "reported a security incident"),
}
_DEFAULT_HAPPENING = ("an incident", "was reported")

# ACLED's generic actor names as news would write them.
_CLASS_ACTORS = (
    (re.compile(r"^civilians\b", re.IGNORECASE), "civilians"),
    (re.compile(r"^protesters\b", re.IGNORECASE), "protesters"),
    (re.compile(r"^rioters\b", re.IGNORECASE), "rioters"),
    (re.compile(r"^unidentified armed group\b", re.IGNORECASE), "an unidentified armed group"),
    (re.compile(r"^military and police forces of (?P<country>[^(]+)", re.IGNORECASE),
     "{country} security forces"),
    (re.compile(r"^military forces of (?P<country>[^(]+)", re.IGNORECASE), "{country} troops"),
    (re.compile(r"^police forces of (?P<country>[^(]+)", re.IGNORECASE), "{country} police"),
    (re.compile(r"^government of (?P<country>[^(]+)", re.IGNORECASE), "the {country} government"),
)
# "Police Forces of Somalia (2022-) Puntland Maritime Police Force": the unit after the dates.
_UNIT_AFTER_DATES = re.compile(r"\)\s+(?P<unit>[^()]+)$")

_LEADING_TAG = re.compile(r"^[A-Z][A-Za-z/ ]{2,40}:\s+")
_NOTES_DATE = re.compile(r"^On (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>\d{4}),\s*")
_TIME_OF_DAY = re.compile(r"(?:overnight|(?:late )?at night|in the (?:morning|afternoon|evening))"
                          r"\b", re.IGNORECASE)
_DAY_WORDS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|today|tonight|overnight|week|weekend|month|year)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*\[[^\]]*\]")
_CODER_BRACKETS = re.compile(r"\s*\[(?:size=[^\]]*|[^\]]*\bcoded\b[^\]]*)\]"
                             r"|\s*\([^()]*\bcoded\b[^()]*\)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\(([^()]*,[^()]*)\)")
_ADMIN_WORDS = re.compile(r"\b(?:Township|District|State|Region|Province|Governorate|County)\b")
_DOUBLE_STOP = re.compile(r"\.\s+\.|\.\.(?=\s|$)")
# Also "Urozgan.Fatalities ...": ACLED notes sometimes lack the space after a full stop.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])|(?<=[a-z]{2}\.)(?=[A-Z][a-z])")
_ABBREVIATIONS = re.compile(r"\b(?:Lt|Col|Gen|Capt|Maj|Sgt|Mr|Mrs|Dr|St|No|Brig|Cpl|Pvt|Gov)\.$")
_CASUALTY_WORDS = re.compile(r"\b(?:kill|dead|death|die|fatalit|injur|wound|casualt|bod(?:y|ies)|"
                             r"martyr|toll|lifeless)", re.IGNORECASE)
# Sentences about ACLED's own coding rules, which no outlet would print.
_CODING_SENTENCE = re.compile(r"\b(?:fatalit\w*|deaths?|casualt\w*)\b[^.]*\bcoded\b"
                              r"|\bcoded (?:as|at) \d|\bsplit (?:across|between)\b", re.IGNORECASE)
# ACLED shorthand and the plain sentences a reporter would write instead.
_SHORTHAND = {
    "casualties unknown.": ("There was no immediate word on casualties.",
                            "The number of casualties was not immediately known."),
    "fatalities unknown.": ("It was not immediately clear whether anyone was killed.",
                            "There was no word on fatalities."),
    "no casualties reported.": ("There were no reports of casualties.",),
}


@dataclass(frozen=True, slots=True)
class _Plan:
    """The choices behind one report: what makes it differ from its siblings."""

    index: int
    article_date: date
    day_form: str  # see ``day_forms``
    dateline: str  # "none", "location", "admin1", "admin2"
    with_country: bool
    lead: bool
    body: str  # "full", "first", "reordered", "no_toll"
    toll: str  # "none", "early" (a lower toll), "final" (the toll rose to the final figure)
    keep_notation: bool
    boilerplate: str  # "none", "verify", "told", "developing"
    title: bool


def build_test_set(path: Path, *, n_events: int, seed: int,
                   split: str | None = None) -> list[GeneratedReport]:
    """The reports of ``n_events`` sampled events (see ``sample_sources``): the whole test set."""
    return generate_reports(sample_sources(path, n_events, seed, split=split), seed=seed)


def generate_reports(sources: Iterable[DedupSource], *, seed: int) -> list[GeneratedReport]:
    """The reports of every source, in source order."""
    return [report for source in sources for report in reports_for(source, seed)]


def gold_events(reports: Iterable[GeneratedReport]) -> dict[str, str]:
    """Report id -> gold event id, the ``gold`` of ``pairwise_scores``."""
    return {report.article.id: report.gold_event for report in reports}


def reports_for(source: DedupSource, seed: int) -> list[GeneratedReport]:
    """Two or three differently worded reports of ``source`` (how many, and how each is worded,
    follows from ``seed`` and the event id alone)."""
    rng = random.Random(f"{seed}:{source.event_id}")
    plans = _plans(source, rng)
    outlets = rng.sample(OUTLETS, len(plans))
    reports: list[GeneratedReport] = []
    for plan, outlet in zip(plans, outlets, strict=True):
        text = _report_text(source, plan, outlet, rng)
        if any(text == report.article.text for report in reports):
            text = f"{text}\n\n{outlet} could not independently verify the report."
        article = Article(id=_report_id(seed, source.event_id, plan.index), text=text,
                          date=plan.article_date, source=outlet,
                          title=_title(source, plan, rng) if plan.title else None)
        reports.append(GeneratedReport(article=article, gold_event=source.event_id, outlet=outlet))
    return reports


def _report_id(seed: int, event_id: str, index: int) -> str:
    # Opaque, so that no merger can read the gold event off the id.
    digest = hashlib.sha256(f"{seed}:{event_id}:{index}".encode()).hexdigest()
    return f"report-{digest[:16]}"


def _plans(source: DedupSource, rng: random.Random) -> list[_Plan]:
    count = rng.choice((2, 3))
    exact_day = source.time_precision == 1
    offsets = sorted(rng.choice((0, 1, 2)) if exact_day else 0 for _ in range(count))
    bodies = _shuffled(["full", "first", "reordered", "no_toll"], rng)
    early_toll = source.fatalities >= 2 and rng.random() < 0.5 and bool(_sentences_without_toll(
        _clean_notes(source, keep_notation=False, rng=rng)))
    plans = []
    for index, offset in enumerate(offsets):
        article_date = source.date + timedelta(days=offset)
        toll = "early" if early_toll and index == 0 else "final" if early_toll else "none"
        plans.append(_Plan(
            index=index, article_date=article_date,
            day_form=rng.choice(day_forms((article_date - source.date).days, exact_day,
                                          may_omit=not _names_other_days(source.notes))),
            dateline=rng.choice(("none", "location", "location", "admin1", "admin2")),
            with_country=rng.random() < 0.4, lead=rng.random() < 0.5,
            body="no_toll" if toll == "early" else bodies[index], toll=toll,
            keep_notation=rng.random() < 0.4,
            boilerplate=rng.choice(("none", "none", "verify", "told")
                                   + (("developing",) if index == 0 else ())),
            title=rng.random() < 0.7,
        ))
    return plans


def _shuffled(items: list[str], rng: random.Random) -> list[str]:
    rng.shuffle(items)
    return items


# ---- the date phrase ----------------------------------------------------------------------


def day_forms(days_after: int, exact_day: bool, *, may_omit: bool = True) -> tuple[str, ...]:
    """The ways a report ``days_after`` the event can name its day so that a reader of the
    article date still finds that day ("none", the day unsaid, only when the article is of
    the same day and ``may_omit``)."""
    if not exact_day:
        return ("keep",)
    forms: tuple[str, ...] = ("keep", "day_month", "month_day")
    if days_after <= 6:
        forms += ("weekday", "weekday")
    if days_after == 1:
        forms += ("yesterday", "yesterday")
    if days_after == 0:
        forms += ("today", "earlier_today") + (("none",) if may_omit else ())
    return forms


def day_phrase(form: str, event_date: date) -> str | None:
    """The words for ``event_date`` in ``form``, as they stand inside a sentence ("on
    Wednesday", "yesterday"); None for "none" (the day goes unsaid)."""
    day, month = event_date.day, event_date.strftime("%B")
    phrases = {
        "keep": f"on {day} {month} {event_date.year}",
        "day_month": f"on {day} {month}",
        "month_day": f"on {month} {day}",
        "weekday": f"on {event_date.strftime('%A')}",
        "yesterday": "yesterday",
        "today": "today",
        "earlier_today": "earlier today",
    }
    return phrases.get(form)


def rewrite_notes_date(notes: str, source: DedupSource, form: str) -> str:
    """``notes`` with their opening "On 16 April 2025," written in ``form``; notes that open
    otherwise, or on another day than the event's, are left as they are."""
    tag = _LEADING_TAG.match(notes)
    head, notes = (notes[: tag.end()], notes[tag.end():]) if tag else ("", notes)
    found = _NOTES_DATE.match(notes)
    if found is None or form == "keep" or _stated_day(found) != source.date:
        return head + notes
    rest = notes[found.end():]
    phrase = day_phrase(form, source.date)
    if phrase is None:
        # "overnight" alone would name the night before the article day
        # and a sentence should not open with a figure ("1 soldier was killed")
        keep = _TIME_OF_DAY.match(rest) or rest[:1].isdigit()
        return head + (notes if keep else _capitalised(rest))
    return f"{head}{_capitalised(phrase)}, {rest}"


def _names_other_days(notes: str) -> bool:
    """Whether the notes, past their opening date, name some day: with the opening dropped, a
    reader would take that day for the event's."""
    rest = _NOTES_DATE.sub("", _strip_tag(notes), count=1)
    return _DAY_WORDS.search(rest) is not None


def _stated_day(found: re.Match[str]) -> date | None:
    return parse_acled_date(f"{found['day']} {found['month']} {found['year']}")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---- the text -----------------------------------------------------------------------------


def _report_text(source: DedupSource, plan: _Plan, outlet: str, rng: random.Random) -> str:
    notes = _clean_notes(source, keep_notation=plan.keep_notation, rng=rng)
    lead = _lead_sentence(source, plan, rng) if plan.lead or _needs_lead(source, plan) else None
    # A lead that names the day makes the notes' own date phrase redundant.
    form = "none" if lead is not None and plan.day_form != "keep" else plan.day_form
    body = _body(rewrite_notes_date(notes, source, form), plan.body)
    paragraphs = [lead, " ".join(body), _toll_sentence(source, plan, rng),
                  _boilerplate(plan, outlet)]
    text = "\n\n".join(part.strip() for part in paragraphs if part and part.strip())
    return f"{_dateline(source, plan, outlet)}{text}"


def _needs_lead(source: DedupSource, plan: _Plan) -> bool:
    # Notes that never say the day would leave a later report undated.
    return plan.article_date != source.date and _NOTES_DATE.match(_strip_tag(source.notes)) is None


def _clean_notes(source: DedupSource, *, keep_notation: bool, rng: random.Random) -> str:
    """The notes without ACLED's coding remarks, and without its tags and admin parentheses
    unless ``keep_notation``."""
    text = _CODER_BRACKETS.sub("", source.notes)
    if not keep_notation:
        text = _strip_tag(_BRACKETS.sub("", text))
        text = _PARENTHESES.sub(lambda found: _unless_admin(found, source), text)
    text = _DOUBLE_STOP.sub(".", text)  # "Casualties unknown. [...]." without its bracket
    # the first sentence tells what happened, even when it also mentions the coding
    sentences = [_plain_shorthand(sentence, source, rng)
                 for index, sentence in enumerate(split_sentences(text))
                 if index == 0 or not _CODING_SENTENCE.search(sentence)]
    return " ".join(sentence for sentence in sentences if sentence)


def _strip_tag(notes: str) -> str:
    return _LEADING_TAG.sub("", notes, count=1)


def _unless_admin(found: re.Match[str], source: DedupSource) -> str:
    inside = found.group(1)
    names = [name for name in (source.admin1, source.admin2) if name]
    is_admin = any(name in inside for name in names) or _ADMIN_WORDS.search(inside)
    return "" if is_admin else found.group(0)


def _plain_shorthand(sentence: str, source: DedupSource, rng: random.Random) -> str:
    plain = _SHORTHAND.get(sentence.strip().casefold())
    if plain is None:
        return sentence
    # ACLED may code a toll that came in later (a note in brackets, now dropped): the
    # "unknown" of the first report would then contradict the toll.
    return "" if source.fatalities > 0 else rng.choice(plain)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, not split after common title abbreviations ("Lt. Col. Ba")."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if sentences and _ABBREVIATIONS.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


def _body(notes: str, form: str) -> list[str]:
    sentences = split_sentences(notes)
    if form == "first":
        return sentences[:1]
    if form == "reordered" and len(sentences) >= 3:
        return [sentences[0], sentences[-1], *sentences[1:-1]]
    if form == "no_toll":
        return _sentences_without_toll(notes) or sentences
    return sentences


def _sentences_without_toll(notes: str) -> list[str]:
    """The sentences that give no toll; none when the first does, as it tells what happened."""
    sentences = split_sentences(notes)
    if not sentences or _CASUALTY_WORDS.search(sentences[0]):
        return []
    return [sentence for sentence in sentences if not _CASUALTY_WORDS.search(sentence)]


def _lead_sentence(source: DedupSource, plan: _Plan, rng: random.Random) -> str:
    when = day_phrase(plan.day_form, source.date) if source.time_precision == 1 else None
    where = _place_phrase(source, rng)
    said = rng.choice(ATTRIBUTIONS)
    timing = f" {when}" if when else ""
    if source.fatalities > 0 and plan.toll == "none" and plan.body != "no_toll":
        return f"{_people(source.fatalities)} killed {where}{timing}, {said}."
    subject, predicate = _happening(source)
    return f"{_capitalised(subject)} {predicate} {where}{timing}, {said}."


def _happening(source: DedupSource, *, with_actors: bool = True) -> tuple[str, str]:
    actor1, actor2 = _actor_name(source.actor1), _actor_name(source.actor2)
    if with_actors and source.event_type == "Battles" and actor1 and actor2 and actor1 != actor2:
        return f"fighting between {actor1} and {actor2}", "was reported"
    for key in (source.sub_event_type, source.event_type):
        if key in HAPPENINGS:
            return HAPPENINGS[key]
    return _DEFAULT_HAPPENING


def _actor_name(actor: str) -> str:
    """An ACLED actor as a news report names it: class actors in plain words, dated names
    ("Military Forces of Israel (2022-)") without ACLED's parentheses."""
    unit = _UNIT_AFTER_DATES.search(actor)
    if unit:
        return unit["unit"].strip()
    for pattern, plain in _CLASS_ACTORS:
        found = pattern.match(actor)
        if found:
            return plain.format(**{k: v.strip() for k, v in found.groupdict().items()})
    # "JNIM: Group for Support of Islam and Muslims": news uses the short name
    short = actor.split(": ", 1)[0]
    return re.sub(r"\s*\([^)]*\)", "", short).strip()


def _place_phrase(source: DedupSource, rng: random.Random) -> str:
    place = _dateline_place(source.location) or source.admin2 or source.admin1
    if not place:
        return f"in {source.country_name}" if source.country_name else "in the area"
    region = source.admin1 if source.admin1 and source.admin1 != place else None
    options = [f"in {place}"]
    if region:
        options.append(f"in {place}, {region}")
    if source.country_name and source.country_name != place:
        options.append(f"in {place}, {source.country_name}")
    return rng.choice(options)


def _people(count: int) -> str:
    noun = "person was" if count == 1 else "people were"
    if count < len(_NUMBER_WORDS):
        return f"{_capitalised(_NUMBER_WORDS[count])} {noun}"
    return f"A total of {count} {noun}"


def _toll_sentence(source: DedupSource, plan: _Plan, rng: random.Random) -> str | None:
    if plan.toll == "early":
        figure = rng.randint(1, source.fatalities - 1)
        noun = "person was" if figure == 1 else "people were"
        return rng.choice((f"At least {figure} {noun} killed, according to initial reports.",
                           f"Early reports put the death toll at {figure}."))
    if plan.toll == "final":
        said = rng.choice(ATTRIBUTIONS)
        return rng.choice((f"The death toll has risen to {source.fatalities}, {said}.",
                           f"The number of people killed rose to {source.fatalities}."))
    return None


def _boilerplate(plan: _Plan, outlet: str) -> str | None:
    lines = {
        "verify": f"{outlet} could not independently verify the report.",
        "told": f"Residents described the events to {outlet} by telephone.",
        "developing": "This is a developing story and will be updated.",
    }
    return lines.get(plan.boilerplate)


def _dateline(source: DedupSource, plan: _Plan, outlet: str) -> str:
    places = {"location": _dateline_place(source.location), "admin1": source.admin1,
              "admin2": source.admin2}
    place = places.get(plan.dateline)
    if not place:
        return ""
    country = f", {source.country_name}" if plan.with_country and source.country_name else ""
    return f"{place.upper()}{country} ({outlet}) - "


def _dateline_place(location: str) -> str:
    # ACLED writes city districts as "City - District": the city heads the dateline.
    return location.split(" - ")[0].strip()


def _title(source: DedupSource, plan: _Plan, rng: random.Random) -> str:
    place = _dateline_place(source.location) or source.admin1 or source.country_name
    subject, predicate = _happening(source, with_actors=False)
    options = [f"{_capitalised(subject)} {predicate} in {place}"]
    if source.fatalities > 0 and plan.toll != "early":
        options.append(f"{source.fatalities} killed in {place}")
    if plan.toll == "final":
        options.append(f"Toll rises to {source.fatalities} in {place}")
    return rng.choice(options)


# ---- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairScores:
    """Pairwise merge scores: a pair is two reports put in one event.

    With no predicted pairs precision is 1.0 (nothing wrong was merged); with no gold pairs
    recall is 1.0 (nothing was missed).
    """

    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    reports: int
    gold_events: int
    predicted_clusters: int
    unclustered: int  # reports the merger put in no cluster


def pairwise_scores(predicted: Mapping[str, str | None], gold: Mapping[str, str]) -> PairScores:
    """Score ``predicted`` (report id -> cluster id, None for no cluster) against ``gold``
    (report id -> event id) over the reports in ``gold``; a report missing from ``predicted``
    counts as unclustered. Pairs are counted from group sizes, never listed.

    Raises InputError when ``predicted`` names reports that ``gold`` does not have.
    """
    unknown = set(predicted) - set(gold)
    if unknown:
        raise InputError(f"{len(unknown)} predicted reports are not in the gold set "
                         f"(e.g. {min(unknown)!r}): score the reports you generated")
    clusters = {report: predicted.get(report) for report in gold}
    gold_pairs = _pairs(Counter(gold.values()).values())
    predicted_pairs = _pairs(Counter(c for c in clusters.values() if c is not None).values())
    cells = Counter((cluster, gold[report]) for report, cluster in clusters.items()
                    if cluster is not None)
    true_positives = _pairs(cells.values())
    precision = true_positives / predicted_pairs if predicted_pairs else 1.0
    recall = true_positives / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(
        precision=precision, recall=recall, f1=f1, true_positives=true_positives,
        false_positives=predicted_pairs - true_positives,
        false_negatives=gold_pairs - true_positives, reports=len(gold),
        gold_events=len(set(gold.values())),
        predicted_clusters=len({c for c in clusters.values() if c is not None}),
        unclustered=sum(1 for c in clusters.values() if c is None),
    )


def _pairs(group_sizes: Iterable[int]) -> int:
    return sum(size * (size - 1) // 2 for size in group_sizes)
