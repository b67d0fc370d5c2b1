"""Tests of eventwire.config: declared settings, layered as defaults < file < env < CLI flags.

Every test passes ``environ`` explicitly (or clears ``EVENTWIRE_*``) and runs in a temporary
working directory, so a developer's own environment or ``eventwire.toml`` cannot leak in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import eventwire.cli.main as cli_main
from eventwire.config import CONFIG_FILE_ENV, SETTINGS, Settings
from eventwire.errors import ConfigError
from eventwire.model import Article, Event

DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean cwd (no stray eventwire.toml) and no EVENTWIRE_* variables."""
    monkeypatch.chdir(tmp_path)
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env_var, raising=False)
    monkeypatch.delenv(CONFIG_FILE_ENV, raising=False)
    return tmp_path


def write_config(folder: Path, body: str, name: str = "settings.toml") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


# --- the declaration ------------------------------------------------------------------------


def test_settings_dataclass_matches_declared_settings() -> None:
    fields = dataclasses.fields(Settings)
    assert [f.name for f in fields] == [s.name for s in SETTINGS]
    for f, setting in zip(fields, SETTINGS, strict=True):
        assert f.default == setting.default, f.name
        assert type(setting.default) is setting.type, f"{setting.name}: default is not a {setting.type}"
        # annotations are strings under `from __future__ import annotations`
        assert f.type in (setting.type, setting.type.__name__), f.name


def test_every_setting_has_help_and_an_env_var() -> None:
    for setting in SETTINGS:
        assert setting.help.strip(), setting.name
        assert setting.env_var == "EVENTWIRE_" + setting.name.upper()
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)


def test_defaults() -> None:
    settings = Settings.load(environ={})
    assert dataclasses.asdict(settings) == DEFAULTS
    assert settings == Settings()


# --- layers ---------------------------------------------------------------------------------


def test_config_file_table_sets_values(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[eventwire]\nbatch_size = 8\nmodel = "my_pipeline"\nmin_confidence = 0.4\n')
    settings = Settings.load(config_file=path, environ={})
    assert (settings.batch_size, settings.model, settings.min_confidence) == (8, "my_pipeline", 0.4)
    assert settings.n_process == DEFAULTS["n_process"]  # not in the file: default kept


def test_config_file_other_tables_are_ignored(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[tool.other]\nbatch_size = 99\n\n[eventwire]\nn_process = 2\n")
    settings = Settings.load(config_file=path, environ={})
    assert settings.batch_size == DEFAULTS["batch_size"]
    assert settings.n_process == 2


def test_config_file_from_env_var(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nhistorical_days = 90\n")
    settings = Settings.load(environ={CONFIG_FILE_ENV: str(path)})
    assert settings.historical_days == 90


def test_eventwire_toml_in_working_directory_is_read(isolated: Path) -> None:
    write_config(isolated, "[eventwire]\nhistorical_days = 7\n", name="eventwire.toml")
    assert Settings.load(environ={}).historical_days == 7


def test_explicit_config_file_wins_over_env_var_file(tmp_path: Path) -> None:
    chosen = write_config(tmp_path, "[eventwire]\nbatch_size = 5\n", name="chosen.toml")
    other = write_config(tmp_path, "[eventwire]\nbatch_size = 50\n", name="other.toml")
    settings = Settings.load(config_file=chosen, environ={CONFIG_FILE_ENV: str(other)})
    assert settings.batch_size == 5


def test_env_vars_override_the_file(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nbatch_size = 8\nhistorical_days = 10\n")
    environ = {"EVENTWIRE_BATCH_SIZE": "16", "EVENTWIRE_MIN_CONFIDENCE": "0.25"}
    settings = Settings.load(config_file=path, environ=environ)
    assert settings.batch_size == 16  # env beats file
    assert settings.historical_days == 10  # file value stays where env is silent
    assert settings.min_confidence == 0.25  # env beats default


def test_env_vars_are_read_from_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_N_PROCESS", "3")
    assert Settings.load().n_process == 3


def test_unrelated_env_vars_are_ignored() -> None:
    settings = Settings.load(environ={"EVENTWIRE_NOT_A_SETTING": "x", "BATCH_SIZE": "3"})
    assert settings == Settings()


def test_with_overrides_beats_file_and_env(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nbatch_size = 8\nn_process = 2\n")
    loaded = Settings.load(config_file=path, environ={"EVENTWIRE_BATCH_SIZE": "16"})
    settings = loaded.with_overrides(batch_size=4, n_process=None, model=None)
    assert settings.batch_size == 4
    assert settings.n_process == 2  # None means "flag not given": the lower layer stays
    assert settings.model == loaded.model
    assert loaded.batch_size == 16  # frozen: the original is unchanged


def test_with_overrides_coerces_strings() -> None:
    settings = Settings().with_overrides(batch_size="12", min_confidence="0.5")
    assert settings.batch_size == 12 and isinstance(settings.batch_size, int)
    assert settings.min_confidence == 0.5


def test_int_is_accepted_for_a_float_setting(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nmin_confidence = 1\n")
    settings = Settings.load(config_file=path, environ={})
    assert settings.min_confidence == 1.0 and isinstance(settings.min_confidence, float)


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("batch_size", "0"),
        ("batch_size", "-3"),
        ("batch_size", "many"),
        ("n_process", "0"),
        ("n_process", "two"),
        ("historical_days", "a month"),
        ("min_confidence", "1.5"),
        ("min_confidence", "-0.1"),
        ("min_confidence", "high"),
    ],
)
def test_bad_env_value_names_the_setting(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.load(environ={f"EVENTWIRE_{name.upper()}": value})


def test_unparseable_env_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="EVENTWIRE_BATCH_SIZE"):
        Settings.load(environ={"EVENTWIRE_BATCH_SIZE": "lots"})


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ('batch_size = "lots"', "batch_size"),
        ("batch_size = 0", "batch_size"),
        ("n_process = -1", "n_process"),
        ("min_confidence = 2.0", "min_confidence"),
        ("historical_days = [1, 2]", "historical_days"),
    ],
)
def test_bad_file_value_names_the_setting(tmp_path: Path, body: str, name: str) -> None:
    path = write_config(tmp_path, f"[eventwire]\n{body}\n")
    with pytest.raises(ConfigError, match=name):
        Settings.load(config_file=path, environ={})


@pytest.mark.parametrize(("name", "value"), [("batch_size", 0), ("n_process", "x"), ("min_confidence", 3)])
def test_bad_override_names_the_setting(name: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings().with_overrides(**{name: value})


def test_unknown_setting_in_file_is_an_error(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nbatch_sise = 8\n")
    with pytest.raises(ConfigError, match="batch_sise"):
        Settings.load(config_file=path, environ={})


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(ConfigError, match="workers"):
        Settings().with_overrides(workers=4)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="nope.toml"):
        Settings.load(config_file=missing, environ={})
    with pytest.raises(ConfigError, match=CONFIG_FILE_ENV):
        Settings.load(environ={CONFIG_FILE_ENV: str(missing)})


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire\nbatch_size = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(config_file=path, environ={})


def test_eventwire_key_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'eventwire = "fast"\n')
    with pytest.raises(ConfigError, match=r"\[eventwire\]"):
        Settings.load(config_file=path, environ={})


def test_fractional_value_for_int_setting_is_rejected(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nbatch_size = 2.7\n")
    with pytest.raises(ConfigError, match="batch_size"):
        Settings.load(config_file=path, environ={})


def test_boolean_value_for_int_setting_is_rejected(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[eventwire]\nn_process = true\n")
    with pytest.raises(ConfigError, match="n_process"):
        Settings.load(config_file=path, environ={})


# --- the fourth layer: CLI flags (no model: the coder is replaced by a fake) ----------------


class RecordingCoder:
    """Stands in for ``Coder``: codes nothing, remembers the settings it was built with."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, []


def run_code_command(monkeypatch: pytest.MonkeyPatch, folder: Path, args: list[str],
                     env: dict[str, str]) -> tuple[Settings, str]:
    built: list[Settings] = []

    def fake_coder(settings: Settings) -> RecordingCoder:
        built.append(settings)
        return RecordingCoder(settings)

    monkeypatch.setattr(cli_main, "default_coder", fake_coder)
    (folder / "one.txt").write_text("date 2023-05-02\nKANO - Traders protested on Tuesday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli_main.cli, ["code", str(folder / "one.txt"), *args], env=env)
    assert result.exit_code == 0, result.output
    assert len(built) == 1
    return built[0], result.stderr


def test_cli_flags_beat_env_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(tmp_path, "[eventwire]\nbatch_size = 8\nn_process = 2\nhistorical_days = 12\n")
    env = {"EVENTWIRE_BATCH_SIZE": "16", "EVENTWIRE_HISTORICAL_DAYS": "20"}
    settings, stderr = run_code_command(monkeypatch, tmp_path, ["--config", str(path), "--batch-size", "3"], env)
    assert settings.batch_size == 3  # flag > env > file
    assert settings.historical_days == 20  # env > file (no flag)
    assert settings.n_process == 2  # file > default (no env, no flag)
    assert "1 article" in stderr


def test_cli_without_flags_uses_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, _ = run_code_command(monkeypatch, tmp_path, [], {"EVENTWIRE_MIN_CONFIDENCE": "0.6"})
    assert settings.min_confidence == 0.6
    assert settings.batch_size == DEFAULTS["batch_size"]


def test_cli_bad_flag_value_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_main, "default_coder", RecordingCoder)
    result = CliRunner().invoke(cli_main.cli, ["code", str(tmp_path), "--batch-size", "0"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "batch_size" in result.stderr
    assert result.stdout == ""
