"""The gazetteer: place names to coordinates, resolved in the context of an article.

``default_gazetteer()`` opens a SQLite index of GeoNames cities, countries and admin-1/admin-2
areas (built once into the cache directory) with the alias table ``eventwire/data/places.yaml``
on top.
"""

from __future__ import annotations

from eventwire.cache import cache_dir
from eventwire.geo.admin import AdminArea, build_areas, load_admin_records
from eventwire.geo.aliases import AliasEntry, AliasTable, load_aliases
from eventwire.geo.countries import country_name, iso3_from_iso2, known_iso3
from eventwire.geo.folding import (
    area_keys,
    fold_name,
    name_keys,
    split_designator,
    squeeze_key,
    strip_designator,
)
from eventwire.geo.gazetteer import Gazetteer, PlaceRecord, SqliteGazetteer, default_gazetteer
from eventwire.geo.index import BuildReport, build_index, ensure_index, index_path

__all__ = [
    "AdminArea",
    "AliasEntry",
    "AliasTable",
    "BuildReport",
    "Gazetteer",
    "PlaceRecord",
    "SqliteGazetteer",
    "area_keys",
    "build_areas",
    "build_index",
    "cache_dir",
    "country_name",
    "default_gazetteer",
    "ensure_index",
    "fold_name",
    "index_path",
    "iso3_from_iso2",
    "known_iso3",
    "load_admin_records",
    "load_aliases",
    "name_keys",
    "split_designator",
    "squeeze_key",
    "strip_designator",
]
