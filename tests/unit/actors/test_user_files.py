"""A user's own actor files merged over the dictionary: adding, replacing, phrase take-overs,
errors that name the user's file, the disk cache, the ``actor_files`` setting and the pipeline.

Every dictionary here is a small YAML text written for these tests; one test merges a user
file over the real packaged dictionary.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from eventwire.actors import ActorDictionary, ActorDictionaryError
from eventwire.actors.cache import cache_key
from eventwire.config import Settings
from eventwire.errors import ConfigError

BASE = """
version: 1
countries:
  - {iso3: AAA, name: Aland, demonyms: [Alandian]}
  - {iso3: BBB, name: Boland, demonyms: [Bolandic]}
entities:
  - {id: aland-army, name: Aland Army, type: state_military, country: AAA, default_for: military}
  - id: front
    name: Liberation Front
    type: rebel_group
    country: AAA
    aliases: [LF, the Front, Liberation Movement]
    aliases_in: {AAA: [the movement, the rebels' front]}
  - {id: front-wing, name: Martyrs Brigade, type: rebel_group, country: AAA, parent: front,
     armed_wing_of: front}
  - {id: aland-leader, name: Ivo Brand, type: government, country: AAA, role: president}
offices:
  - id: aaa-president
    name: President of Aland
    country: AAA
    titles: [president]
    holders: [{actor: aland-leader, from: 2020-01-01}]
"""


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(base: Path, *user_files: Path, cache: bool = False) -> ActorDictionary:
    return ActorDictionary.load(base, user_files=user_files, cache=cache)


def resolved(actors: ActorDictionary, phrase: str, country: str | None = None) -> str | None:
    entry = actors.resolve(phrase, focus={country: 1.0} if country else None)
    return entry.id if entry else None


# --- merging -----------------------------------------------------------------------------

def test_a_file_of_entities_only_adds_entries_that_name_known_ones(base: Path,
                                                                   tmp_path: Path) -> None:
    user = write(tmp_path, "mine.yaml", """
entities:
  - id: hill-brigade
    name: Hill Brigade
    type: rebel_group
    country: AAA          # a country of the packaged file
    parent: front         # an entry of the packaged file
    aliases: [HB, Hill fighters]
""")
    actors = load(base, user)
    assert len(actors) == len(load(base)) + 1
    entry = actors.get("hill-brigade")
    assert entry is not None
    assert (entry.parent, entry.country, entry.acled_inter, entry.sector) == ("front", "AAA", 2, "REB")
    assert resolved(actors, "HB gunmen") == "hill-brigade"
    assert resolved(actors, "LF") == "front"  # the packaged entries are all still there
    assert actors.source == f"{base} + {user}"


def test_a_known_id_replaces_the_whole_entry_and_is_logged(base: Path, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture
                                                            ) -> None:
    user = write(tmp_path, "fix.yaml", """
entities:
  - {id: front, name: Liberation Front, type: political_militia, country: AAA, aliases: [LF]}
""")
    with caplog.at_level(logging.INFO, logger="eventwire.actors"):
        actors = load(base, user)
    entry = actors.get("front")
    assert entry is not None and entry.type == "political_militia" and entry.acled_inter == 3
    assert resolved(actors, "LF") == "front"
    assert resolved(actors, "Liberation Movement") is None  # the old aliases went with it
    assert "the movement" not in {a.text for a in actors.aliases_of("front")}
    assert resolved(actors, "the Martyrs Brigade") == "front-wing"  # its wing still points at it
    assert any("fix.yaml" in r.message and "front" in r.message and "replaces" in r.message
               for r in caplog.records)


def test_a_user_entry_takes_a_shared_alias_and_the_packaged_one_keeps_the_rest(
        base: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    user = write(tmp_path, "mine.yaml", """
entities:
  - {id: lowland-front, name: Lowland Front, type: rebel_group, country: BBB, aliases: [LF]}
""")
    with caplog.at_level(logging.INFO, logger="eventwire.actors"):
        actors = load(base, user)
    assert resolved(actors, "LF fighters") == "lowland-front"
    assert resolved(actors, "the Front") == "front"
    assert resolved(actors, "Liberation Front") == "front"
    assert any("'LF'" in r.message and "lowland-front" in r.message for r in caplog.records)


def test_a_user_alias_beats_a_packaged_alias_of_either_kind(base: Path, tmp_path: Path) -> None:
    user = write(tmp_path, "mine.yaml", """
entities:
  - id: student-movement
    name: Student Movement
    type: protesters
    country: AAA
    aliases: [the movement]          # a packaged per-country alias, now everywhere this one's
    aliases_in: {AAA: [the Front]}   # a packaged global alias, now only in Aland and this one's
""")
    actors = load(base, user)
    assert resolved(actors, "the movement", "BBB") == "student-movement"
    assert resolved(actors, "the Front", "AAA") == "student-movement"
    assert resolved(actors, "the Front", "BBB") is None
    assert resolved(actors, "the rebels' front", "AAA") == "front"


def test_a_user_entry_can_take_a_country_class(base: Path, tmp_path: Path) -> None:
    user = write(tmp_path, "mine.yaml", """
entities:
  - {id: aland-guard, name: Aland National Guard, type: state_military, country: AAA,
     default_for: military}
""")
    actors = load(base, user)
    assert resolved(actors, "Alandian soldiers") == "aland-guard"
    assert resolved(actors, "Aland Army") == "aland-army"


def test_a_user_file_adds_a_country_and_an_office(base: Path, tmp_path: Path) -> None:
    user = write(tmp_path, "mine.yaml", """
countries:
  - {iso3: CCC, name: Coland, demonyms: [Colandese]}
entities:
  - {id: coland-governor, name: Mara Voss, type: government, country: CCC, role: governor}
  - {id: coland-old-governor, name: Olek Dunn, type: government, country: CCC, role: governor}
offices:
  - id: ccc-governor
    name: Governor of Coland
    country: CCC
    titles: [governor]
    holders:
      - {actor: coland-old-governor, from: 2015-01-01, to: 2021-03-01}
      - {actor: coland-governor, from: 2021-03-01}
""")
    actors = load(base, user)
    assert resolved(actors, "Colandese police") == "police-ccc"  # a generated class entry
    assert actors.resolve("the Colandese governor", on=date(2019, 5, 1)).id == "coland-old-governor"  # type: ignore[union-attr]
    assert resolved(actors, "the Colandese governor") == "coland-governor"
    assert actors.country_name("CCC") == "Coland"


def test_later_files_override_earlier_ones(base: Path, tmp_path: Path) -> None:
    first = write(tmp_path, "first.yaml",
                  "entities:\n  - {id: hill-brigade, name: Hill Brigade, type: rebel_group}\n")
    second = write(tmp_path, "second.yaml",
                   "entities:\n  - {id: hill-brigade, name: Hill Brigade, type: identity_militia}\n")
    entry = load(base, first, second).get("hill-brigade")
    assert entry is not None and entry.type == "identity_militia"


def test_an_empty_user_file_changes_nothing(base: Path, tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.yaml", "# nothing yet\n")
    assert sorted(e.id for e in load(base, empty).entries()) == sorted(e.id for e in load(base).entries())


def test_a_user_file_over_the_packaged_dictionary(tmp_path: Path) -> None:
    user = write(tmp_path, "mine.yaml", """
entities:
  - id: hilltop-defence-committee
    name: Hilltop Defence Committee
    type: identity_militia
    country: SDN
    aliases: [HDC]
""")
    actors = ActorDictionary.load(user_files=[user], cache=False)
    assert resolved(actors, "HDC fighters") == "hilltop-defence-committee"
    assert any(p.get("id") == "hilltop-defence-committee" for p in actors.patterns())
    assert resolved(actors, "Sudanese troops") is not None


# --- errors name the user's file and the entry --------------------------------------------

@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entities:\n  - {id: x1, name: X, type: terrorists, country: AAA}\n",
         "entity 'x1': unknown type 'terrorists'"),
        ("entities:\n  - {id: x2, name: X, type: rebel_group, country: ZZZ}\n",
         "entity 'x2': country 'ZZZ'"),
        ("entities:\n  - {id: x3, name: X, type: rebel_group, parent: nobody}\n",
         "entity 'x3' has parent 'nobody', which is not an entity id"),
        ("entities:\n  - {id: x4, name: X, type: rebel_group}\n  - {id: x4, name: Y, type: rebel_group}\n",
         "entity id 'x4' is used twice in this file"),
        ("entities:\n  - {id: x5, name: X, type: rebel_group, aliases: [Liberation Front]}\n",
         "entity 'x5': 'Liberation Front' is the name of the entity 'front'"),
        ("entities:\n  - {id: x6, name: Boland, type: rebel_group}\n", "'boland' is the name of BBB"),
        ("entities:\n  - {id: x7, name: X, type: rebel_group, alias: [Y]}\n", "unknown keys ['alias']"),
        ("offices:\n  - {id: o1, name: O, country: AAA, titles: [chief], holders: [{actor: nobody}]}\n",
         "office 'o1' lists holder 'nobody'"),
        ("entities: [unclosed\n", "not valid YAML"),
        ("actors:\n  - {id: x8}\n", "unknown top-level keys ['actors']"),
    ],
)
def test_a_bad_user_file_is_named_with_the_entry(base: Path, tmp_path: Path, text: str,
                                                 message: str) -> None:
    user = write(tmp_path, "mine.yaml", text)
    with pytest.raises(ActorDictionaryError) as caught:
        load(base, user)
    assert str(caught.value).startswith(f"{user}:")
    assert message in str(caught.value)


def test_the_name_error_says_how_to_replace_the_entry(base: Path, tmp_path: Path) -> None:
    user = write(tmp_path, "mine.yaml",
                 "entities:\n  - {id: x5, name: X, type: rebel_group, aliases: [Liberation Front]}\n")
    with pytest.raises(ActorDictionaryError, match="write an entity with id: front"):
        load(base, user)


def test_the_fault_is_blamed_on_the_file_that_brought_it(base: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", "entities:\n  - {id: hb, name: Hill Brigade, type: rebel_group}\n")
    bad = write(tmp_path, "bad.yaml", "entities:\n  - {id: hb2, name: X, type: rebel_group, parent: nobody}\n")
    with pytest.raises(ActorDictionaryError) as caught:
        load(base, good, bad)
    assert str(caught.value).startswith(f"{bad}:")


def test_a_missing_user_file_names_the_path_and_the_setting(base: Path, tmp_path: Path) -> None:
    with pytest.raises(ActorDictionaryError) as caught:
        load(base, tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in str(caught.value) and "actor_files" in str(caught.value)


# --- the disk cache -------------------------------------------------------------------------

def test_the_cache_key_covers_the_user_files(base: Path) -> None:
    text = base.read_text(encoding="utf-8")
    assert cache_key(text) != cache_key(text, "")
    assert cache_key(text, "a", "b") != cache_key(text, "ab")
    assert cache_key(text, "a") == cache_key(text, "a")


def test_an_edited_user_file_rebuilds_the_cached_index(base: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(cache))
    user = write(tmp_path, "mine.yaml",
                 "entities:\n  - {id: hb, name: Hill Brigade, type: rebel_group, aliases: [HB]}\n")
    assert resolved(load(base, user, cache=True), "HB") == "hb"
    assert resolved(load(base, cache=True), "HB") is None  # the packaged-only index is its own
    assert len(list(cache.glob("actors-*.marshal"))) == 2
    user.write_text("entities:\n  - {id: hb, name: Hill Brigade, type: rebel_group, "
                    "aliases: [HBF]}\n", encoding="utf-8")
    edited = load(base, user, cache=True)
    assert resolved(edited, "HBF") == "hb"
    assert resolved(edited, "HB") is None
    assert len(list(cache.glob("actors-*.marshal"))) == 3
    again = load(base, user, cache=True)  # read from the cache this time
    assert resolved(again, "HBF") == "hb"
    assert len(list(cache.glob("actors-*.marshal"))) == 3


# --- the actor_files setting and the pipeline -----------------------------------------------

def test_the_setting_takes_a_path_list_from_the_environment(tmp_path: Path) -> None:
    environ = {"EVENTWIRE_ACTOR_FILES": os.pathsep.join(["a.yaml", " ", "~/b.yaml"])}
    settings = Settings.load(config_file=write(tmp_path, "e.toml", ""), environ=environ)
    assert settings.actor_file_paths == ("a.yaml", "~/b.yaml")
    assert Settings().actor_file_paths == ()


def test_the_config_file_takes_a_list_or_one_path(tmp_path: Path) -> None:
    listed = write(tmp_path, "list.toml", '[eventwire]\nactor_files = ["a.yaml", "b.yaml"]\n')
    single = write(tmp_path, "one.toml", '[eventwire]\nactor_files = "a.yaml"\n')
    assert Settings.load(config_file=listed, environ={}).actor_file_paths == ("a.yaml", "b.yaml")
    assert Settings.load(config_file=single, environ={}).actor_file_paths == ("a.yaml",)
    assert Settings().with_overrides(actor_files=("c.yaml",)).actor_file_paths == ("c.yaml",)


def test_a_list_of_non_paths_is_a_config_error(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.toml", "[eventwire]\nactor_files = [1, 2]\n")
    with pytest.raises(ConfigError, match="actor_files"):
        Settings.load(config_file=bad, environ={})


def test_the_default_coder_loads_the_user_files(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.geo
    import eventwire.nlp
    from eventwire.actors.dictionary import default_actor_dictionary
    from eventwire.pipeline import Coder

    user = write(tmp_path, "mine.yaml", "entities:\n  - {id: hilltop-defence-committee, "
                 "name: Hilltop Defence Committee, type: identity_militia, country: SDN}\n")
    patterns: list[Any] = []

    def fake_pipeline(model: str | None, **parts: Any) -> object:
        patterns.extend(parts["actor_patterns"])
        return object()

    monkeypatch.setattr(eventwire.nlp, "load_pipeline", fake_pipeline)
    monkeypatch.setattr(eventwire.geo, "default_gazetteer",
                        lambda dump: SimpleNamespace(alias_names=list))
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    default_actor_dictionary.cache_clear()
    try:
        coder = Coder.default(Settings(actor_files=str(user)))
    finally:
        default_actor_dictionary.cache_clear()
    assert coder.resources.actors.get("hilltop-defence-committee") is not None
    assert any(p.get("id") == "hilltop-defence-committee" for p in patterns)


def test_what_a_user_file_replaces_is_logged_on_cached_loads_too(
        base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    user = write(tmp_path, "fix.yaml", "entities:\n  - {id: front, name: Liberation Front, "
                 "type: political_militia, aliases: [LF]}\n")
    load(base, user, cache=True)  # compiles and writes the cache
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="eventwire.actors"):
        load(base, user, cache=True)
    assert any("fix.yaml replaces these entities" in r.message and "front" in r.message
               for r in caplog.records)
