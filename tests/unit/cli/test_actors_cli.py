"""``eventwire actors`` through click's CliRunner: listing, searching, filters, ``--resolve``,
the user's own files (``--actors`` and the ``actor_files`` setting) and bad input.

The entries searched for are written here, in a user file merged over the packaged dictionary,
so the tests do not depend on what the packaged file holds.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eventwire.actors import TYPE_CODES
from eventwire.cli.main import cli
from eventwire.config import CONFIG_FILE_ENV, SETTINGS

MINE = """
countries:
  - {iso3: QZA, name: Qazaria, demonyms: [Qazarian]}
entities:
  - id: qazar-highland-front
    name: Qazar Highland Front
    type: rebel_group
    country: QZA
    aliases: [QHF, Front des Hautes Terres Qazares]
    aliases_in: {QZA: [the highlanders]}
    wikidata: Q4115189
  - id: qazar-highland-front-wing
    name: Sentinels of the Ridge
    type: rebel_group
    country: QZA
    parent: qazar-highland-front
    armed_wing_of: qazar-highland-front
  - {id: qazar-governor-old, name: Tamar Esk, type: government, country: QZA, role: governor}
  - {id: qazar-governor, name: Dalia Renn, type: government, country: QZA, role: governor}
offices:
  - id: qza-governor
    name: Governor of Qazaria
    country: QZA
    titles: [governor]
    holders:
      - {actor: qazar-governor-old, from: 2016-01-01, to: 2022-06-01}
      - {actor: qazar-governor, from: 2022-06-01}
"""


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index cache for the module, so the dictionary compiles once per user file."""
    return tmp_path_factory.mktemp("actor-cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """A clean cwd and no EVENTWIRE_* settings from the developer's environment."""
    monkeypatch.chdir(tmp_path)
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env_var, raising=False)
    monkeypatch.delenv(CONFIG_FILE_ENV, raising=False)
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(cache_dir))


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(MINE, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["actors", *args], env=env)


def listed_ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [record["id"] for record in json.loads(result.stdout)]


def test_the_list_is_a_table_of_every_entry() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    header, rule, *rows = result.stdout.splitlines()
    assert header.split() == ["id", "name", "type", "inter", "sector", "country", "parent",
                              "wikidata"]
    assert set(rule) == {"-"}
    assert len(rows) > 300
    assert f"{len(rows)} actors from eventwire/data/actors.yaml" in result.stderr


def test_a_query_searches_names_and_aliases_ignoring_case_and_accents(mine: Path) -> None:
    by_name = listed_ids(run("highland FRONT", "--actors", str(mine), "--json"))
    assert by_name[:1] == ["qazar-highland-front"]
    by_alias = run("hautes terres qazares", "--actors", str(mine), "--json")  # "Hautes Terres"
    assert listed_ids(by_alias) == ["qazar-highland-front"]
    assert json.loads(by_alias.stdout)[0]["matched_alias"] == "Front des Hautes Terres Qazares"
    accented = listed_ids(run("Qazarés", "--actors", str(mine), "--json"))
    assert "qazar-highland-front" in accented
    assert listed_ids(run("no such group anywhere", "--json")) == []


def test_the_table_shows_the_alias_that_matched(mine: Path) -> None:
    result = run("highlanders", "--actors", str(mine))
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("qazar-highland-front "))
    assert "the highlanders (in QZA)" in row and "Q4115189" in row and "REB" in row
    assert "1 actor from" in result.stderr


def test_filters_by_country_and_type(mine: Path) -> None:
    ids = listed_ids(run("--country", "qza", "--type", "GOVERNMENT", "--actors", str(mine), "--json"))
    assert set(ids) == {"qazar-governor", "qazar-governor-old", "government-qza"}
    police = listed_ids(run("--country", "QZA", "--type", "police", "--actors", str(mine), "--json"))
    assert police == ["police-qza"]  # a class entry generated for the user's country


def test_json_records_carry_codes_parent_and_aliases(mine: Path) -> None:
    records = json.loads(run("sentinels", "--actors", str(mine), "--json").stdout)
    assert records == [{
        "id": "qazar-highland-front-wing", "name": "Sentinels of the Ridge", "type": "rebel_group",
        "acled_inter": 2, "sector": "REB", "country": "QZA", "parent": "qazar-highland-front",
        "armed_wing_of": "qazar-highland-front", "wikidata": None, "role": None,
        "valid_from": None, "valid_to": None, "aliases": [], "aliases_in": {},
    }]
    front = json.loads(run("QHF", "--actors", str(mine), "--json").stdout)[0]
    assert front["aliases"] == ["QHF", "Front des Hautes Terres Qazares"]
    assert front["aliases_in"] == {"QZA": ["the highlanders"]}


def test_resolve_shows_the_entry_a_phrase_reaches(mine: Path) -> None:
    result = run("--resolve", "the Qazar Highland Front's armed wing", "--actors", str(mine))
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["resolved"] == "qazar-highland-front-wing  Sentinels of the Ridge"
    assert lines["type"] == "rebel_group (ACLED inter 2, PLOVER sector REB)"
    assert lines["parent"] == "qazar-highland-front  Qazar Highland Front"
    assert lines["country"] == "QZA (Qazaria)"


def test_resolve_uses_the_country_focus_and_the_date(mine: Path) -> None:
    def resolved(*args: str) -> str | None:
        result = run("--actors", str(mine), "--json", *args)
        assert result.exit_code == 0, result.output
        record = json.loads(result.stdout)["resolved"]
        return record["id"] if record else None

    assert resolved("--resolve", "the highlanders") is None  # a per-country alias
    assert resolved("--resolve", "the highlanders", "--country", "QZA") == "qazar-highland-front"
    assert resolved("--resolve", "the Qazarian governor") == "qazar-governor"
    assert resolved("--resolve", "the Qazarian governor", "--date", "2019-03-04") == "qazar-governor-old"


def test_resolve_says_when_nothing_matches() -> None:
    result = run("--resolve", "the Brotherhood of the Silver Kettle")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].split() == ["resolved", "nothing"]


def test_the_setting_supplies_user_files_and_the_option_replaces_them(mine: Path,
                                                                      tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("entities:\n  - {id: rival-band, name: Rival Band, type: rebel_group}\n",
                     encoding="utf-8")
    env = {"EVENTWIRE_ACTOR_FILES": os.pathsep.join([str(mine), str(other)])}
    assert listed_ids(run("rival band", "--json", env=env)) == ["rival-band"]
    assert listed_ids(run("QHF", "--json", env=env)) == ["qazar-highland-front"]
    assert listed_ids(run("QHF", "--json", "--actors", str(other), env=env)) == []
    config = tmp_path / "eventwire.toml"
    config.write_text(f'[eventwire]\nactor_files = ["{other}"]\n', encoding="utf-8")
    assert listed_ids(run("rival band", "--json", "--config", str(config))) == ["rival-band"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "Qazaria"], "--country Qazaria: not a country"),
        (["--country", "ZZZ"], "--country ZZZ: not a country"),
        (["army", "--resolve", "the army"], "not both"),
        (["--resolve", "the army", "--type", "police"], "--type filters the list"),
        (["--date", "2023-01-01"], "give --resolve too"),
        (["--resolve", " "], "--resolve needs a phrase"),
    ],
)
def test_bad_combinations_are_one_error_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stdout == ""


def test_a_bad_user_file_names_the_file_and_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - {id: hill-band, name: Hill Band, type: bandits}\n",
                   encoding="utf-8")
    result = run("--actors", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: entity 'hill-band': unknown type 'bandits'")
    missing = run("--actors", str(tmp_path / "gone.yaml"))
    assert missing.exit_code == 1 and "gone.yaml" in missing.stderr


def test_click_rejects_a_malformed_date_and_an_unknown_type() -> None:
    assert run("--resolve", "the army", "--date", "04/03/2019").exit_code == 2
    assert run("--type", "terrorists").exit_code == 2


# --- docs/ACTORS.md: the worked example runs as shown, the types table is TYPE_CODES's -------

ACTORS_DOC = Path(__file__).resolve().parents[3] / "docs" / "ACTORS.md"


def doc_section(title: str) -> str:
    text = ACTORS_DOC.read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def documented_runs(section: str) -> list[tuple[list[str], list[str]]]:
    """Each ``$ eventwire actors ...`` line of the console blocks and the lines shown after it."""
    runs: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                runs.append((shlex.split(line[2:]), []))
            elif runs:
                runs[-1][1].append(line)
    return [(command, shown) for command, shown in runs if command[:2] == ["eventwire", "actors"]]


def test_the_worked_example_file_and_commands_give_what_the_doc_shows(tmp_path: Path) -> None:
    section = doc_section("Your own entries").split("\n### ", 1)[0]  # not the error examples
    example = re.search(r"```yaml\n(# my_actors.yaml.*?)```", section, flags=re.DOTALL)
    assert example is not None
    (tmp_path / "my_actors.yaml").write_text(example.group(1), encoding="utf-8")
    runs = documented_runs(section)
    assert len(runs) >= 3
    for command, shown in runs:
        result = run(*command[2:])
        assert result.exit_code == 0, (command, result.output)
        printed = result.stdout.splitlines() + result.stderr.splitlines()
        assert printed == shown, command


def test_the_types_table_is_the_schema_table() -> None:
    rows = re.findall(r"^\| `(\w+)` \| (\d|none)[^|]* \| (?:`(\w+)`|none) \|",
                      doc_section("What an entry holds"), flags=re.MULTILINE)
    documented = {name: (None if inter == "none" else int(inter), sector or None)
                  for name, inter, sector in rows}
    assert documented == {name: (codes.acled_inter, codes.sector)
                          for name, codes in TYPE_CODES.items()}
