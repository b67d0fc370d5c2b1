"""Test doubles shared by the unit tests (imported by name: pytest puts this folder on the path)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

from eventwire.model import Article, Event, PloverType, TextSpan


class EvenCaseCoder:
    """Codes an ASSAULT on "attacked" for even case numbers ("c04") and nothing for odd ones."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.seen.append(article.id)
            number = int(article.id[1:])
            start = article.text.index("attacked")
            events = [] if number % 2 else [Event(
                event_id=f"e{number}", article_id=article.id, event_type=PloverType.ASSAULT,
                evidence=TextSpan(article.text, 0, len(article.text)),
                trigger=TextSpan("attacked", start, start + len("attacked")))]
            yield article, events


def load_script(name: str) -> ModuleType:
    """A module of scripts/ (not a package), registered under its name so its dataclasses work."""
    path = Path(__file__).resolve().parents[2] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
