"""Alert rules: which signals a user wants to be told about, and where to send them.

Rules are read from a TOML (``[[rules]]``) or YAML (``rules:``) file; see ``docs/ALERTS.md``.
Every mistake in the file is a :class:`~eventwire.errors.ConfigError` naming the file, the
rule and what to change, raised when the file is loaded rather than when a signal arrives.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import ConfigError

#: The detectors a rule may name; ``any`` matches every detector.
DETECTORS: tuple[str, ...] = ("spike", "new_actor_in_area", "verbal_escalation")
ANY_DETECTOR = "any"
#: How many times a webhook is tried again within one run, and how long each try may take.
DEFAULT_WEBHOOK_RETRIES = 2
DEFAULT_WEBHOOK_TIMEOUT = 10.0

_RULE_KEYS = frozenset({
    "name", "detector", "country", "admin1", "actor", "measure", "min_value", "min_events",
    "min_ratio", "stdout", "jsonl", "webhook",
})
_WEBHOOK_KEYS = frozenset({"url", "headers", "timeout", "retries"})
_ISO3 = re.compile(r"^[A-Z]{3}$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Target:
    """Where an alert goes: ``stdout``, a ``jsonl`` file (``destination`` is its path) or a
    ``webhook`` (``destination`` is its URL; ``headers``, ``timeout`` and ``retries`` apply).

    ``key`` names the target in the delivery records; headers are left out of it on purpose,
    so a token never reaches the store.
    """

    kind: str
    destination: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = DEFAULT_WEBHOOK_TIMEOUT
    retries: int = DEFAULT_WEBHOOK_RETRIES

    @property
    def key(self) -> str:
        return self.kind if not self.destination else f"{self.kind}:{self.destination}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a signal fires it when every condition given holds.

    ``detectors`` empty means any detector; ``countries`` (ISO alpha-3) and ``admin1`` empty
    mean anywhere; ``actor`` is a case-insensitive substring of the signal's actor.
    ``min_value`` bounds the signal's value (in its ``measure``, which ``measure`` may fix),
    ``min_events`` the number of events behind it and ``min_ratio`` the value over the
    signal's baseline (a signal without a baseline does not pass it).
    """

    name: str
    detectors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    actor: str | None = None
    measure: str | None = None
    min_value: float | None = None
    min_events: int | None = None
    min_ratio: float | None = None
    targets: tuple[Target, ...] = ()


def load_rules(path: str | os.PathLike[str], *,
               environ: Mapping[str, str] | None = None) -> tuple[Rule, ...]:
    """The rules in a ``.toml``, ``.yaml`` or ``.yml`` file.

    A relative ``jsonl`` path is taken from the file's folder; ``${VAR}`` in a webhook header
    is read from ``environ`` (default: the environment), so tokens stay out of the file.

    Raises:
        ConfigError: the file is missing, unreadable, or a rule is wrong (the message names
            the file, the rule and what to fix).
    """
    file = Path(path)
    data = _read_file(file)
    return parse_rules(data, source=str(file), base_dir=file.parent, environ=environ)


def parse_rules(data: Any, *, source: str = "<rules>", base_dir: Path | None = None,
                environ: Mapping[str, str] | None = None) -> tuple[Rule, ...]:
    """Rules from already-parsed data: a mapping with a ``rules`` list of tables."""
    if not isinstance(data, Mapping) or "rules" not in data:
        raise ConfigError(
            f"{source}: no rules found. Write each rule as a [[rules]] table (TOML) or an item "
            "of a `rules:` list (YAML); see docs/ALERTS.md."
        )
    unknown = sorted(set(data) - {"rules"})
    if unknown:
        raise ConfigError(f"{source}: unknown top-level key(s) {unknown}; only `rules` is read.")
    items = data["rules"]
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{source}: `rules` must be a non-empty list of rule tables.")
    context = _Context(source, base_dir, os.environ if environ is None else environ)
    rules = tuple(_parse_rule(item, index, context) for index, item in enumerate(items, 1))
    _check_unique_names(rules, source)
    return rules


# --- parsing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    source: str
    base_dir: Path | None
    environ: Mapping[str, str]


def _read_file(file: Path) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ConfigError(f"The alert rules file {file} does not exist; check the path.") from error
    except OSError as error:
        raise ConfigError(f"Cannot read the alert rules file {file}: {error}.") from error
    suffix = file.suffix.lower()
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix in (".yaml", ".yml"):
            return yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{file} is not valid {suffix[1:].upper()}: {error}") from error
    raise ConfigError(
        f"{file}: alert rules must be a .toml, .yaml or .yml file, not {suffix or 'no suffix'}."
    )


def _parse_rule(item: Any, index: int, context: _Context) -> Rule:
    if not isinstance(item, Mapping):
        raise ConfigError(f"{context.source}: rule {index} must be a table of settings, "
                          f"got {item!r}.")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{context.source}: rule {index} needs a `name` (a short text).")
    where = f"{context.source}: rule {name!r}"
    unknown = sorted(set(item) - _RULE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; known keys: "
                          f"{', '.join(sorted(_RULE_KEYS))}.")
    return Rule(
        name=name.strip(),
        detectors=_detectors(item.get("detector", ANY_DETECTOR), where),
        countries=tuple(code.upper() for code in _countries(item.get("country"), where)),
        admin1=_texts(item.get("admin1"), "admin1", where),
        actor=_optional_text(item.get("actor"), "actor", where),
        measure=_optional_text(item.get("measure"), "measure", where),
        min_value=_number(item.get("min_value"), "min_value", where),
        min_events=_whole(item.get("min_events"), "min_events", where),
        min_ratio=_number(item.get("min_ratio"), "min_ratio", where),
        targets=_targets(item, where, context),
    )


def _detectors(value: Any, where: str) -> tuple[str, ...]:
    names = _texts(value, "detector", where)
    known = (*DETECTORS, ANY_DETECTOR)
    for name in names:
        if name not in known:
            raise ConfigError(f"{where}: unknown detector {name!r}; use one of "
                              f"{', '.join(known)}.")
    return () if ANY_DETECTOR in names or not names else names


def _countries(value: Any, where: str) -> tuple[str, ...]:
    codes = _texts(value, "country", where)
    for code in codes:
        if not _ISO3.match(code.upper()):
            raise ConfigError(f"{where}: country {code!r} is not an ISO 3166 alpha-3 code; "
                              "write e.g. \"SDN\" for Sudan.")
    return codes


def _texts(value: Any, key: str, where: str) -> tuple[str, ...]:
    """A text or a list of texts, as a tuple; None is empty."""
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{where}: `{key}` must be a text or a list of texts, got {value!r}.")
    return tuple(v.strip() for v in values)


def _optional_text(value: Any, key: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: `{key}` must be a non-empty text, got {value!r}.")
    return value.strip()


def _number(value: Any, key: str, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: `{key}` must be a number, got {value!r}.")
    return float(value)


def _whole(value: Any, key: str, where: str, *, minimum: int = 0) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{where}: `{key}` must be a whole number of at least {minimum}, "
                          f"got {value!r}.")
    return value


# --- targets --------------------------------------------------------------------------------


def _targets(item: Mapping[str, Any], where: str, context: _Context) -> tuple[Target, ...]:
    targets: list[Target] = []
    stdout = item.get("stdout", False)
    if not isinstance(stdout, bool):
        raise ConfigError(f"{where}: `stdout` must be true or false, got {stdout!r}.")
    if stdout:
        targets.append(Target("stdout"))
    for path in _texts(item.get("jsonl"), "jsonl", where):
        targets.append(Target("jsonl", _resolve(path, context.base_dir)))
    for hook in _as_list(item.get("webhook")):
        targets.append(_webhook(hook, where, context))
    keys = [target.key for target in targets]
    if len(set(keys)) < len(keys):
        raise ConfigError(f"{where}: a target is given twice ({keys}); give each once.")
    return tuple(targets)


def _resolve(path: str, base_dir: Path | None) -> str:
    file = Path(path).expanduser()
    if base_dir is not None and not file.is_absolute():
        file = base_dir / file
    return str(file)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _webhook(hook: Any, where: str, context: _Context) -> Target:
    if isinstance(hook, str):
        hook = {"url": hook}
    if not isinstance(hook, Mapping):
        raise ConfigError(f"{where}: `webhook` must be a URL or a table with `url`, `headers`, "
                          f"`timeout`, `retries`; got {hook!r}.")
    unknown = sorted(set(hook) - _WEBHOOK_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown webhook key(s) {unknown}; known keys: "
                          f"{', '.join(sorted(_WEBHOOK_KEYS))}.")
    url = hook.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: the webhook needs a `url` starting with http:// or "
                          f"https://, got {url!r}.")
    timeout = _number(hook.get("timeout"), "webhook timeout", where)
    if timeout is not None and timeout <= 0:
        raise ConfigError(f"{where}: the webhook `timeout` must be more than 0 seconds, "
                          f"got {timeout:g}.")
    retries = _whole(hook.get("retries"), "webhook retries", where)
    return Target(
        "webhook", url, headers=_headers(hook.get("headers"), where, context),
        timeout=DEFAULT_WEBHOOK_TIMEOUT if timeout is None else timeout,
        retries=DEFAULT_WEBHOOK_RETRIES if retries is None else retries,
    )


def _headers(value: Any, where: str, context: _Context) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ConfigError(f"{where}: webhook `headers` must be a table of texts, "
                          "e.g. {Authorization = \"Bearer ${HOOK_TOKEN}\"}.")
    return tuple((name, _expand(text, name, where, context)) for name, text in value.items())


def _expand(text: str, header: str, where: str, context: _Context) -> str:
    def value_of(match: re.Match[str]) -> str:
        variable = match.group(1)
        if variable not in context.environ:
            raise ConfigError(f"{where}: the webhook header {header!r} uses ${{{variable}}}, "
                              f"which is not set; set the environment variable {variable}.")
        return context.environ[variable]

    return _VARIABLE.sub(value_of, text)


def _check_unique_names(rules: Sequence[Rule], source: str) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise ConfigError(f"{source}: two rules are named {rule.name!r}; alerts are "
                              "recorded by rule name, so give each rule its own.")
        seen.add(rule.name)
