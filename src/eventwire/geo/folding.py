"""Fold place names to lookup keys, so spelling variants of one name meet on one key.

Folding strips diacritics, case, apostrophes and the ayn/hamza marks that transliterations
scatter about ("Shu'fat", "Shu`fat", "Shuʿfāṭ" all fold to ``shufat``), and turns hyphens and
other punctuation into spaces. Arabic article variants ("el-", "ad-", "ash ", "an ") get a
second key with the article written ``al`` so "Deir el-Balah" meets "Dayr al Balah". Spelling
variants beyond that ("Shuafat") are the alias table's job.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters that NFKD leaves whole; without these "Łódź" would look non-Latin.
_LATIN_EXTRAS = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "ß": "ss", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i",
        "ħ": "h", "Ħ": "h", "ŋ": "ng", "ə": "e", "Ə": "e", "ŧ": "t", "ſ": "s",
    }
)
# Marks for ayn, hamza and apostrophes: dropped, not spaced, so "Shu'fat" == "Shufat".
_APOSTROPHES = re.compile("['`´ʹʻʼʽʾʿˈ‘’‛′]")
# A hyphenated article, or "al"/"el" standing alone, or a sun-letter article written apart
# ("ash Shati", "an Nuseirat", "ad Dawhah"): the assimilated consonant repeats.
_HYPHEN_ARTICLE = re.compile(
    r"(?<![a-z0-9])(?:al|el|ul|il|ad|adh|ar|as|ash|at|ath|az|an|ed|edh|er|es|esh|et|eth|ez|en)-"
    r"(?=[a-z])"
)
_SPACED_ARTICLE = re.compile(r"(?<![a-z0-9])(?:al|el)\s+(?=[a-z])")
_SUN_ARTICLE = re.compile(r"(?<![a-z0-9])[ae](dh|sh|th|d|r|s|t|z|n)\s+(?=\1)")
_NON_ALNUM = re.compile(r"[^0-9a-z\u0080-\uffff]+")
_LEADING_THE = re.compile(r"^the\s+")


def _latin_base(name: str) -> str:
    """Lowercase, without diacritics or apostrophes; non-Latin letters stay as they are."""
    if name.isascii():  # most GeoNames alternates: skip the slow Unicode steps
        return _APOSTROPHES.sub("", name.lower())
    decomposed = unicodedata.normalize("NFKD", name.translate(_LATIN_EXTRAS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold() alone maps Cherokee to upper case ("ꭰ" -> "Ꭰ"); lower() after it settles it.
    return _APOSTROPHES.sub("", stripped.translate(_LATIN_EXTRAS).casefold().lower())


def _squash(text: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", text).split())


@lru_cache(maxsize=262_144)  # the near-spelling search folds every town of an area per guess
def fold_name(name: str) -> str:
    """The primary lookup key of a name: ``"Deir el-Balah"`` -> ``"deir el balah"``."""
    return _squash(_latin_base(name))


def _article_normalised(base: str) -> str:
    text = _HYPHEN_ARTICLE.sub("al ", base)
    text = _SPACED_ARTICLE.sub("al ", text)
    return _SUN_ARTICLE.sub(_sun_article, text)


def _sun_article(match: re.Match[str]) -> str:
    # "at the ..." is English, not "at-T...": a single d/s/t followed by "h" is another letter.
    consonant = match.group(1)
    following = match.string[match.end() : match.end() + 2]
    if len(consonant) == 1 and following == consonant + "h":
        return match.group(0)
    return "al "


@lru_cache(maxsize=262_144)
def name_keys(name: str) -> tuple[str, ...]:
    """Every key a name is stored or looked up under: the fold, then the article-normalised fold."""
    base = _latin_base(name)
    primary = _squash(base)
    with_al = _squash(_article_normalised(base))
    if not primary:
        return ()
    return (primary,) if with_al == primary else (primary, with_al)


@lru_cache(maxsize=65_536)  # every candidate of every place mention asks again
def query_keys(name: str) -> tuple[str, ...]:
    """Keys for a name as it appears in text: also without a leading "the"."""
    keys = name_keys(name)
    bare = tuple(_LEADING_THE.sub("", key) for key in keys if key.startswith("the "))
    return keys + tuple(key for key in bare if key and key not in keys)


def is_latin(name: str) -> bool:
    """True when the name folds to plain ASCII letters, digits and spaces (Latin script)."""
    return fold_name(name).isascii()


_CODE_LIKE = re.compile(r"^[A-Z0-9]{3,4}$")


def is_code_like(name: str) -> bool:
    """True for airport-style codes among GeoNames alternates ("GZA", "LLBG", "OR5")."""
    return bool(_CODE_LIKE.match(name.strip()))


# Words that name an administrative level. A suffix ("Sagaing Region", "Masisi Territory") or
# a prefix with its connector ("Province du Loroum", "Commune of Rumonge", "Wilaya d'Alger",
# "Muhafazat Halab"). Matched on folded tokens, so accents and case do not matter.
ADMIN_DESIGNATORS = frozenset(
    {
        "region", "regions", "province", "provincia", "district", "districts", "state",
        "governorate", "municipality", "municipio", "territory", "territoire", "department",
        "departement", "departamento", "county", "prefecture", "township", "commune", "division",
        "zone", "wilaya", "wilayat", "oblast", "raion", "rayon", "subdistrict", "locality",
        "cercle", "circle", "emirate", "estado", "muhafazat", "mintaqat", "liwa", "kraj",
        "voivodeship", "regional",
    }
)
# Words that name a settlement ("Nat Gyi village", "Belet Xaawo town", "Maymana city").
SETTLEMENT_DESIGNATORS = frozenset({"city", "town", "village", "hamlet"})
_CONNECTORS = frozenset({"of", "de", "du", "des", "d", "la", "le", "del", "di"})
_ELIDED_CONNECTOR = re.compile(r"^[dl]['’]", re.IGNORECASE)  # "d'Alger", "l'Ouest"


def split_designator(name: str) -> tuple[str, str | None]:
    """The name without its administrative or settlement word, and that word (folded).

    ``"Sagaing Region"`` -> ``("Sagaing", "region")``; ``"Province du Loroum"`` ->
    ``("Loroum", "province")``; ``"Nat Gyi village"`` -> ``("Nat Gyi", "village")``; a name
    with no designator, or nothing but one ("Region"), comes back unchanged with ``None``.
    """
    tokens = name.split()
    folded = [fold_name(token).replace(" ", "") for token in tokens]  # "Sub-district"
    designators = ADMIN_DESIGNATORS | SETTLEMENT_DESIGNATORS
    if len(tokens) >= 2 and folded[-1] in designators:
        word = folded[-1]
        rest = tokens[:-1]
        if len(rest) >= 2 and fold_name(rest[-1]) in ADMIN_DESIGNATORS:  # "Amhara Regional State"
            rest = rest[:-1]
        return " ".join(rest), word
    if len(tokens) >= 2 and folded[0] in ADMIN_DESIGNATORS:
        rest = tokens[1:]
        while len(rest) >= 2 and fold_name(rest[0]) in _CONNECTORS:
            rest = rest[1:]
        rest[0] = _ELIDED_CONNECTOR.sub("", rest[0]) or rest[0]
        return " ".join(rest), folded[0]
    return name, None


def strip_designator(name: str) -> str:
    """``"Kadiogo Province"`` -> ``"Kadiogo"``; names without a designator are unchanged."""
    return split_designator(name)[0]


_DOUBLED = re.compile(r"([a-z])\1+")


def squeeze_key(key: str) -> str:
    """A key with doubled letters collapsed, so "Hiiraan" meets "Hiraan" ("hiran")."""
    return _DOUBLED.sub(r"\1", key)


@lru_cache(maxsize=65_536)
def area_keys(name: str) -> frozenset[str]:
    """Keys to compare names of enclosing areas: folded, designator-stripped and squeezed."""
    bare = strip_designator(name)
    return frozenset(squeeze_key(key) for key in (*name_keys(bare), *name_keys(name)))
