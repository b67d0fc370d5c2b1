"""Fixtures for the end-to-end CLI tests.

The spaCy model takes seconds to load, so in-process runs (click's ``CliRunner``) share one
loaded ``Coder``: the CLI's ``default_coder`` is swapped for one that reuses its NLP and
resources with the settings the command built. Everything else (argument parsing, settings,
reading, the store, the output) is the real code. Tests that need a real process use
``eventwire_exe``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import eventwire.cli.main as cli_main
from eventwire.config import CONFIG_FILE_ENV, SETTINGS, Settings
from eventwire.ingest import ReadSummary, read_articles
from eventwire.model import Article
from eventwire.pipeline import Coder

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


@pytest.fixture
def subprocess_env() -> dict[str, str]:
    """os.environ without eventwire's own variables, for subprocesses."""
    ours = {s.env_var for s in SETTINGS} | {CONFIG_FILE_ENV}
    return {k: v for k, v in os.environ.items() if k not in ours}


@pytest.fixture(scope="session")
def eventwire_exe() -> Path:
    exe = Path(sys.executable).parent / "eventwire"
    if not exe.exists():
        pytest.skip(f"the console script {exe} is not installed (run `make venv`)")
    return exe


@pytest.fixture(scope="session")
def shared_coder() -> Coder:
    return Coder.default(Settings())


@dataclass
class Cli:
    """Runs ``eventwire`` commands in-process; ``settings_seen`` lists what each coder got."""

    runner: CliRunner
    settings_seen: list[Settings]

    def __call__(self, *args: str | os.PathLike[str]) -> Result:
        return self.runner.invoke(cli_main.cli, [os.fspath(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def _cli_session(shared_coder: Coder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    seen: list[Settings] = []

    def reuse_coder(settings: Settings) -> Coder:
        seen.append(settings)
        return Coder(shared_coder.nlp, replace(shared_coder.resources, settings=settings))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_main, "default_coder", reuse_coder)
        for name in {s.env_var for s in SETTINGS} | {CONFIG_FILE_ENV}:
            patch.delenv(name, raising=False)
        patch.chdir(tmp_path_factory.mktemp("cwd"))  # no stray eventwire.toml
        yield Cli(CliRunner(), seen)


@pytest.fixture
def cli(_cli_session: Cli) -> Cli:
    _cli_session.settings_seen.clear()
    return _cli_session


@pytest.fixture(scope="session")
def sample_articles() -> dict[str, Article]:
    summary = ReadSummary()
    articles = {a.id: a for a in read_articles([SAMPLES], summary=summary) if isinstance(a, Article)}
    assert not summary.rejections, summary.rejections
    return articles


@pytest.fixture(scope="session")
def sample_events(_cli_session: Cli) -> list[dict[str, Any]]:
    """The events of `eventwire code samples/`, parsed."""
    result = _cli_session("code", SAMPLES)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def samples_db(_cli_session: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the coded samples; tests must only read it."""
    db = tmp_path_factory.mktemp("store") / "samples.db"
    result = _cli_session("ingest", SAMPLES, "--db", db)
    assert result.exit_code == 0, result.stderr
    return db

