"""Read a user's GeoNames dump: the 19-column ``geoname`` table, as ``.txt`` or GeoNames' ``.zip``.

GeoNames publishes ``allCountries.zip`` (about 12M rows, 1.5 GB unpacked), ``cities500.zip``
and the like, and one ``XX.zip`` per country, each holding one tab-separated text file with
these columns: geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
feature code, country code, cc2, admin1 code, admin2 code, admin3 code, admin4 code,
population, elevation, dem, timezone, modification date.

The reader streams: one row at a time, never a list of the file. It keeps the features a
conflict geocoder needs (``kept_feature``) and skips a malformed line with a logged warning
naming the file and line, counting it in ``DumpStats``; a bad line never stops a build.

``admin1CodesASCII.txt`` and ``admin2Codes.txt`` beside the dump (``code<TAB>name<TAB>
asciiname<TAB>geonameid``, code ``CC.A1`` or ``CC.A1.A2``) name the admin areas a city lies in.
This module only reads; ``index.py`` writes the SQLite index.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from eventwire.errors import GazetteerError

logger = logging.getLogger(__name__)

GEONAME_COLUMNS = 19
ADMIN_CODE_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt")
# Bumped when what the loader keeps or how it names changes: part of the index file name.
LOADER_VERSION = 1
MAX_LOGGED_BAD_LINES = 20  # then one summary line: a broken file must not flood the log

# Which GeoNames features the index keeps, and as which index feature.
#  P (populated places, incl. PPLX neighbourhoods): the bulk of what reports name. Historical
#    or abandoned ones (PPLH, PPLQ, PPLCH) are dropped: nobody fights there today, and their
#    names would shadow the living town of the same name.
#  A ADM1/ADM2/ADM3: the areas reports name ("Sagaing region", "Yinmarbin district", "Kani
#    township"). The index knows two admin levels, so ADM3 is filed as 'admin2' with its
#    parent ADM2 as its admin-2 name (a bonus when a report names that district next to it).
#  S CMPRF (refugee camps): "Kakuma camp", "Zamzam" are event locations in their own right.
#  L RGN, AREA (regions such as "Sahel", "Darfur"), LCTY (named localities with no
#    population, often where rural clashes are reported): kept at population 0, so the
#    resolver's small-place doubt keeps them out unless the article's country backs them.
# Everything else (hydrography, terrain, buildings, roads, ...) is left out: a river or a hill
# named like a town is the commonest false reading, and those features would triple the index.
_DROPPED_PLACES = frozenset({"PPLH", "PPLQ", "PPLCH"})
_ADMIN_FEATURES = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2"}
_OTHER_FEATURES = {("S", "CMPRF"): "camp", ("L", "RGN"): "region", ("L", "AREA"): "region",
                   ("L", "LCTY"): "site"}
_ADMIN_LEVEL = {"ADM1": 1, "ADM2": 2, "ADM3": 3}


def kept_feature(feature_class: str, feature_code: str) -> str | None:
    """The index feature a GeoNames feature is filed as, or None when the index leaves it out."""
    if feature_class == "P":
        return None if feature_code in _DROPPED_PLACES else "populated_place"
    if feature_class == "A":
        return _ADMIN_FEATURES.get(feature_code)
    return _OTHER_FEATURES.get((feature_class, feature_code))


@dataclass(frozen=True, slots=True)
class DumpRow:
    """One kept row of the geoname table."""

    geonameid: int
    name: str
    asciiname: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature_code: str
    feature: str  # the index feature, see ``kept_feature``
    country_iso2: str
    admin1_code: str
    admin2_code: str
    population: int

    @property
    def admin_level(self) -> int | None:
        """1, 2 or 3 for an ADM1/ADM2/ADM3 row, else None."""
        return _ADMIN_LEVEL.get(self.feature_code) if self.feature.startswith("admin") else None

    @property
    def admin1_key(self) -> str | None:
        """``CC.A1``, the key of admin1CodesASCII.txt, when the row has an admin-1 code."""
        if not self.admin1_code or self.admin1_code == "00":  # "00": no admin-1 assigned
            return None
        return f"{self.country_iso2}.{self.admin1_code}"

    @property
    def admin2_key(self) -> str | None:
        """``CC.A1.A2``, the key of admin2Codes.txt, when the row has both codes."""
        first = self.admin1_key
        return f"{first}.{self.admin2_code}" if first and self.admin2_code else None


@dataclass(frozen=True, slots=True)
class AdminCode:
    """One line of admin1CodesASCII.txt or admin2Codes.txt."""

    key: str  # "CC.A1" or "CC.A1.A2"
    name: str
    asciiname: str
    geonameid: int | None

    @property
    def level(self) -> int:
        return self.key.count(".")

    @property
    def country_iso2(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def parent_key(self) -> str | None:
        return self.key.rsplit(".", 1)[0] if self.level == 2 else None


@dataclass(slots=True)
class DumpStats:
    """What a read saw; ``bad_lines`` counts malformed lines skipped (each logged, up to a cap)."""

    lines: int = 0
    kept: int = 0
    bad_lines: int = 0
    bad_examples: list[str] = field(default_factory=list)

    def bad(self, where: str, reason: str) -> None:
        self.bad_lines += 1
        if self.bad_lines <= MAX_LOGGED_BAD_LINES:
            logger.warning("%s: skipped a bad line (%s)", where, reason)
            self.bad_examples.append(f"{where}: {reason}")
        elif self.bad_lines == MAX_LOGGED_BAD_LINES + 1:
            logger.warning("more bad lines in the GeoNames dump; only their count is reported")


def dump_identity(path: str | Path) -> str:
    """A short name for the dump and the code files beside it: stem, size and mtime, hashed.

    A new download (another size or time) or an added admin1CodesASCII.txt gives another
    identity, hence another index file.
    """
    dump = Path(path)
    parts = [str(LOADER_VERSION)]
    for file in (dump, *admin_code_files(dump)):
        status = file.stat()
        parts.append(f"{file.name}:{status.st_size}:{status.st_mtime_ns}")
    digest = hashlib.blake2b("|".join(parts).encode("utf-8"), digest_size=6).hexdigest()
    stem = "".join(ch if ch.isalnum() else "_" for ch in dump.name.split(".")[0])[:40]
    return f"{stem}-{dump.stat().st_size}-{digest}"


def check_dump(path: str | Path) -> Path:
    """The dump's path, or a GazetteerError that says what file is expected."""
    dump = Path(path).expanduser()
    if not dump.is_file():
        raise GazetteerError(
            f"the GeoNames dump {dump} does not exist; download e.g. "
            "https://download.geonames.org/export/dump/cities500.zip (or allCountries.zip, "
            "XX.zip) and point the geonames_dump setting or --geonames at the file"
        )
    return dump


def admin_code_files(dump: str | Path) -> list[Path]:
    """admin1CodesASCII.txt and admin2Codes.txt beside the dump, those that exist."""
    folder = Path(dump).parent
    return [folder / name for name in ADMIN_CODE_FILES if (folder / name).is_file()]


def read_dump(path: str | Path, stats: DumpStats) -> Iterator[DumpRow]:
    """The kept rows of a dump file (``.txt`` or ``.zip``), streamed; bad lines are counted."""
    dump = check_dump(path)
    with _open_lines(dump) as (label, lines):
        for number, raw in enumerate(lines, start=1):
            stats.lines += 1
            row = _parse_row(raw, f"{label}:{number}", stats)
            if row is not None:
                stats.kept += 1
                yield row


def read_admin_codes(path: str | Path, stats: DumpStats) -> Iterator[AdminCode]:
    """The lines of admin1CodesASCII.txt or admin2Codes.txt; bad lines are counted."""
    source = Path(path)
    with _open_lines(source) as (label, lines):
        for number, raw in enumerate(lines, start=1):
            parts = _split(raw, f"{label}:{number}", 4, stats)
            if parts is None:
                continue
            key, name, asciiname, geonameid = parts
            if key.count(".") not in (1, 2) or not name.strip():
                stats.bad(f"{label}:{number}", f"not an admin code line: {key!r}")
                continue
            yield AdminCode(key, name.strip(), asciiname.strip() or name.strip(),
                            int(geonameid) if geonameid.strip().isdigit() else None)


@contextmanager
def _open_lines(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """The file's lines as bytes (decoded per line, so one bad byte costs one line)."""
    try:
        if path.suffix.lower() != ".zip":
            with open(path, "rb") as handle:
                yield str(path), handle
            return
        with zipfile.ZipFile(path) as archive:
            member = _dump_member(archive, path)
            with archive.open(member) as handle:
                yield f"{path}:{member}", handle
    except (OSError, zipfile.BadZipFile) as error:
        raise GazetteerError(f"cannot read the GeoNames file {path}: {error}") from error


def _dump_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The data file in a GeoNames zip: ``<stem>.txt``, else the one .txt that is not a readme."""
    names = [name for name in archive.namelist() if name.lower().endswith(".txt")]
    wanted = f"{path.stem}.txt"
    if wanted in names:
        return wanted
    data = [name for name in names if not Path(name).name.lower().startswith("readme")]
    if len(data) != 1:
        raise GazetteerError(
            f"{path} holds {len(data)} data files ({', '.join(data) or 'none'}); expected one "
            "GeoNames table such as allCountries.txt"
        )
    return data[0]


def _split(raw: bytes, where: str, columns: int, stats: DumpStats) -> list[str] | None:
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        stats.bad(where, f"not UTF-8: {error.reason}")
        return None
    if not line.strip() or line.startswith("#"):
        return None
    parts = line.split("\t")
    if len(parts) != columns:
        stats.bad(where, f"{len(parts)} columns, expected {columns}")
        return None
    return parts


def _parse_row(raw: bytes, where: str, stats: DumpStats) -> DumpRow | None:
    parts = _split(raw, where, GEONAME_COLUMNS, stats)
    if parts is None:
        return None
    feature = kept_feature(parts[6], parts[7])  # checked first: most rows are left out
    if feature is None:
        return None
    try:
        row = DumpRow(
            geonameid=int(parts[0]), name=parts[1].strip(), asciiname=parts[2].strip(),
            alternates=tuple(name for name in parts[3].split(",") if name),
            lat=float(parts[4]), lon=float(parts[5]), feature_code=parts[7], feature=feature,
            country_iso2=parts[8].strip().upper(), admin1_code=parts[10].strip(),
            admin2_code=parts[11].strip(), population=int(parts[14] or 0),
        )
    except ValueError as error:
        stats.bad(where, f"a number column does not parse: {error}")
        return None
    problem = _implausible(row)
    if problem:
        stats.bad(where, problem)
        return None
    return row


def _implausible(row: DumpRow) -> str | None:
    if not row.name:
        return "empty name"
    if not (-90.0 <= row.lat <= 90.0 and -180.0 <= row.lon <= 180.0):
        return f"coordinates out of range ({row.lat}, {row.lon})"
    if row.geonameid <= 0 or row.population < 0:
        return "negative id or population"
    return None
