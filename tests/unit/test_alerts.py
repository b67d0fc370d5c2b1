"""Tests of alerts (eventwire.alerts, issue 10): the rules file and its errors, matching
signals to rules, the evidence read from a hand-built store, delivery once across reruns to
stdout, JSON Lines and webhooks (a local receiver), and ``GET /api/alerts``."""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

import pytest

from eventwire.alerts import (
    Rule,
    Target,
    alert_line,
    alert_page,
    alerts_for,
    load_rules,
    parse_rules,
    rule_matches,
    run_alerts,
)
from eventwire.errors import ConfigError
from eventwire.model import ActorRef, Article, Event, Location, PloverType, TextSpan
from eventwire.signals.model import Alert, EvidenceLink, Signal
from eventwire.store import SQLiteStore

# --- a hand-built store ---------------------------------------------------------------------

DARFUR = (
    "EL FASHER, Sudan, May 16 (Wire) - Residents buried their dead on Thursday. "
    "Rapid Support Forces fighters shelled the Zamzam camp on Monday, killing nine people. "
    "On Wednesday gunmen looted the central market of Kutum and burned shops."
)
SHELLING = "Rapid Support Forces fighters shelled the Zamzam camp on Monday, killing nine people."
LOOTING = "On Wednesday gunmen looted the central market of Kutum and burned shops."
KHARTOUM = "KHARTOUM (Wire) - Army aircraft bombed a bridge in Bahri on Tuesday, residents said."
DARFUR_URL = "https://wire.example/darfur-0516"


def _span(text: str, words: str) -> TextSpan:
    start = text.index(words)
    return TextSpan(words, start, start + len(words))


def _event(event_id: str, article: Article, trigger: str, sentence: str, day: date,
           admin1: str, fatalities: int | None = None) -> Event:
    return Event(
        event_id=event_id, article_id=article.id, event_type=PloverType.ASSAULT,
        evidence=_span(article.text, sentence), trigger=_span(article.text, trigger), date=day,
        actor=ActorRef("fighters", 0, 8, name="Rapid Support Forces"),
        location=Location(admin1, admin1, 0, 4, country="SDN", admin1=admin1),
        fatalities=fatalities,
    )


def build_store(path: Path) -> None:
    darfur = Article("wire-darfur-0516", DARFUR, date(2024, 5, 16), url=DARFUR_URL)
    khartoum = Article("wire-khartoum-0515", KHARTOUM, date(2024, 5, 15))  # no url
    with SQLiteStore(path) as store:
        store.save([
            (darfur, [
                _event("ev-shelling", darfur, "shelled", SHELLING, date(2024, 5, 13),
                       "North Darfur", 9),
                _event("ev-looting", darfur, "looted", LOOTING, date(2024, 5, 15),
                       "North Darfur"),
            ]),
            (khartoum, [
                _event("ev-bombing", khartoum, "bombed", KHARTOUM, date(2024, 5, 14),
                       "Khartoum"),
            ]),
        ])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    build_store(path)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(db_path) as opened:
        yield opened


def spike(**changes: Any) -> Signal:
    fields: dict[str, Any] = {
        "detector": "spike", "key": "SDN/North Darfur", "period_start": date(2024, 5, 13),
        "period_end": date(2024, 5, 19), "value": 12.0, "measure": "events",
        "description": "12 violent events in North Darfur in the week of 2024-05-13, "
                       "against 3.1 a week before.",
        "baseline": 3.1, "threshold": 8.0, "country": "SDN", "admin1": "North Darfur",
        "event_ids": ("ev-shelling", "ev-looting"),
    }
    fields.update(changes)
    return Signal(**fields)


NEW_ACTOR = Signal(
    detector="new_actor_in_area", key="Rapid Support Forces@SDN/Khartoum",
    period_start=date(2024, 5, 14), period_end=date(2024, 5, 14), value=1.0, measure="events",
    description="Rapid Support Forces acts in Khartoum for the first time.", country="SDN",
    admin1="Khartoum", actor="Rapid Support Forces", event_ids=("ev-bombing",),
)


# --- the rules file -------------------------------------------------------------------------

RULES_TOML = """
[[rules]]
name = "darfur-spikes"
detector = "spike"
country = ["sdn"]
admin1 = ["North Darfur", "South Darfur"]
min_value = 10
min_events = 2
min_ratio = 2.5
stdout = true
jsonl = "out/alerts.jsonl"
webhook = { url = "https://hooks.example/ew", headers = { Authorization = "Bearer ${HOOK}" }, timeout = 3, retries = 1 }

[[rules]]
name = "rsf anywhere"
actor = "rapid support"
"""

RULES_YAML = """
rules:
  - name: darfur-spikes
    detector: spike
    country: SDN
    admin1: [North Darfur, South Darfur]
    min_value: 10
    min_events: 2
    min_ratio: 2.5
    stdout: true
    jsonl: out/alerts.jsonl
    webhook:
      url: https://hooks.example/ew
      headers: {Authorization: "Bearer ${HOOK}"}
      timeout: 3
      retries: 1
  - name: rsf anywhere
    actor: rapid support
"""


@pytest.mark.parametrize(("name", "text"), [("rules.toml", RULES_TOML),
                                            ("rules.yaml", RULES_YAML)])
def test_rules_file_is_read_in_toml_and_yaml(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rules = load_rules(path, environ={"HOOK": "s3cret"})
    assert rules == (
        Rule(
            name="darfur-spikes", detectors=("spike",), countries=("SDN",),
            admin1=("North Darfur", "South Darfur"), min_value=10.0, min_events=2,
            min_ratio=2.5, targets=(
                Target("stdout"),
                Target("jsonl", str(tmp_path / "out" / "alerts.jsonl")),
                Target("webhook", "https://hooks.example/ew",
                       headers=(("Authorization", "Bearer s3cret"),), timeout=3.0, retries=1),
            ),
        ),
        Rule(name="rsf anywhere", actor="rapid support"),
    )


def test_target_keys_leave_out_headers() -> None:
    hook = Target("webhook", "https://hooks.example/ew", headers=(("Authorization", "x"),))
    assert hook.key == "webhook:https://hooks.example/ew"
    assert Target("stdout").key == "stdout"


def test_a_webhook_may_be_a_bare_url_with_default_timeout_and_retries() -> None:
    (rule,) = parse_rules({"rules": [{"name": "r", "webhook": "http://127.0.0.1:9/x"}]})
    assert rule.targets == (Target("webhook", "http://127.0.0.1:9/x", timeout=10.0, retries=2),)


@pytest.mark.parametrize(("rule", "words"), [
    ({"detector": "spike"}, ["rule 1", "needs a `name`"]),
    ({"name": "r", "contry": ["SDN"]}, ["rule 'r'", "'contry'", "country"]),
    ({"name": "r", "detector": "spikes"}, ["rule 'r'", "'spikes'", "new_actor_in_area"]),
    ({"name": "r", "country": ["Sudan"]}, ["'Sudan'", "alpha-3", "SDN"]),
    ({"name": "r", "min_value": "ten"}, ["`min_value` must be a number", "'ten'"]),
    ({"name": "r", "min_events": -1}, ["`min_events`", "at least 0"]),
    ({"name": "r", "stdout": "yes"}, ["`stdout` must be true or false"]),
    ({"name": "r", "webhook": "hooks.example/ew"}, ["http://", "'hooks.example/ew'"]),
    ({"name": "r", "webhook": {"url": "http://h/x", "timeout": 0}}, ["`timeout`", "more than 0"]),
    ({"name": "r", "webhook": {"url": "http://h/x", "secret": "x"}}, ["'secret'", "headers"]),
    ({"name": "r", "webhook": {"url": "http://h/x", "headers": {"X-Token": "${NO_SUCH}"}}},
     ["'X-Token'", "NO_SUCH", "not set"]),
    ({"name": "r", "jsonl": ["a.jsonl", "a.jsonl"]}, ["given twice"]),
])  # fmt: skip
def test_rule_errors_name_the_file_the_rule_and_the_fix(
    rule: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_rules({"rules": [rule]}, source="alerts.toml", environ={})
    message = str(raised.value)
    assert message.startswith("alerts.toml: ")
    for word in words:
        assert word in message, message


def test_rules_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_rules(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rules]\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml is not valid TOML"):
        load_rules(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no rules found"):
        load_rules(empty)
    other = tmp_path / "rules.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.toml, \.yaml or \.yml"):
        load_rules(other)
    with pytest.raises(ConfigError, match="two rules are named 'a'"):
        parse_rules({"rules": [{"name": "a"}, {"name": "a"}]})
    with pytest.raises(ConfigError, match="unknown top-level"):
        parse_rules({"rules": [{"name": "a"}], "rule": []})


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "signal", "expected"), [
    (Rule("all"), spike(), True),
    (Rule("all"), NEW_ACTOR, True),
    (Rule("d", detectors=("spike",)), spike(), True),
    (Rule("d", detectors=("spike",)), NEW_ACTOR, False),
    (Rule("d", detectors=("verbal_escalation", "new_actor_in_area")), NEW_ACTOR, True),
    (Rule("c", countries=("SDN",)), spike(), True),
    (Rule("c", countries=("SSD", "TCD")), spike(), False),
    (Rule("c", countries=("SDN",)), spike(country=None), False),
    (Rule("a", admin1=("north darfur",)), spike(), True),  # any case
    (Rule("a", admin1=("Khartoum",)), spike(), False),
    (Rule("who", actor="support forces"), NEW_ACTOR, True),
    (Rule("who", actor="Sudanese Armed"), NEW_ACTOR, False),
    (Rule("who", actor="support"), spike(), False),  # the spike names no actor
    (Rule("v", min_value=12), spike(), True),  # from the threshold up
    (Rule("v", min_value=12.5), spike(), False),
    (Rule("n", min_events=2), spike(), True),
    (Rule("n", min_events=3), spike(), False),
    (Rule("r", min_ratio=3.5), spike(), True),  # 12 against 3.1: 3.87 times
    (Rule("r", min_ratio=4), spike(), False),
    (Rule("r", min_ratio=2), spike(baseline=None), False),
    (Rule("r", min_ratio=2), spike(baseline=0.0), True),
    (Rule("r", min_ratio=2), spike(baseline=0.0, value=0.0), False),
    (Rule("m", measure="fatalities"), spike(), False),
    (Rule("m", measure="events", min_value=10), spike(), True),
])  # fmt: skip
def test_rule_matches(rule: Rule, signal: Signal, expected: bool) -> None:
    assert rule_matches(rule, signal) is expected


# --- alerts and their evidence --------------------------------------------------------------

SHELLING_LINK = EvidenceLink(
    event_id="ev-shelling", article_id="wire-darfur-0516", event_type="ASSAULT",
    date=date(2024, 5, 13), evidence=SHELLING, start=DARFUR.index("Rapid"),
    end=DARFUR.index("Rapid") + len(SHELLING), url=DARFUR_URL,
)


def test_alerts_link_their_events_and_evidence(store: SQLiteStore) -> None:
    rules = [Rule("spikes", detectors=("spike",)), Rule("rsf", actor="Rapid Support")]
    alerts = alerts_for([spike(), NEW_ACTOR], rules, store)
    assert [(alert.rule, alert.signal.detector) for alert in alerts] == [
        ("spikes", "spike"), ("rsf", "new_actor_in_area")]
    spike_alert, actor_alert = alerts
    assert SHELLING_LINK.start == 75 and SHELLING_LINK.end == 160
    assert spike_alert.evidence[0] == SHELLING_LINK
    assert DARFUR[75:160] == SHELLING
    looting = spike_alert.evidence[1]
    assert (looting.event_id, looting.date, looting.start, looting.evidence) == (
        "ev-looting", date(2024, 5, 15), 161, LOOTING)
    assert actor_alert.evidence == (EvidenceLink(
        "ev-bombing", "wire-khartoum-0515", "ASSAULT", date(2024, 5, 14), KHARTOUM, 0,
        len(KHARTOUM), None),)


def test_evidence_keeps_the_signals_order_skips_unknown_ids_and_stops_at_the_limit(
    store: SQLiteStore,
) -> None:
    signal = spike(event_ids=("ev-looting", "ev-gone", "ev-shelling", "ev-bombing"))
    (alert,) = alerts_for([signal], [Rule("all")], store, max_evidence=2)
    assert [link.event_id for link in alert.evidence] == ["ev-looting", "ev-shelling"]


def test_no_rule_no_alert(store: SQLiteStore) -> None:
    assert alerts_for([spike()], [Rule("khartoum", admin1=("Khartoum",))], store) == []


def test_alert_line_is_one_readable_line(store: SQLiteStore) -> None:
    (alert,) = alerts_for([spike()], [Rule("spikes")], store)
    assert alert_line(alert.to_dict()) == (
        "ALERT [spikes] spike SDN/North Darfur 2024-05-13..2024-05-19: 12 violent events in "
        "North Darfur in the week of 2024-05-13, against 3.1 a week before. "
        "(events: ev-shelling, ev-looting)"
    )


# --- delivery once, to stdout and JSON Lines ------------------------------------------------


def test_each_alert_is_delivered_once_across_reruns(store: SQLiteStore, tmp_path: Path) -> None:
    jsonl = tmp_path / "alerts.jsonl"
    rules = [Rule("spikes", detectors=("spike",),
                  targets=(Target("stdout"), Target("jsonl", str(jsonl))))]
    out = io.StringIO()
    first = run_alerts(store, rules, [spike(), NEW_ACTOR], stream=out)
    assert [alert.signal.signal_id for alert in first.fired] == ["spike:SDN/North Darfur:2024-05-13"]
    assert sorted(d.target for d in first.delivered) == ["jsonl:" + str(jsonl), "stdout"]
    assert first.failed == () and first.already_fired == 0
    assert out.getvalue().count("\n") == 1 and out.getvalue().startswith("ALERT [spikes] spike")

    second = run_alerts(store, rules, lambda: [spike(), NEW_ACTOR], stream=out)
    assert second.fired == () and second.deliveries == () and second.already_fired == 1
    assert out.getvalue().count("\n") == 1

    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["rule"] == "spikes"
    assert record["signal"]["signal_id"] == "spike:SDN/North Darfur:2024-05-13"
    assert record["signal"]["event_ids"] == ["ev-shelling", "ev-looting"]
    assert record["evidence"][0] == {
        "event_id": "ev-shelling", "article_id": "wire-darfur-0516", "event_type": "ASSAULT",
        "date": "2024-05-13", "evidence": SHELLING, "start": 75, "end": 160, "url": DARFUR_URL}


def test_a_new_period_is_a_new_alert_and_appends(store: SQLiteStore, tmp_path: Path) -> None:
    jsonl = tmp_path / "alerts.jsonl"
    rules = [Rule("spikes", targets=(Target("jsonl", str(jsonl)),))]
    run_alerts(store, rules, [spike()])
    report = run_alerts(store, rules, [spike(), spike(period_start=date(2024, 5, 20),
                                                      period_end=date(2024, 5, 26))])
    assert len(report.fired) == 1 and report.already_fired == 1
    periods = [json.loads(line)["signal"]["period_start"]
               for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert periods == ["2024-05-13", "2024-05-20"]


def test_an_unwritable_jsonl_is_recorded_and_retried(store: SQLiteStore, tmp_path: Path) -> None:
    jsonl = tmp_path / "not-yet" / "alerts.jsonl"
    rules = [Rule("spikes", targets=(Target("jsonl", str(jsonl)),))]
    first = run_alerts(store, rules, [spike()])
    assert len(first.failed) == 1 and "not-yet" in str(first.failed[0].error)
    jsonl.parent.mkdir()
    second = run_alerts(store, rules, [spike()])
    assert second.fired == () and len(second.delivered) == 1
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1


# --- webhooks -------------------------------------------------------------------------------


class Receiver:
    """A webhook on 127.0.0.1 that records what is POSTed and answers the given statuses
    in turn (then 200)."""

    def __init__(self, statuses: list[int] | None = None, port: int = 0) -> None:
        self.bodies: list[Any] = []
        self.headers: list[dict[str, str]] = []
        self.statuses = list(statuses or [])
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                receiver.headers.append(dict(self.headers))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def hook_rule(url: str, *, retries: int = 2) -> list[Rule]:
    target = Target("webhook", url, headers=(("X-Token", "t0ken"),), timeout=2.0,
                    retries=retries)
    return [Rule("spikes", detectors=("spike",), targets=(target,))]


def test_webhook_receives_the_alert_json(store: SQLiteStore) -> None:
    with Receiver() as receiver:
        report = run_alerts(store, hook_rule(receiver.url), [spike(), NEW_ACTOR], backoff=0)
    assert len(report.delivered) == 1 and report.failed == ()
    (body,) = receiver.bodies
    (alert,) = alerts_for([spike()], hook_rule(receiver.url), store)
    assert body == alert.to_dict()
    assert body["evidence"][0]["url"] == DARFUR_URL
    assert receiver.headers[0]["X-Token"] == "t0ken"


def test_webhook_is_tried_again_on_a_server_error(store: SQLiteStore) -> None:
    with Receiver(statuses=[503, 502]) as receiver:
        report = run_alerts(store, hook_rule(receiver.url, retries=2), [spike()], backoff=0)
    assert len(receiver.bodies) == 3 and len(report.delivered) == 1


def test_webhook_refusing_the_alert_is_not_tried_again_in_the_run(store: SQLiteStore) -> None:
    with Receiver(statuses=[400]) as receiver:
        report = run_alerts(store, hook_rule(receiver.url, retries=2), [spike()], backoff=0)
    assert len(receiver.bodies) == 1
    assert "HTTP 400" in str(report.failed[0].error)


def test_a_failing_webhook_is_recorded_and_retried_on_the_next_run(store: SQLiteStore) -> None:
    port = closed_port()
    url = f"http://127.0.0.1:{port}/hook"
    first = run_alerts(store, hook_rule(url, retries=1), [spike()], backoff=0)
    assert len(first.fired) == 1 and first.delivered == ()
    assert "ConnectError" in str(first.failed[0].error)
    (pending,) = alert_page(store, limit=10).items
    assert pending.delivered_at is None and pending.pending == (f"webhook:{url}",)

    with Receiver(port=port) as receiver:  # the receiver comes back on the same address
        second = run_alerts(store, hook_rule(url), [spike()], backoff=0)
        third = run_alerts(store, hook_rule(url), [spike()], backoff=0)
    assert second.fired == () and len(second.delivered) == 1
    assert third.deliveries == ()
    assert len(receiver.bodies) == 1
    (done,) = alert_page(store, limit=10).items
    assert done.delivered_at is not None and done.pending == ()


def test_a_dead_webhook_is_tried_once_per_run(store: SQLiteStore) -> None:
    url = f"http://127.0.0.1:{closed_port()}/hook"
    other = spike(key="SDN/South Darfur", admin1="South Darfur")
    report = run_alerts(store, hook_rule(url, retries=0), [spike(), other], backoff=0)
    assert len(report.failed) == 2
    assert "failed earlier in this run" in str(report.failed[1].error)


def test_a_removed_rule_leaves_its_deliveries_pending(store: SQLiteStore) -> None:
    url = f"http://127.0.0.1:{closed_port()}/hook"
    run_alerts(store, hook_rule(url, retries=0), [spike()], backoff=0)
    report = run_alerts(store, [Rule("other")], [], backoff=0)
    assert report.deliveries == () and len(report.orphaned) == 1


# --- GET /api/alerts ------------------------------------------------------------------------


@pytest.fixture
def client(db_path: Path) -> Iterator[Any]:
    pytest.importorskip("fastapi")
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from eventwire.api.alerts import add_alert_routes
    from eventwire.api.app import _add_error_handlers
    from eventwire.api.limits import ApiLimits

    app = FastAPI()
    _add_error_handlers(app)
    add_alert_routes(app, str(db_path), ApiLimits(page_size=2, max_page_size=3))
    with TestClient(app) as test_client:
        yield test_client


def test_api_alerts_on_a_store_without_alerts_is_empty(client: Any) -> None:
    response = client.get("/api/alerts")
    assert response.status_code == 200
    assert response.json() == {"items": [], "total": 0, "limit": 2, "offset": 0}


def test_api_alerts_newest_first_paged_and_filtered(client: Any, store: SQLiteStore) -> None:
    rules = [Rule("spikes", detectors=("spike",)), Rule("rsf", actor="Rapid")]
    run_alerts(store, rules, [spike()])
    run_alerts(store, rules, [NEW_ACTOR])
    run_alerts(store, rules, [spike(period_start=date(2024, 5, 20))])

    first = client.get("/api/alerts").json()
    assert first["total"] == 3 and first["limit"] == 2
    assert [item["signal_id"] for item in first["items"]] == [
        "spike:SDN/North Darfur:2024-05-20",
        "new_actor_in_area:Rapid Support Forces@SDN/Khartoum:2024-05-14",
    ]
    second = client.get("/api/alerts?offset=2").json()
    assert [item["id"] for item in second["items"]] == ["spikes|spike:SDN/North Darfur:2024-05-13"]
    item = second["items"][0]
    assert item["rule"] == "spikes" and item["detector"] == "spike" and item["pending"] == []
    assert item["delivered_at"] == item["fired_at"]  # no target: recorded is delivered
    assert item["alert"]["evidence"][0]["event_id"] == "ev-shelling"

    by_rule = client.get("/api/alerts?rule=rsf").json()
    assert by_rule["total"] == 1 and by_rule["items"][0]["detector"] == "new_actor_in_area"
    by_detector = client.get("/api/alerts?detector=spike&limit=3").json()
    assert by_detector["total"] == 2 and len(by_detector["items"]) == 2
    assert client.get("/api/alerts?detector=verbal_escalation").json()["total"] == 0


@pytest.mark.parametrize(("url", "words"), [
    ("/api/alerts?limit=4", ["'limit'", "less than or equal to 3"]),
    ("/api/alerts?limit=0", ["'limit'"]),
    ("/api/alerts?offset=-1", ["'offset'"]),
])
def test_api_alerts_errors_have_the_api_shape(client: Any, url: str, words: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == 422
    for word in words:
        assert word in body["error"]["message"]


def test_alert_to_dict_round_trips_through_json(store: SQLiteStore) -> None:
    (alert,) = alerts_for([spike()], [Rule("spikes")], store)
    assert isinstance(alert, Alert)
    assert json.loads(json.dumps(alert.to_dict()))["signal"]["period_end"] == "2024-05-19"


# --- the documented examples ----------------------------------------------------------------

DOCS = Path(__file__).parents[2] / "docs" / "ALERTS.md"


def _block(language: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(f"```{language}\n") + len(language) + 4
    return text[start:text.index("```", start)]


@pytest.mark.parametrize("language", ["toml", "yaml"])
def test_the_documented_rules_load(tmp_path: Path, language: str) -> None:
    path = tmp_path / f"alerts.{language}"
    path.write_text(_block(language), encoding="utf-8")
    rules = load_rules(path, environ={"EW_HOOK_TOKEN": "tok"})
    first = rules[0]
    assert (first.name, first.detectors, first.countries, first.min_events) == (
        "darfur-spikes", ("spike",), ("SDN",), 3)
    assert [target.kind for target in first.targets] == ["stdout", "jsonl", "webhook"]
    assert first.targets[2].headers == (("Authorization", "Bearer tok"),)


def test_a_delivery_claimed_by_one_run_is_not_taken_by_another(store: SQLiteStore) -> None:
    from eventwire.alerts.state import claim_pending, record_new, release

    (alert,) = alerts_for([spike()], [Rule("spikes")], store)
    record_new(store, [(alert, ["stdout", "jsonl:/tmp/x.jsonl"])])
    mine = claim_pending(store)
    assert [pending.target for pending in mine] == ["stdout", "jsonl:/tmp/x.jsonl"]
    assert claim_pending(store) == []  # another run meanwhile gets nothing
    release(store, mine[0].alert_id, "stdout")
    # a run that dies holding a claim: once its lease has run out, the next run takes it over
    dead = claim_pending(store, lease_seconds=-5)
    assert [pending.target for pending in dead] == ["stdout"]
    assert [pending.target for pending in claim_pending(store)] == ["stdout"]
    assert claim_pending(store) == []


# The alert tables as eventwire made them before they had a ``seq`` key: keyed by alert_id,
# and ordered by SQLite's rowid.
_OLD_ALERT_TABLES = (
    """CREATE TABLE alerts (alert_id TEXT PRIMARY KEY, rule TEXT NOT NULL,
       detector TEXT NOT NULL, signal_id TEXT NOT NULL, alert TEXT NOT NULL,
       fired_at TEXT NOT NULL, delivered_at TEXT)""",
    """CREATE TABLE alert_deliveries (
       alert_id TEXT NOT NULL REFERENCES alerts(alert_id) ON DELETE CASCADE,
       target TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
       last_attempt_at TEXT, delivered_at TEXT, claimed_by TEXT, claimed_until TEXT,
       PRIMARY KEY (alert_id, target))""",
)


def test_alert_tables_of_an_older_store_keep_working(tmp_path: Path) -> None:
    from eventwire.alerts.state import claim_pending, record_new

    path = tmp_path / "older.db"
    # As a store of revision 0003 whose alerts code made the tables, before they had seq:
    with SQLiteStore(path) as made, made.writing() as connection:
        connection.execute("DROP TABLE alert_deliveries")
        connection.execute("DROP TABLE alerts")
        for statement in _OLD_ALERT_TABLES:
            connection.execute(statement)
        connection.execute("UPDATE alembic_version SET version_num = '0003_views'")
    store = SQLiteStore(path)  # revision 0004 finds the tables: leaves them as they are
    assert next(row[1] for row in store.read("PRAGMA table_info(alerts)")) == "alert_id"
    later = spike(period_start=date(2024, 5, 20), period_end=date(2024, 5, 26))
    alerts = alerts_for([spike(), later], [Rule("spikes")], store)
    record_new(store, [(alert, ["stdout", "jsonl:/tmp/x.jsonl"]) for alert in alerts])
    assert record_new(store, [(alerts[0], ["stdout"])]) == []  # recorded once
    pending = claim_pending(store, lease_seconds=-5)  # a claim that has run out at once
    # fired in the same second: in the order recorded (rowid), each alert's targets in order
    assert [(p.alert["signal"]["period_start"], p.target) for p in pending] == [
        ("2024-05-13", "stdout"), ("2024-05-13", "jsonl:/tmp/x.jsonl"),
        ("2024-05-20", "stdout"), ("2024-05-20", "jsonl:/tmp/x.jsonl")]
    page = alert_page(store, limit=10)
    assert [record.signal_id for record in page.items] == [
        "spike:SDN/North Darfur:2024-05-20", "spike:SDN/North Darfur:2024-05-13"]
    assert page.items[0].pending == ("stdout", "jsonl:/tmp/x.jsonl")
    out = io.StringIO()
    report = run_alerts(store, [Rule("spikes", targets=(Target("stdout"),))], [], stream=out)
    assert len(report.delivered) == 2 and out.getvalue().count("\n") == 2


def test_alert_route_in_the_real_app(db_path: Path, store: SQLiteStore) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from eventwire.api import ApiLimits, create_app
    from eventwire.api.alerts import add_alert_routes

    run_alerts(store, [Rule("rsf", actor="Rapid")], [NEW_ACTOR])
    app = create_app(db_path)
    add_alert_routes(app, str(db_path), ApiLimits())  # as app.py does once it is wired in
    with TestClient(app) as client:
        body = client.get("/api/alerts?detector=new_actor_in_area").json()
        assert [item["rule"] for item in body["items"]] == ["rsf"] and body["limit"] == 50
        refused = client.get("/api/alerts?limit=501")
        assert refused.status_code == 422 and refused.json()["error"]["status"] == 422
