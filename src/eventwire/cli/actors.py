"""``eventwire actors``: list and search the actor dictionary, or show what a phrase resolves to.

A thin layer over ``ActorDictionary.search`` and ``ActorDictionary.resolve``; the user's own
actor files (``--actors`` or the ``actor_files`` setting) are merged in as the pipeline does.
It registers itself on the ``eventwire`` group when ``eventwire.cli.main`` is imported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import click

from eventwire.actors import ActorDictionary, ActorEntry
from eventwire.actors.dictionary import ActorMatch, Alias
from eventwire.actors.schema import TYPE_CODES
from eventwire.cli.main import actor_files_option, cli, load_settings, reports_errors
from eventwire.errors import ConfigError

# (header, widest cell, value); a longer cell is cut with "…"
Column = tuple[str, int, Callable[[ActorMatch], str]]
COLUMNS: tuple[Column, ...] = (
    ("id", 34, lambda m: m.entry.id),
    ("name", 40, lambda m: m.entry.name),
    ("type", 26, lambda m: m.entry.type),
    ("inter", 5, lambda m: _text(m.entry.acled_inter)),
    ("sector", 6, lambda m: _text(m.entry.sector)),
    ("country", 7, lambda m: _text(m.entry.country)),
    ("parent", 30, lambda m: _text(m.entry.parent)),
    ("wikidata", 10, lambda m: _text(m.entry.wikidata)),
)
MATCHED: Column = ("matched alias", 40, lambda m: _alias_label(m))


@cli.command()
@click.argument("query", required=False)
@click.option("--country", metavar="ISO3", help="Only actors of this country (ISO 3166 alpha-3); "
              "with --resolve, the country the story is about.")
@click.option("--type", "actor_type", type=click.Choice(sorted(TYPE_CODES), case_sensitive=False),
              metavar="TYPE", help=f"Only actors of this type: {', '.join(TYPE_CODES)}.")
@click.option("--resolve", "phrase", metavar="PHRASE",
              help="Show the entry PHRASE, as an article writes it, resolves to.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="With --resolve: the article's date, YYYY-MM-DD (office holders, periods).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@actor_files_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="A TOML config file with an [eventwire] table (read for actor_files).")
@reports_errors
def actors(query: str | None, country: str | None, actor_type: str | None, phrase: str | None,
           day: datetime | None, as_json: bool, actor_files: tuple[str, ...] | None,
           config_file: str | None) -> None:
    """List the actor dictionary, search it, or show what a phrase resolves to.

    QUERY keeps the actors whose id, name or an alias contains it, ignoring case, accents and
    punctuation. Your own actor files (--actors FILE, or the actor_files setting) are merged
    over the packaged dictionary, as when coding. See docs/ACTORS.md.
    """
    check_combination(query=query, phrase=phrase, actor_type=actor_type, day=day)
    settings = load_settings(config_file, actor_files=actor_files)
    dictionary = ActorDictionary.load(user_files=settings.actor_file_paths)
    iso3 = checked_country(dictionary, country)
    if phrase is not None:
        show_resolution(dictionary, phrase, country=iso3, day=day, as_json=as_json)
        return
    matches = dictionary.search(query or "", country=iso3,
                                actor_type=actor_type.lower() if actor_type else None)
    if as_json:
        click.echo(json.dumps([entry_record(dictionary, m.entry, matched=m.alias) for m in matches],
                              indent=2, ensure_ascii=False))
    else:
        click.echo(actor_table(matches, with_matches=bool(query)))
    noun = "actor" if len(matches) == 1 else "actors"
    click.echo(f"{len(matches)} {noun} from {dictionary.source}", err=True)


def check_combination(*, query: str | None, phrase: str | None, actor_type: str | None,
                      day: datetime | None) -> None:
    """Refuse options that do nothing together, before the dictionary loads."""
    if phrase is not None:
        if not phrase.strip():
            raise ConfigError("--resolve needs a phrase, e.g. --resolve 'Israeli troops'")
        if query is not None:
            raise ConfigError("give a QUERY to search the list or --resolve PHRASE, not both")
        if actor_type is not None:
            raise ConfigError("--type filters the list; it does not apply to --resolve")
    elif day is not None:
        raise ConfigError("--date is the article's date for --resolve PHRASE; give --resolve too")


def checked_country(dictionary: ActorDictionary, country: str | None) -> str | None:
    if country is None:
        return None
    iso3 = country.strip().upper()
    if dictionary.country_name(iso3) is None:
        raise ConfigError(f"--country {country}: not a country of the actor dictionary; use an "
                          "ISO 3166 alpha-3 code such as SDN or PSE (or add the country to your "
                          "actor file)")
    return iso3


def show_resolution(dictionary: ActorDictionary, phrase: str, *, country: str | None,
                    day: datetime | None, as_json: bool) -> None:
    on = day.date() if day else None
    entry = dictionary.resolve(phrase, focus={country: 1.0} if country else None, on=on)
    if as_json:
        record = {"phrase": phrase, "country": country, "date": on.isoformat() if on else None,
                  "resolved": entry_record(dictionary, entry) if entry else None}
        click.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    lines = [("phrase", phrase)]
    if country:
        lines.append(("focus", f"{country} ({dictionary.country_name(country)})"))
    if on:
        lines.append(("date", on.isoformat()))
    lines += entry_lines(dictionary, entry) if entry else [("resolved", "nothing")]
    click.echo("\n".join(f"{label:<9} {value}" for label, value in lines))


def entry_lines(dictionary: ActorDictionary, entry: ActorEntry) -> list[tuple[str, str]]:
    """An entry as labelled lines, with the names of its country and parent."""
    codes = (f"ACLED inter {_text(entry.acled_inter) or 'none'}, "
             f"PLOVER sector {_text(entry.sector) or 'none'}")
    lines = [("resolved", f"{entry.id}  {entry.name}"), ("type", f"{entry.type} ({codes})")]
    if entry.country:
        lines.append(("country", f"{entry.country} ({dictionary.country_name(entry.country)})"))
    parent = dictionary.get(entry.parent) if entry.parent else None
    if parent is not None:
        lines.append(("parent", f"{parent.id}  {parent.name}"))
    if entry.role:
        lines.append(("role", entry.role))
    if entry.valid_from or entry.valid_to:
        lines.append(("valid", f"{_text(entry.valid_from)} to {_text(entry.valid_to)}"))
    if entry.wikidata:
        lines.append(("wikidata", entry.wikidata))
    return lines


def entry_record(dictionary: ActorDictionary, entry: ActorEntry, *,
                 matched: Alias | None = None) -> dict[str, Any]:
    """An entry as JSON-ready values, with its aliases (per country for ``aliases_in``)."""
    aliases = dictionary.aliases_of(entry.id)
    record: dict[str, Any] = {
        "id": entry.id, "name": entry.name, "type": entry.type,
        "acled_inter": entry.acled_inter, "sector": entry.sector, "country": entry.country,
        "parent": entry.parent, "armed_wing_of": entry.armed_wing_of,
        "wikidata": entry.wikidata, "role": entry.role,
        "valid_from": entry.valid_from.isoformat() if entry.valid_from else None,
        "valid_to": entry.valid_to.isoformat() if entry.valid_to else None,
        "aliases": [a.text for a in aliases if a.country is None],
        "aliases_in": _by_country(aliases),
    }
    if matched is not None:
        record["matched_alias"] = matched.text
    return record


def _by_country(aliases: Sequence[Alias]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for alias in aliases:
        if alias.country is not None:
            grouped.setdefault(alias.country, []).append(alias.text)
    return grouped


def actor_table(matches: Sequence[ActorMatch], *, with_matches: bool = False) -> str:
    """A fixed-width table, each column as wide as its longest cell up to its limit."""
    columns = (*COLUMNS, MATCHED) if with_matches else COLUMNS
    rows = [[_cell(get(match), limit) for _, limit, get in columns] for match in matches]
    widths = [max([len(header), *(len(row[i]) for row in rows)])
              for i, (header, _, _) in enumerate(columns)]
    lines = ["  ".join(header.ljust(w) for (header, _, _), w in zip(columns, widths, strict=True))]
    lines.append("-" * len(lines[0]))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
              for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _cell(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _alias_label(match: ActorMatch) -> str:
    if match.alias is None:
        return ""
    where = f" (in {match.alias.country})" if match.alias.country else ""
    return match.alias.text + where
