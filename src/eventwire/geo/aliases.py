"""The alias table: places and spellings GeoNames lacks or ranks wrongly for conflict news.

The table is a YAML file (``eventwire/data/places.yaml`` by default) with three parts: ``places``
(entries with coordinates), ``countries`` (extra names for countries, keyed by ISO3) and
``not_places`` (surface forms that are never places). It is small, so it is read per process;
the GeoNames index is the part worth caching on disk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import GazetteerError
from eventwire.geo.folding import name_keys

FEATURES = frozenset(
    {
        "country", "region", "city", "town", "village", "camp", "crossing", "neighbourhood",
        "site", "border", "populated_place",
    }
)
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One hand-written place: its canonical name, other surface forms and coordinates."""

    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    country: str
    feature: str
    geonames_id: int | None = None
    population: int = 0
    parent: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The canonical name, then the aliases, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    @property
    def slug(self) -> str:
        return "-".join(name_keys(self.name)[0].split()) if name_keys(self.name) else self.name


@dataclass(frozen=True, slots=True)
class AliasTable:
    """The parsed alias file."""

    places: tuple[AliasEntry, ...]
    country_names: Mapping[str, tuple[str, ...]]
    not_places: frozenset[str]  # folded keys
    ambiguous: frozenset[str]  # folded keys deliberately shared by several entries

    def surface_forms(self) -> list[str]:
        """Every surface form in the table, places first, then country names; no repeats."""
        forms = [form for entry in self.places for form in entry.surface_forms]
        forms += [name for names in self.country_names.values() for name in names]
        return list(dict.fromkeys(forms))


def default_aliases_path() -> Path:
    """The alias table shipped with eventwire."""
    return Path(str(resources.files("eventwire").joinpath("data/places.yaml")))


def load_aliases(path: str | Path | None = None) -> AliasTable:
    """Read and check an alias file; raises ``GazetteerError`` naming the bad entry."""
    source = Path(path) if path is not None else default_aliases_path()
    try:
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, yaml.YAMLError) as error:
        raise GazetteerError(f"cannot read the place alias table {source}: {error}") from error
    if not isinstance(raw, dict):
        raise GazetteerError(f"{source}: expected a mapping with a 'places' list at the top")
    places = tuple(_parse_entry(item, source, number) for number, item in
                   enumerate(raw.get("places") or [], start=1))
    return AliasTable(
        places=places,
        country_names=_parse_countries(raw.get("countries") or {}, source),
        not_places=_fold_all(raw.get("not_places") or []),
        ambiguous=_fold_all(raw.get("ambiguous_aliases") or []),
    )


def _loader() -> type[yaml.SafeLoader]:
    # The C loader is several times faster; fall back when PyYAML was built without libyaml.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _fold_all(names: Sequence[Any]) -> frozenset[str]:
    return frozenset(key for name in names for key in name_keys(str(name)))


def _parse_entry(item: Any, source: Path, number: int) -> AliasEntry:
    where = f"{source}: place #{number}"
    if not isinstance(item, dict) or "name" not in item:
        raise GazetteerError(f"{where} must be a mapping with at least name, lat, lon, country")
    where = f"{where} ({item['name']!r})"
    try:
        entry = AliasEntry(
            name=str(item["name"]),
            aliases=tuple(str(alias) for alias in item.get("aliases") or ()),
            lat=float(item["lat"]),
            lon=float(item["lon"]),
            country=str(item["country"]),
            feature=str(item.get("feature", "populated_place")),
            geonames_id=int(item["geonames_id"]) if item.get("geonames_id") else None,
            population=int(item.get("population") or 0),
            parent=str(item["parent"]) if item.get("parent") else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise GazetteerError(f"{where}: missing or malformed field ({error})") from error
    _check_entry(entry, where)
    return entry


def _check_entry(entry: AliasEntry, where: str) -> None:
    if not (-90.0 <= entry.lat <= 90.0 and -180.0 <= entry.lon <= 180.0):
        raise GazetteerError(f"{where}: lat/lon {entry.lat}, {entry.lon} out of range")
    if math.isnan(entry.lat) or math.isnan(entry.lon):
        raise GazetteerError(f"{where}: lat/lon must be numbers")
    if not _ISO3.match(entry.country):
        raise GazetteerError(f"{where}: country must be an ISO 3166 alpha-3 code like 'PSE'")
    if entry.feature not in FEATURES:
        raise GazetteerError(f"{where}: unknown feature {entry.feature!r}; use one of "
                             f"{', '.join(sorted(FEATURES))}")


def _parse_countries(raw: Any, source: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise GazetteerError(f"{source}: 'countries' must map ISO3 codes to lists of names")
    parsed: dict[str, tuple[str, ...]] = {}
    for code, names in raw.items():
        if not _ISO3.match(str(code)) or not isinstance(names, list):
            raise GazetteerError(f"{source}: countries.{code} must be an ISO3 code with a list")
        parsed[str(code)] = tuple(str(name) for name in names)
    return parsed
