"""Issue 10 end to end: `eventwire watch --rules` over a feed that grows over simulated days
ingests each article once, survives a restart, and fires the expected alert (and no other)
with links to its evidence.

The Valley Herald's feed (fixtures in watch_fixtures/alerts/, served on 127.0.0.1):

    polled     feed holds                                  the stand-in coder codes
    16 Feb     Lowland Front ambush in Amber province      ASSAULT, Lowland Front, Amber, 3 killed
    4 March    + the first Lowland Front raid in Brook     ASSAULT, Lowland Front, Brook, 2 killed
               + a teachers' march in Amber (3 March)      PROTEST, Teachers, Amber
    5 March    nothing new                                 (nothing: the feed answers 304)

The rule asks for new actors in an area (violence in the last 7 days in an area where the actor
had none in the 90 days before, after violence elsewhere). On 16 February the Lowland Front is
new to the data, not to an area: no alert. On 4 March it appears in Brook province after its
violence in Amber two weeks before: one alert,
whose evidence is the raid. The march is no violence. On day 5 nothing is fetched or coded
again, and the alert is not delivered twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_watch_feeds import DAY_1, FeedServer, server  # noqa: F401  (server is a fixture)

import eventwire.cli.main as cli_main
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    PloverType,
    TextSpan,
    event_id_for,
)
from eventwire.store import SQLiteStore

pytestmark = pytest.mark.e2e

DAY_2 = DAY_1 + 86400  # 4 March 2026, 18:00 UTC
FEED = "/feeds/valley.rss"
PAGES = {
    "/news/amber-convoy-ambush.html": "alerts/amber-convoy-ambush.html",
    "/news/brook-village-raid.html": "alerts/brook-village-raid.html",
    "/news/amber-teachers-march.html": "alerts/amber-teachers-march.html",
}
RULES = """
[[rules]]
name = "new ground"
detector = "new_actor_in_area"
jsonl = "alerts.jsonl"
"""


class ValleyCoder:
    """A stand-in for the model with two rules: "Lowland Front" and "killing" make an ASSAULT by
    the Lowland Front in the article's "... in X province"; "marched" makes a PROTEST."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.seen.append(article.url or article.id)
            yield article, self._events(article)

    def _events(self, article: Article) -> list[Event]:
        text = article.text
        province = re.search(r"in (\w+) province", text)
        if province is None:
            return []
        place = Location(province.group(1), province.group(0)[3:], province.start() + 3,
                         province.end(), country="XVA", admin1=province.group(1))
        if "Lowland Front" in text and "killing" in text:
            actor = ActorRef("Lowland Front", text.index("Lowland Front"),
                             text.index("Lowland Front") + 13, name="Lowland Front",
                             actor_id="lowland-front")
            return [self._event(article, "killing", PloverType.ASSAULT, place, actor)]
        if "marched" in text:
            actor = ActorRef("teachers", 0, 0, name="Teachers (Valley)")
            return [self._event(article, "marched", PloverType.PROTEST, place, actor)]
        return []

    @staticmethod
    def _event(article: Article, trigger: str, event_type: PloverType, place: Location,
               actor: ActorRef) -> Event:
        start = article.text.index(trigger)
        sentence_start = article.text.rfind(".", 0, start) + 1
        sentence_end = article.text.index(".", start) + 1
        return Event(
            event_id=event_id_for(article.id, start, str(event_type)), article_id=article.id,
            event_type=event_type, trigger=TextSpan(trigger, start, start + len(trigger)),
            evidence=TextSpan(article.text[sentence_start:sentence_end].strip(),
                              sentence_start, sentence_end),
            date=article.date, date_precision=DatePrecision.DAY, location=place, actor=actor,
        )


def publish(server: FeedServer, day: int) -> None:  # noqa: F811  (the fixture's name)
    when = DAY_1 if day == 1 else DAY_2
    server.publish(f"alerts/valley-day{day}.rss", FEED, when)
    for path, fixture in PAGES.items():
        if day == 2 or "convoy" in path:
            server.publish(fixture, path, when)


def run_day(server: FeedServer, tmp_path: Path, as_of: str) -> str:  # noqa: F811
    server.hits.clear()
    result = CliRunner().invoke(cli_main.cli, [
        "watch", "--db", str(tmp_path / "events.db"), "--feed", server.base + FEED, "--once",
        "--rules", str(tmp_path / "rules.toml"), "--as-of", as_of,
        "--feed-min-interval", "0",
    ])
    assert result.exit_code == 0, result.output
    return result.output


def alerts(tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "alerts.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_watch_fires_the_expected_alert_once_with_its_evidence(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    coder = ValleyCoder()
    monkeypatch.setattr(cli_main, "default_coder", lambda _settings: coder)
    (tmp_path / "rules.toml").write_text(RULES, encoding="utf-8")

    publish(server, 1)
    run_day(server, tmp_path, "2026-02-16")
    assert [url.rsplit("/", 1)[-1] for url in coder.seen] == ["amber-convoy-ambush.html"]
    assert alerts(tmp_path) == []  # new to the data, not to an area

    publish(server, 2)
    run_day(server, tmp_path, "2026-03-04")
    assert sorted(url.rsplit("/", 1)[-1] for url in coder.seen[1:]) == [
        "amber-teachers-march.html", "brook-village-raid.html"]
    [alert] = alerts(tmp_path)
    assert alert["rule"] == "new ground"
    signal = alert["signal"]
    assert isinstance(signal, dict)
    assert signal["detector"] == "new_actor_in_area"
    assert signal["key"] == "Lowland Front@XVA/Brook"
    [evidence] = alert["evidence"]  # type: ignore[misc]
    assert evidence["url"] == server.base + "/news/brook-village-raid.html"
    assert "raided the village of Sedge in Brook province" in evidence["evidence"]
    with SQLiteStore(tmp_path / "events.db") as store:
        article = store.article(evidence["article_id"])
        assert article is not None
        assert article.text[evidence["start"]:evidence["end"]] == evidence["evidence"]

    # a restart on an unchanged feed: nothing fetched or coded again, no alert twice
    run_day(server, tmp_path, "2026-03-05")
    assert len(coder.seen) == 3
    assert server.statuses(FEED) == [304]
    assert server.page_hits() == []
    assert len(alerts(tmp_path)) == 1
