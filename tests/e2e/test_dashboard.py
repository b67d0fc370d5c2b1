"""End-to-end tests of the dashboard (`eventwire serve`): headless Chromium against the real
app on 127.0.0.1, over a small store of hand-written wire reports.

The expected numbers below were worked out by hand from the corpus, not read from the API:

    event                      type     date        week of     place (country)     killed
    e1 Omdurman shelling       ASSAULT  2024-05-07  2024-05-06  Omdurman (SDN)         9
    e2 Omdurman protest        PROTEST  2024-05-08  2024-05-06  Omdurman (SDN)         -
    e3 Abu Shouk shelling      ASSAULT  2024-05-13  2024-05-13  Abu Shouk camp (SDN)   4
    e4 threat to storm         ASSAULT  2024-05-16  2024-05-13  El Fasher (SDN)        -   threatened
    e5 Istanbul march          PROTEST  2024-05-18  2024-05-13  Beyazit Square (TUR)   -
    e6 tear gas                COERCE   2024-05-18  2024-05-13  Taksim (TUR)           -
    e7 Port Sudan drones       ASSAULT  2024-05-23  2024-05-20  Port Sudan (SDN)       2
    e8 2019 massacre           ASSAULT  undated     -           Khartoum, no coords    -   historical
    e9 Rubaya seized           ASSAULT  2024-05-20  2024-05-20  Rubaya (COD)           7   claimed
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from browser import headless_chromium, serve_in_thread

from eventwire.api import create_app
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Figure,
    Location,
    Modality,
    PloverType,
    Statement,
    TextSpan,
    event_id_for,
)
from eventwire.store import SQLiteStore

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

WAIT_SECONDS = 10

# --- the corpus: hand-written wire reports -------------------------------------------------------

OMDURMAN = (
    "OMDURMAN, Sudan, May 8 (Wire) - Artillery fire from Rapid Support Forces positions struck a "
    "crowded market in Omdurman on Tuesday, killing nine people, medics said. Residents of the "
    "city protested outside the local council on Wednesday to demand protection."
)
EL_FASHER = (
    "EL FASHER, Sudan, May 16 (Wire) - Rapid Support Forces fighters shelled the Abu Shouk camp "
    "on Monday, killing four civilians, aid workers said. The paramilitary group threatened to "
    "storm El Fasher within days."
)
ISTANBUL = (
    "ISTANBUL, May 18 (Wire) - Thousands of students marched through Beyazit Square on Saturday "
    "against the detention of the city's mayor. Police fired tear gas to disperse the crowd near "
    "Taksim, injuring five people."
)
PORT_SUDAN = (
    "PORT SUDAN, May 24 (Wire) - Drones launched by the Rapid Support Forces hit a fuel depot in "
    "Port Sudan on Thursday, killing two workers. The attack recalled the 2019 massacre, when "
    "paramilitary forces killed dozens of protesters in Khartoum."
)
GOMA = (
    "GOMA, Democratic Republic of Congo, May 21 (Wire) - M23 rebels seized the town of Rubaya on "
    "Monday after clashes with the army that killed seven soldiers, a local official said."
)

ABU_SHOUK_SENTENCE = (
    "Rapid Support Forces fighters shelled the Abu Shouk camp on Monday, killing four civilians, "
    "aid workers said."
)
PORT_SUDAN_TITLE = "Drones hit <b>Port Sudan</b> depot <img src=x onerror=\"document.title='owned'\">"
RSF = "Rapid Support Forces"
CIVILIANS = "Civilians (Sudan)"


def span(text: str, words: str) -> TextSpan:
    start = text.index(words)
    return TextSpan(words, start, start + len(words))


def party(text: str, words: str, name: str | None = None) -> ActorRef:
    mention = span(text, words)
    return ActorRef(mention.text, mention.start, mention.end, name=name)


def place(text: str, words: str, country: str, admin1: str,
          coords: tuple[float, float] | None) -> Location:
    mention = span(text, words)
    lat, lon = coords if coords else (None, None)
    return Location(words, mention.text, mention.start, mention.end, lat=lat, lon=lon,
                    country=country, admin1=admin1)


def sentence(text: str, first_words: str) -> TextSpan:
    """The sentence of ``text`` that starts with ``first_words``."""
    start = text.index(first_words)
    return TextSpan(text[start:text.index(".", start) + 1], start, text.index(".", start) + 1)


def event(article: Article, trigger: str, evidence: TextSpan, event_type: PloverType,
          day: int | None, **fields: Any) -> Event:
    trigger_span = span(article.text, trigger)
    return Event(
        event_id=event_id_for(article.id, trigger_span.start, str(event_type)),
        article_id=article.id, event_type=event_type, evidence=evidence, trigger=trigger_span,
        date=date(2024, 5, day) if day else None,
        date_precision=DatePrecision.DAY if day else None, **fields,
    )


def corpus() -> list[tuple[Article, list[Event]]]:
    """Five articles, nine events: the table in the module docstring."""
    omdurman = Article("wire-sdn-0508", OMDURMAN, date(2024, 5, 8), title="Market shelled in "
                       "Omdurman", source="Wire")
    el_fasher = Article("wire-sdn-0516", EL_FASHER, date(2024, 5, 16),
                        title="Darfur camp shelled", source="Wire")
    istanbul = Article("wire-tur-0518", ISTANBUL, date(2024, 5, 18), title="Students march in "
                       "Istanbul", source="Wire")
    # the title carries markup, as a scraped feed might: the page must show it as text
    port_sudan = Article("wire-sdn-0524", PORT_SUDAN, date(2024, 5, 24),
                         title=PORT_SUDAN_TITLE, source="Wire")
    goma = Article("wire-cod-0521", GOMA, date(2024, 5, 21), title="M23 takes Rubaya",
                   source="Wire")
    official = party(GOMA, "a local official")
    return [
        (omdurman, [
            event(omdurman, "struck", sentence(OMDURMAN, "Artillery"), PloverType.ASSAULT, 7,
                  actor=party(OMDURMAN, RSF, RSF), recipient=party(OMDURMAN, "nine people",
                                                                   CIVILIANS),
                  location=place(OMDURMAN, "Omdurman", "SDN", "Khartoum", (15.64, 32.48)),
                  fatalities=9),
            event(omdurman, "protested", sentence(OMDURMAN, "Residents"), PloverType.PROTEST, 8,
                  actor=party(OMDURMAN, "Residents", "Residents (Sudan)"),
                  location=place(OMDURMAN, "Omdurman", "SDN", "Khartoum", (15.64, 32.48))),
        ]),
        (el_fasher, [
            event(el_fasher, "shelled", span(EL_FASHER, ABU_SHOUK_SENTENCE), PloverType.ASSAULT,
                  13, actor=party(EL_FASHER, RSF, RSF),
                  recipient=party(EL_FASHER, "four civilians", CIVILIANS),
                  location=place(EL_FASHER, "Abu Shouk camp", "SDN", "North Darfur",
                                 (13.67, 25.33)), fatalities=4),
            event(el_fasher, "storm", sentence(EL_FASHER, "The paramilitary"), PloverType.ASSAULT,
                  16, actor=party(EL_FASHER, "The paramilitary group", RSF),
                  location=place(EL_FASHER, "El Fasher", "SDN", "North Darfur", (13.63, 25.35)),
                  modality=Modality.THREATENED),
        ]),
        (istanbul, [
            event(istanbul, "marched", sentence(ISTANBUL, "Thousands"), PloverType.PROTEST, 18,
                  actor=party(ISTANBUL, "students", "Students (Turkey)"),
                  location=place(ISTANBUL, "Beyazit Square", "TUR", "Istanbul", (41.01, 28.96))),
            event(istanbul, "fired", sentence(ISTANBUL, "Police"), PloverType.COERCE, 18,
                  actor=party(ISTANBUL, "Police", "Police (Turkey)"),
                  recipient=party(ISTANBUL, "the crowd", "Protesters (Turkey)"),
                  location=place(ISTANBUL, "Taksim", "TUR", "Istanbul", (41.04, 28.99)),
                  injured=5),
        ]),
        (port_sudan, [
            event(port_sudan, "hit", sentence(PORT_SUDAN, "Drones"), PloverType.ASSAULT, 23,
                  actor=party(PORT_SUDAN, RSF, RSF),
                  recipient=party(PORT_SUDAN, "two workers", CIVILIANS),
                  location=place(PORT_SUDAN, "Port Sudan", "SDN", "Red Sea", (19.62, 37.22)),
                  fatalities=2),
            event(port_sudan, "killed", sentence(PORT_SUDAN, "The attack"), PloverType.ASSAULT,
                  None, actor=party(PORT_SUDAN, "paramilitary forces"),
                  recipient=party(PORT_SUDAN, "protesters", "Protesters (Sudan)"),
                  location=place(PORT_SUDAN, "Khartoum", "SDN", "Khartoum", None),
                  historical=True),
        ]),
        (goma, [
            event(goma, "seized", sentence(GOMA, "M23"), PloverType.ASSAULT, 20,
                  actor=party(GOMA, "M23 rebels", "M23"),
                  recipient=party(GOMA, "the army", "Congolese army (FARDC)"),
                  location=place(GOMA, "Rubaya", "COD", "North Kivu", (-1.56, 28.88)),
                  fatalities=7, modality=Modality.CLAIMED, claimed_by=official,
                  statement=Statement(speaker=span(GOMA, "a local official"),
                                      verb=span(GOMA, "said")),
                  figures=(Figure("killed", 7, "killed seven soldiers",
                                  *_offsets(GOMA, "killed seven soldiers"), source=official),)),
        ]),
    ]  # fmt: skip


def _offsets(text: str, words: str) -> tuple[int, int]:
    mention = span(text, words)
    return mention.start, mention.end


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over the corpus, on 127.0.0.1; yields its origin."""
    db = tmp_path_factory.mktemp("dashboard") / "events.db"
    with SQLiteStore(db) as store:
        store.save(corpus())
        record_alert(store)
    with serve_in_thread(create_app(db)) as origin:
        yield origin


SHELLING_ALERT = "9 killed in Omdurman in the week of 2024-05-06, against none before."


def record_alert(store: SQLiteStore) -> None:
    """One alert, as `eventwire signals --rules` records it: a spike behind the shelling."""
    import io

    from eventwire.alerts import parse_rules, run_alerts
    from eventwire.signals.model import Signal

    shelling = corpus()[0][1][0]
    signal = Signal("spike", "SDN/Khartoum", date(2024, 5, 6), date(2024, 5, 12), 9.0,
                    "fatalities", SHELLING_ALERT, baseline=0.0, country="SDN",
                    admin1="Khartoum", event_ids=(shelling.event_id,))
    rules = parse_rules({"rules": [{"name": "Sudan violence", "country": ["SDN"],
                                    "stdout": True}]})
    report = run_alerts(store, rules, [signal], stream=io.StringIO())
    assert len(report.fired) == 1


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


@pytest.fixture
def dashboard(driver: Any, server: str) -> Iterator[Dashboard]:
    page = Dashboard(driver, server)
    page.browser_errors()  # drop what an earlier test left in the log
    yield page


class Dashboard:
    """The page in the browser, read through the data attributes it promises."""

    def __init__(self, driver: Any, origin: str) -> None:
        self.driver = driver
        self.origin = origin

    def open(self, query: str = "") -> None:
        """Loads the page with a query string and waits until every view has loaded."""
        self.driver.get(f"{self.origin}/{query}")
        self.wait_until("document.body.dataset.loading === 'false'")

    def wait_until(self, condition: str) -> Any:
        """Waits until the JavaScript expression ``condition`` is truthy; its value."""
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT_SECONDS).until(
            lambda driver: driver.execute_script(f"return ({condition});"),
            message=f"timed out waiting for {condition}",
        )

    def js(self, script: str) -> Any:
        return self.driver.execute_script(script)

    def find(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def query(self) -> str:
        return str(self.js("return window.location.search;"))

    def timeline(self) -> dict[str, dict[str, int]]:
        """Bucket key -> type -> count, from the bars' segments."""
        segments = self.js("""return [...document.querySelectorAll('#timeline-chart rect.segment')]
            .map((s) => [s.dataset.key, s.dataset.type, Number(s.dataset.count)]);""")
        buckets: dict[str, dict[str, int]] = {}
        for key, event_type, count in segments:
            buckets.setdefault(key, {})[event_type] = count
        return buckets

    def places(self) -> dict[str, tuple[int, int]]:
        """Place name -> (events, fatalities), from the map's circles."""
        circles = self.js("""return [...document.querySelectorAll('#map-chart circle.place')]
            .map((c) => [c.dataset.place, Number(c.dataset.events),
                         Number(c.dataset.fatalities)]);""")
        return {name: (events, fatalities) for name, events, fatalities in circles}

    def table_total(self) -> int:
        return int(self.js("return document.getElementById('table-range').dataset.total;"))

    def table_cells(self, column: int) -> list[str]:
        """The text of one column (0 = date) of the event table, top to bottom."""
        return list(self.js(f"""return [...document.querySelectorAll(
            '#events-table tbody tr[data-event-id]')].map((row) =>
            row.cells[{column}].textContent);"""))

    def browser_errors(self) -> list[str]:
        """SEVERE entries of the browser's console log since the last call (it drains)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE"]


# --- tests ------------------------------------------------------------------------------------

ALL_WEEKS = {
    "2024-05-06": {"ASSAULT": 1, "PROTEST": 1},
    "2024-05-13": {"ASSAULT": 2, "PROTEST": 1, "COERCE": 1},
    "2024-05-20": {"ASSAULT": 2},
}
ALL_PLACES = {
    "Omdurman": (2, 9), "Abu Shouk camp": (1, 4), "El Fasher": (1, 0), "Beyazit Square": (1, 0),
    "Taksim": (1, 0), "Port Sudan": (1, 2), "Rubaya": (1, 7),
}


def test_timeline_stacks_each_week_by_type(dashboard: Dashboard) -> None:
    dashboard.open()
    assert dashboard.timeline() == ALL_WEEKS
    # the undated 2019 massacre is left out; types in the legend most events first
    legend = dashboard.js("return [...document.querySelectorAll('#timeline-legend li')]"
                          ".map((item) => item.dataset.type);")
    assert legend == ["ASSAULT", "PROTEST", "COERCE"]
    colours = dashboard.js("""return [...document.querySelectorAll('rect.segment')]
        .map((s) => [s.dataset.type, s.getAttribute('fill')]);""")
    assert len({fill for event_type, fill in colours if event_type == "ASSAULT"}) == 1
    assert len({fill for _, fill in colours}) == 3


def test_timeline_by_day(dashboard: Dashboard) -> None:
    dashboard.open()
    dashboard.find("#timeline-view button[data-interval='day']").click()
    dashboard.wait_until("document.querySelector('#timeline-chart svg')?.dataset.interval"
                         " === 'day'")
    assert dashboard.timeline() == {
        "2024-05-07": {"ASSAULT": 1}, "2024-05-08": {"PROTEST": 1}, "2024-05-13": {"ASSAULT": 1},
        "2024-05-16": {"ASSAULT": 1}, "2024-05-18": {"PROTEST": 1, "COERCE": 1},
        "2024-05-20": {"ASSAULT": 1}, "2024-05-23": {"ASSAULT": 1},
    }
    assert "interval=day" in dashboard.query()


def test_map_draws_countries_and_a_circle_per_place(dashboard: Dashboard) -> None:
    dashboard.open()
    assert dashboard.js("return document.querySelectorAll('#map-chart path.country').length;") \
        == 177  # Natural Earth 1:110m admin-0 countries
    highlighted = dashboard.js("""return [...document.querySelectorAll('path.has-events')]
        .map((p) => p.dataset.iso3).sort();""")
    assert highlighted == ["COD", "SDN", "TUR"]
    assert dashboard.places() == ALL_PLACES
    tooltip = dashboard.js("return document.querySelector(\"circle[data-place='Omdurman'] "
                           "title\").textContent;")
    assert tooltip == "Omdurman, Khartoum, SDN: 2 events, 9 fatalities"
    assert dashboard.find("#map-note").text == "7 places; 1 event without coordinates"
    # zoomed to the events: every circle inside the view, and far less than the whole world
    view_box = dashboard.js("return document.querySelector('#map-chart svg')"
                            ".getAttribute('viewBox');")
    x, y, width, height = map(float, view_box.split())
    for lon, lat in [(32.48, 15.64), (28.96, 41.01), (37.22, 19.62), (28.88, -1.56)]:
        assert x < lon < x + width and y < -lat < y + height
    assert width < 180 and height < 70  # the world is 360 by 144


def test_circle_area_follows_fatalities(dashboard: Dashboard) -> None:
    dashboard.open()
    radius = dict(dashboard.js("""return [...document.querySelectorAll('circle.place')]
        .map((c) => [c.dataset.place, Number(c.dataset.radius)]);"""))
    # area in proportion: 9 killed against 4 killed is a radius ratio of sqrt(9/4) = 1.5
    assert radius["Omdurman"] / radius["Abu Shouk camp"] == pytest.approx(1.5)
    assert radius["Taksim"] == radius["El Fasher"] > 0  # no deaths: the smallest circle


def test_table_shows_the_total_and_rows(dashboard: Dashboard) -> None:
    dashboard.open()
    assert dashboard.table_total() == 9
    assert dashboard.find("#table-range").text == "showing 1-9 of 9"
    assert dashboard.table_cells(0) == [
        "2024-05-07", "2024-05-08", "2024-05-13", "2024-05-16", "2024-05-18", "2024-05-18",
        "2024-05-20", "2024-05-23", "undated"]
    assert dashboard.table_cells(2)[:3] == [RSF, "Residents (Sudan)", RSF]
    assert dashboard.table_cells(5) == ["9", "", "4", "", "", "", "7", "2", ""]
    assert dashboard.table_cells(6)[3] == "threatened"
    assert dashboard.table_cells(6)[8] == "asserted, background"
    assert dashboard.find("#table-next").get_attribute("disabled") is not None


def test_a_page_past_the_end_says_so(dashboard: Dashboard) -> None:
    dashboard.open("?offset=50")
    assert dashboard.find("#table-range").text == "none on this page (9 in all)"
    dashboard.find("#table-prev").click()
    dashboard.wait_until("document.getElementById('table-range').dataset.last === '9'")
    assert "offset" not in dashboard.query()


def test_filtering_by_type_updates_every_view_and_the_url(dashboard: Dashboard) -> None:
    from selenium.webdriver.support.ui import Select

    dashboard.open()
    Select(dashboard.find("#filters select[name='type']")).select_by_value("PROTEST")
    dashboard.wait_until("document.getElementById('table-range').dataset.total === '2'")
    dashboard.wait_until("document.body.dataset.loading === 'false'")
    assert "type=PROTEST" in dashboard.query()
    assert dashboard.timeline() == {"2024-05-06": {"PROTEST": 1}, "2024-05-13": {"PROTEST": 1}}
    assert dashboard.places() == {"Omdurman": (1, 0), "Beyazit Square": (1, 0)}
    assert dashboard.find("#map-note").text == "2 places"
    assert {row["type"] for row in actor_links(dashboard)} == {"PROTEST"}


def test_a_linked_url_applies_its_filters(dashboard: Dashboard) -> None:
    dashboard.open("?country=TUR&factual=true&modality=asserted")
    assert dashboard.table_total() == 2
    assert dashboard.timeline() == {"2024-05-13": {"PROTEST": 1, "COERCE": 1}}
    assert dashboard.places() == {"Beyazit Square": (1, 0), "Taksim": (1, 0)}
    assert dashboard.find("#filters input[name='country']").get_attribute("value") == "TUR"
    assert dashboard.find("#filters input[name='factual']").is_selected()
    # a filter without a control is shown, never applied unseen
    assert "modality=asserted" in dashboard.find("#other-filters").text


def test_checkboxes_leave_out_threats_and_background(dashboard: Dashboard) -> None:
    dashboard.open("?type=ASSAULT")
    assert dashboard.table_total() == 6
    dashboard.find("#filters input[name='factual']").click()  # the threat to storm El Fasher
    dashboard.wait_until("document.getElementById('table-range').dataset.total === '5'")
    dashboard.find("#filters input[name='no_historical']").click()  # the 2019 massacre
    dashboard.wait_until("document.getElementById('table-range').dataset.total === '4'")
    assert dashboard.query() == "?type=ASSAULT&factual=true&no_historical=true"


def test_a_row_opens_the_event_with_its_evidence_marked(dashboard: Dashboard) -> None:
    dashboard.open()
    rows = dashboard.driver.find_elements("css selector", "#events-table tbody tr")
    rows[2].click()  # the shelling of Abu Shouk camp
    dashboard.wait_until("!document.getElementById('event-view').hidden")
    dashboard.wait_until("document.querySelector('#article-text mark.evidence')")
    evidence = dashboard.find("#article-text mark.evidence").text
    assert evidence == ABU_SHOUK_SENTENCE
    assert dashboard.find("#article-text mark.evidence mark.trigger").text == "shelled"
    assert dashboard.find("#article-text").text == EL_FASHER
    assert dashboard.find("#article-title").text == "Darfur camp shelled"
    fields = dashboard.find("#event-fields").text
    assert "Rapid Support Forces \u2192 Civilians (Sudan)" in fields
    assert "Abu Shouk camp, SDN \u2014 North Darfur (13.67, 25.33)" in fields
    assert "event=ev-" in dashboard.query()
    dashboard.driver.back()  # opening an event added a history entry: Back closes it
    dashboard.wait_until("document.getElementById('event-view').hidden")
    assert "event=" not in dashboard.query()
    rows[2].click()
    dashboard.wait_until("!document.getElementById('event-view').hidden")
    dashboard.find("#event-close").click()
    dashboard.wait_until("document.getElementById('event-view').hidden")
    assert "event=" not in dashboard.query()


def test_a_linked_event_shows_who_claims_it_and_the_figures(dashboard: Dashboard) -> None:
    rubaya = event_id_for("wire-cod-0521", GOMA.index("seized"), "ASSAULT")
    dashboard.open(f"?country=COD&event={rubaya}")
    dashboard.wait_until("!document.getElementById('event-view').hidden")
    assert dashboard.find("#article-text mark.trigger").text == "seized"
    claimed = dashboard.find("#event-fields dd[data-field='claimed-by']").text
    assert claimed == "a local official"
    figure = dashboard.find("#event-fields dd[data-field='figures']").text
    assert figure == "7 killed \u2014 \u201ckilled seven soldiers\u201d (a local official)"
    assert dashboard.table_total() == 1


def actor_links(dashboard: Dashboard) -> list[dict[str, Any]]:
    return list(dashboard.js("""return [...document.querySelectorAll('#actors-table tr.link')]
        .map((row) => ({actor: row.dataset.actor ?? null, recipient: row.dataset.recipient ?? null,
                        type: row.dataset.type, events: Number(row.dataset.events),
                        fatalities: Number(row.dataset.fatalities)}));"""))


def test_actor_view_lists_who_acts_on_whom(dashboard: Dashboard) -> None:
    dashboard.open()
    links = actor_links(dashboard)
    assert links[0] == {"actor": RSF, "recipient": CIVILIANS, "type": "ASSAULT", "events": 3,
                        "fatalities": 15}
    assert {(r["actor"], r["recipient"], r["type"], r["events"], r["fatalities"])
            for r in links[1:]} == {
        ("M23", "Congolese army (FARDC)", "ASSAULT", 1, 7),
        ("Police (Turkey)", "Protesters (Turkey)", "COERCE", 1, 0),
        (RSF, None, "ASSAULT", 1, 0),  # the threat
        ("Residents (Sudan)", None, "PROTEST", 1, 0),
        ("Students (Turkey)", None, "PROTEST", 1, 0),
        ("paramilitary forces", "Protesters (Sudan)", "ASSAULT", 1, 0),
    }
    dashboard.find("#actors-table button[data-actor='M23']").click()
    dashboard.wait_until("document.getElementById('table-range').dataset.total === '1'")
    assert "actor=M23" in dashboard.query()
    assert dashboard.find("#filters input[name='actor']").get_attribute("value") == "M23"


def test_the_alert_view_lists_alerts_and_opens_their_events(dashboard: Dashboard) -> None:
    dashboard.open()
    dashboard.wait_until("document.querySelectorAll('#alerts-table tr.alert').length === 1")
    row = dashboard.js("""const row = document.querySelector('#alerts-table tr.alert');
        return [row.dataset.rule, row.dataset.detector, row.dataset.events, row.textContent];""")
    assert row[:3] == ["Sudan violence", "spike", "1"]
    assert SHELLING_ALERT in row[3]
    dashboard.find("#alerts-table button[data-event]").click()
    dashboard.wait_until("!document.getElementById('event-view').hidden && "
                         "document.querySelector('#article-text mark') !== null")
    assert dashboard.js("return document.querySelector('#article-text mark').textContent;"
                        ).startswith("Artillery fire from Rapid Support Forces")
    assert "event=" in dashboard.query()


def test_an_api_error_is_shown_to_the_user(dashboard: Dashboard) -> None:
    dashboard.open("?from=2024-13-01")
    message = dashboard.wait_until("document.querySelector('#messages .error')?.textContent")
    assert "from" in message and "2024-13-01" in message and "HTTP 422" in message
    assert dashboard.find("#messages .error").is_displayed()
    assert dashboard.find("#table-view").get_attribute("data-stale") == "true"
    dashboard.browser_errors()  # the refused requests are logged; this test expects them


def test_article_markup_is_shown_as_text(dashboard: Dashboard) -> None:
    depot = event_id_for("wire-sdn-0524", PORT_SUDAN.index("hit"), "ASSAULT")
    dashboard.open(f"?event={depot}")
    dashboard.wait_until("!document.getElementById('event-view').hidden")
    assert dashboard.find("#article-title").text == PORT_SUDAN_TITLE
    assert dashboard.js("return document.querySelectorAll('#event-view img, #event-view b')"
                        ".length;") == 0
    assert dashboard.js("return document.title;") == "eventwire dashboard"


def test_no_outside_resources_and_no_script_errors(dashboard: Dashboard) -> None:
    dashboard.open()
    dashboard.find("#timeline-view button[data-interval='day']").click()
    dashboard.find("#events-table tbody tr").click()
    dashboard.wait_until("!document.getElementById('event-view').hidden")
    urls = dashboard.js("return performance.getEntriesByType('resource').map((e) => e.name);")
    assert urls and all(url.startswith(dashboard.origin + "/") for url in urls), urls
    assert any(url.endswith("/static/countries-110m.json") for url in urls)
    assert dashboard.browser_errors() == []


# --- merged events: one row per happening ---------------------------------------------------------
# A second server holds the corpus, a Daily report of the Omdurman shelling (e1) and merged
# events saved by hand: e1 and the Daily report make one happening, every other report its own.
# Reports: 10, merged events: 9; in the week of 2024-05-06 two shelling reports, one happening.

DAILY_OMDURMAN = (
    "KHARTOUM, May 9 (Daily) - Shells fired by the Rapid Support Forces hit a market in "
    "Omdurman on Tuesday, killing ten people, a medic said."
)
DAILY_TITLE = "Omdurman market hit"


def daily_report() -> tuple[Article, list[Event]]:
    article = Article("daily-sdn-0509", DAILY_OMDURMAN, date(2024, 5, 9), title=DAILY_TITLE,
                      source="Daily")
    return article, [
        event(article, "hit", sentence(DAILY_OMDURMAN, "Shells"), PloverType.ASSAULT, 7,
              actor=party(DAILY_OMDURMAN, RSF, RSF),
              recipient=party(DAILY_OMDURMAN, "ten people", CIVILIANS),
              location=place(DAILY_OMDURMAN, "Omdurman", "SDN", "Khartoum", (15.64, 32.48)),
              fatalities=10),
    ]


def merge_by_hand(store: SQLiteStore) -> tuple[str, str]:
    """Saves the merged events described above; the ids of the shelling's two reports."""
    from eventwire.dedup.fields import MergedEvent
    from eventwire.store.merges import Placement, save_merges

    reports = [event for _, events in corpus() for event in events]
    wire, daily = reports[0], daily_report()[1][0]
    groups = {"m-omdurman": [wire, daily],
              **{f"m-{report.event_id}": [report] for report in reports[1:]}}
    merged = [
        MergedEvent(merged_id, replace(group[0], event_id=merged_id,
                                       fatalities=group[-1].fatalities),
                    tuple(report.event_id for report in group),
                    ("Wire", "Daily") if len(group) == 2 else ("Wire",))
        for merged_id, group in groups.items()
    ]
    placements = [Placement(report.event_id, merged_id, None, None)
                  for merged_id, group in groups.items() for report in group]
    save_merges(store, placements=placements, merged=merged, dissolved=(), revisions=(),
                now="2024-05-25T00:00:00+00:00")
    return wire.event_id, daily.event_id


@pytest.fixture(scope="module")
def merged_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """The app over the corpus with merged events; its origin and the shelling's report ids."""
    db = tmp_path_factory.mktemp("dashboard-merged") / "events.db"
    with SQLiteStore(db) as store:
        store.save([*corpus(), daily_report()])
        wire, daily = merge_by_hand(store)
    with serve_in_thread(create_app(db)) as origin:
        yield origin, wire, daily


@pytest.fixture
def merged_dashboard(driver: Any, merged_store: tuple[str, str, str]) -> Dashboard:
    page = Dashboard(driver, merged_store[0])
    page.browser_errors()
    return page


def merged_toggle(dashboard: Dashboard) -> Any:
    return dashboard.find("#filters input[name='merged']")


def test_the_merged_toggle_counts_each_happening_once(merged_dashboard: Dashboard) -> None:
    page = merged_dashboard
    page.open("?type=ASSAULT")
    assert page.table_total() == 7
    assert page.timeline()["2024-05-06"] == {"ASSAULT": 2}
    assert page.places()["Omdurman"] == (2, 19)  # 9 + 10 killed, counted twice
    merged_toggle(page).click()
    page.wait_until("document.getElementById('table-range').dataset.total === '6'")
    page.wait_until("document.body.dataset.loading === 'false'")
    assert page.query() == "?type=ASSAULT&merged=1"
    assert page.find("#table-title").text == "Merged events"
    assert page.timeline()["2024-05-06"] == {"ASSAULT": 1}
    assert page.places()["Omdurman"] == (1, 10)  # one shelling, the later toll
    assert actor_links(page)[0]["events"] == 3  # RSF on civilians: 4 reports, 3 happenings
    # the new columns: reports and outlets of the first row, the shelling
    assert page.table_cells(8)[:2] == ["2", "1"]
    assert page.table_cells(9)[:2] == ["Wire, Daily", "Wire"]
    assert page.find("#merged-note").get_attribute("hidden") is not None
    merged_toggle(page).click()
    page.wait_until("document.getElementById('table-range').dataset.total === '7'")
    assert page.query() == "?type=ASSAULT"
    assert page.find("#table-title").text == "Events"
    assert page.js("return document.querySelector('#events-table tbody tr').cells.length;") == 8
    assert page.browser_errors() == []


def test_a_merged_row_opens_its_first_report_and_lists_the_others(
    merged_dashboard: Dashboard, merged_store: tuple[str, str, str]
) -> None:
    page, (_, wire, daily) = merged_dashboard, merged_store
    page.open("?merged=1")
    assert merged_toggle(page).is_selected() and page.table_total() == 9
    page.find("#events-table tbody tr[data-merged-id='m-omdurman']").click()
    page.wait_until("!document.getElementById('event-view').hidden")
    assert f"event={wire}" in page.query() and "merged=1" in page.query()
    assert page.find("#article-title").text == "Market shelled in Omdurman"
    assert page.find("#event-reports-title").text == \
        "2 reports of this happening (merged event m-omdurman)"
    items = page.js("""return [...document.querySelectorAll('#event-reports li')]
        .map((li) => [li.dataset.report, li.textContent]);""")
    assert items == [[wire, f"Wire, 2024-05-08 \u00b7 {wire} (shown)"],
                     [daily, f"Daily, 2024-05-09 \u00b7 {daily}"]]
    page.find(f"#event-reports button[data-event-id='{daily}']").click()
    page.wait_until(f"document.getElementById('event-view').dataset.eventId === '{daily}'")
    assert page.find("#article-title").text == DAILY_TITLE
    assert page.find("#article-text mark.trigger").text == "hit"
    assert page.find("#event-reports li[aria-current='true']").get_attribute("data-report") \
        == daily
    page.driver.back()  # each report opened is a history entry
    page.wait_until(f"document.getElementById('event-view').dataset.eventId === '{wire}'")
    assert page.browser_errors() == []


def test_without_merged_events_the_page_says_what_to_run(dashboard: Dashboard) -> None:
    dashboard.open("?merged=1")
    note = dashboard.wait_until("!document.getElementById('merged-note').hidden && "
                                "document.getElementById('merged-note').textContent")
    assert note.startswith("No merged events yet: run eventwire dedup --db DB")
    assert dashboard.table_total() == 0
    assert dashboard.find("#events-table tbody tr.empty").text == \
        "No merged events match the filters."
    assert dashboard.timeline() == {} and dashboard.places() == {}
    merged_toggle(dashboard).click()
    dashboard.wait_until("document.getElementById('table-range').dataset.total === '9'")
    assert dashboard.find("#merged-note").get_attribute("hidden") is not None
    assert "merged" not in dashboard.query()


def test_clear_keeps_the_merged_mode(merged_dashboard: Dashboard) -> None:
    merged_dashboard.open("?merged=1&country=TUR")
    assert merged_dashboard.table_total() == 2
    merged_dashboard.find("#clear-filters").click()
    merged_dashboard.wait_until("document.getElementById('table-range').dataset.total === '9'")
    assert merged_dashboard.query() == "?merged=1"


def test_screenshot_of_the_dashboard(dashboard: Dashboard, tmp_path: Path) -> None:
    """Saves a full-page picture for a person to look at (EVENTWIRE_SCREENSHOT_DIR, else the
    test's tmp dir); screenshots are never committed."""
    dashboard.open()
    height = dashboard.js("return document.documentElement.scrollHeight;")
    dashboard.driver.set_window_size(1280, height + 100)
    try:
        folder = Path(os.environ.get("EVENTWIRE_SCREENSHOT_DIR", tmp_path))
        folder.mkdir(parents=True, exist_ok=True)
        assert dashboard.driver.save_screenshot(str(folder / "dashboard.png"))
    finally:
        dashboard.driver.set_window_size(1280, 900)
    assert (folder / "dashboard.png").stat().st_size > 10_000
