"""Test doubles shared by the unit tests (imported by name: pytest puts this folder on the path)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

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
