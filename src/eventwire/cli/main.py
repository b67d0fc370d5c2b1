"""The ``eventwire`` command: a thin layer over ``eventwire.jobs`` and ``eventwire.store``.

Exit status: 0 on success, 2 when some input was rejected (the rest was still coded), 1 on an
error that stopped the run. Errors print one line, ``error: <what went wrong and what to do>``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from eventwire import __version__
from eventwire.cli.table import event_table, merged_table
from eventwire.config import Settings
from eventwire.errors import ConfigError, EventwireError, InputError
from eventwire.evaluate.run import FORMATS as EVAL_FORMATS
from eventwire.ingest import ReadSummary
from eventwire.model import Event, Modality, PloverType
from eventwire.scale.shards import DEFAULT_SHARD_SIZE

EXIT_REJECTED = 2
ENGINES = ("local", "ray")
F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn eventwire's exceptions into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EventwireError as error:
            if isinstance(error.__cause__, BrokenPipeError):
                _quiet_broken_pipe()
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            _quiet_broken_pipe()

    return wrapper  # type: ignore[return-value]


def _quiet_broken_pipe() -> None:
    """The reader of stdout went away (``| head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush cannot fail again
    sys.exit(0)


def settings_options(func: F) -> F:
    """Options shared by every command that codes articles (they override the settings)."""
    func = click.option("--n-process", type=int, help="Worker processes, each coding whole articles.")(func)
    func = click.option("--batch-size", type=int, help="Articles per NLP batch.")(func)
    func = actor_files_option(func)
    func = click.option("--model", help="spaCy pipeline package to use instead of the bundled one.")(func)
    func = click.option("--config", "config_file", type=click.Path(dir_okay=False), help="A TOML config file with an [eventwire] table.")(func)
    return func


def actor_files_option(func: F) -> F:
    """``--actors FILE`` (repeatable): the ``actor_files`` setting; not given leaves it alone."""
    return click.option("--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False),
                        callback=lambda _ctx, _param, files: files or None, metavar="FILE",
                        help="Your own actor dictionary YAML, merged over the packaged one "
                        "(repeatable; replaces the actor_files setting).")(func)


def load_settings(config_file: str | None, **flags: Any) -> Settings:
    return Settings.load(config_file=config_file).with_overrides(**flags)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def cli(verbose: int) -> None:
    """Code dated conflict news into event records: who did what to whom, where and when.

    Input: plain article files that begin with a line `date YYYY-MM-DD`, JSON Lines or CSV with
    `id`, `text` and optional `date`, `title`, `source`, `url` columns, or folders of them.
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int], None] | None]:
    """A tqdm bar on stderr when stderr is a terminal; nothing otherwise (logs and CI stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc=label, unit=" articles", file=sys.stderr) as bar:
        yield bar.update


def report_rejections(summary: ReadSummary, closing_line: str | None = None) -> None:
    """Each rejected record on its own line, then the summary; exit 2 if anything was rejected."""
    for rejection in summary.rejections:
        click.echo(f"rejected {rejection}", err=True)
    click.echo(closing_line or str(summary), err=True)
    if summary.rejections:
        sys.exit(EXIT_REJECTED)


def default_coder(settings: Settings) -> Any:
    from eventwire.pipeline import Coder

    return Coder.default(settings)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="Write to FILE.jsonl, .ndjson, .csv or .parquet instead of stdout (JSON Lines); a folder (OUT/) writes result shards.")
@click.option("--engine", type=click.Choice(ENGINES), help="Code in shards into the -o folder: here (local) or on Ray (ray; needs eventwire[ray]).")
@click.option("--address", metavar="ADDR", help="The Ray cluster to join (ray://HEAD:10001, HEAD:6379 or auto); implies --engine ray.")
@click.option("--workers", type=click.IntRange(min=1), help="Ray workers (one model each); default: every CPU of the cluster.")
@click.option("--shard-size", type=click.IntRange(min=1), help=f"Articles per shard (default {DEFAULT_SHARD_SIZE}); a resumed run must use the same.")
@click.option("--db", metavar="DB", help="With a sharded run: also save each shard into this store as it is coded (Ray workers save their own; use a postgresql:// URL on a cluster).")
@settings_options
@reports_errors
def code(paths: tuple[str, ...], output: str | None, engine: str | None, address: str | None,
         workers: int | None, shard_size: int | None, db: str | None, config_file: str | None,
         **flags: Any) -> None:
    """Code articles and write their events as JSON Lines (one event per line).

    The fields are the output contract: event_id, article_id, event_type, mode,
    acled_event_type, acled_sub_event_type, cameo, actor, recipient, co_actors, co_recipients,
    date, date_precision, date_text, historical, location, fatalities, injured, evidence,
    trigger, confidence, modality, claimed_by, statement, responsibility, stated_in,
    call_to_action, call_to_violence, denial, figures.

    With --engine, or -o naming a folder, the articles are coded in shards into that folder,
    resumably (rerun the same command after a stop), and `eventwire load` stores the result.
    """
    engine = chosen_engine(engine, address=address, workers=workers, shard_size=shard_size, output=output)
    if engine is not None:
        assert output is not None  # chosen_engine insists on it
        code_in_shards(paths, output, engine=engine, address=address, workers=workers,
                       shard_size=shard_size or DEFAULT_SHARD_SIZE, settings=load_settings(config_file, **flags),
                       db=db)
        return
    if db is not None:
        raise ConfigError("--db saves the shards of a sharded run: add -o OUT/ (and --engine); "
                          "to code and store without shards, use `eventwire ingest PATHS --db DB`")
    from eventwire.jobs import code_paths

    output_format(output)  # a bad file name fails before the model loads
    coder = default_coder(load_settings(config_file, **flags))
    summary = ReadSummary()
    with progress_bar("coding") as progress:
        events = (e for _, evs in code_paths(paths, coder=coder, summary=summary, progress=progress) for e in evs)
        write_events(events, output)
    report_rejections(summary)


def chosen_engine(engine: str | None, *, address: str | None, workers: int | None,
                  shard_size: int | None, output: str | None) -> str | None:
    """The sharded engine asked for (``None``: the plain stream to stdout or one file)."""
    if address is not None or workers is not None:
        if engine == "local":
            raise ConfigError("--address and --workers are for --engine ray; drop them, or use --engine ray")
        engine = "ray"
    if engine is None and (shard_size is not None or is_folder(output)):
        engine = "local"
    if engine is None:
        return None
    # a name without a suffix is a folder once a sharded run is asked for; events.jsonl is not
    if output is None or not (is_folder(output) or not Path(output).suffix):
        raise ConfigError(f"--engine {engine} writes a folder of result shards: give -o OUT/ "
                          f"(a folder, not {output or 'stdout'})")
    return engine


def is_folder(output: str | None) -> bool:
    """Whether ``-o`` names a folder: an existing one, or a name ending in a slash."""
    return output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())


def code_in_shards(paths: tuple[str, ...], output: str, *, engine: str, address: str | None,
                   workers: int | None, shard_size: int, settings: Settings,
                   db: str | None = None) -> None:
    from eventwire.scale import LocalEngine, code_to_folder, run_manifest
    from eventwire.store import open_store

    runner: Any
    if engine == "ray":
        from eventwire.scale.ray_engine import RayEngine

        runner = RayEngine(settings, address=address, workers=workers, store_url=db)
    else:
        runner = LocalEngine(lambda: default_coder(settings))
    manifest = run_manifest(settings, shard_size=shard_size, inputs=paths)
    # Opened here too: it is created or upgraded once, before any worker opens it.
    with contextlib.ExitStack() as stack:
        store = stack.enter_context(open_store(db)) if db is not None else None
        with runner, progress_bar("coding") as progress:
            report = code_to_folder(paths, output, engine=runner, manifest=manifest,
                                    progress=progress, store=store)
    after = ("; each shard was saved into the store (--db)" if db is not None  # no password shown
             else f"; load them with `eventwire load {output} --db FILE`")
    report_rejections(report.summary, f"{report}{after}")


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--db", required=True, envvar="EVENTWIRE_DB", help="SQLite file (created if missing), sqlite:/// URL, or postgresql:// URL; default: $EVENTWIRE_DB.")
@reports_errors
def load(folder: str, db: str) -> None:
    """Store the result shards that `eventwire code ... -o FOLDER/` wrote, without coding again.
    Safe to rerun: stored articles are skipped, changed ones replaced."""
    from eventwire.scale import load_results
    from eventwire.store import open_store

    with open_store(db) as store, progress_bar("loading") as progress:
        report = load_results(folder, store, progress=progress)
    if not report.complete:
        click.echo(f"note: {folder} has no _done.json: its run has not finished; rerun it, then load again", err=True)
    click.echo(str(report), err=True)


def write_events(events: Iterator[Event], output: str | None) -> int:
    """JSON Lines to stdout, or to ``output`` in the format its suffix names."""
    from eventwire.store import write_events as write

    if output is None:
        count = write(events, sys.stdout, fmt="jsonl")
        sys.stdout.flush()
        return count
    return write(events, output, fmt=output_format(output))


OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def output_format(output: str | None) -> str:
    if output is None:
        return "jsonl"
    fmt = OUTPUT_FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise ConfigError(f"--output {output}: use a file name ending in .jsonl, .ndjson, .csv or .parquet")
    return fmt


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", required=True, envvar="EVENTWIRE_DB", help="SQLite file (created if missing), sqlite:/// URL, or postgresql:// URL (docs/POSTGRES.md); default: $EVENTWIRE_DB.")
@click.option("--no-merge", is_flag=True, help="Do not merge the new reports into events across articles (the merge setting; run eventwire dedup later).")
@settings_options
@reports_errors
def ingest(paths: tuple[str, ...], db: str, no_merge: bool, config_file: str | None, **flags: Any) -> None:
    """Code articles into the store, then merge reports of the same event across articles.
    Safe to rerun: stored articles are skipped, changed ones recoded."""
    from eventwire.jobs import ingest_paths
    from eventwire.store import open_store

    settings = load_settings(config_file, **flags)
    coder = default_coder(settings)
    with open_store(db) as store, progress_bar("ingesting") as progress:
        merge = settings.merge and not no_merge
        report = ingest_paths(paths, store, coder=coder, chunk_size=settings.batch_size * 2, progress=progress,
                              merge=merge)
    report_rejections(report.summary, str(report))


def filter_options(func: F) -> F:
    # Applied bottom-up, so --help lists them in the reverse of this order.
    options = [
        click.option("--article", "article_id", help="Only this article's events."),
        click.option("--no-historical", is_flag=True, help="Leave out background (historical) events."),
        click.option("--denial", is_flag=True, help="Only statements denying an act or an accusation."),
        click.option("--call-to-violence", is_flag=True, help="Only statements that explicitly call for attacks on people."),
        click.option("--call-to-action", is_flag=True, help="Only statements that call on people to act or gather."),
        click.option("--factual", is_flag=True, help="Only events told as having happened: --modality asserted and claimed."),
        click.option("--modality", "modalities", multiple=True, type=click.Choice(MODALITY_CHOICES, case_sensitive=False), help="How the article tells the event (repeatable); 'factual' is asserted and claimed."),
        click.option("--text", help="Evidence contains this text (case-insensitive)."),
        click.option("--country", help="ISO 3166 alpha-3 code of the event's place, e.g. PSE, SDN."),
        click.option("--actor", help="Actor or recipient name or mention contains this text."),
        click.option("--type", "event_types", multiple=True, type=click.Choice([t.value for t in PloverType], case_sensitive=False), help="PLOVER event type (repeatable)."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Last day, YYYY-MM-DD."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD."),
    ]
    for option in options:
        func = option(func)
    return func


MODALITY_CHOICES = [*(m.value for m in Modality), "factual"]


def make_filter(date_from: Any, date_to: Any, event_types: tuple[str, ...], actor: str | None,
                country: str | None, text: str | None, no_historical: bool, article_id: str | None,
                modalities: tuple[str, ...] = (), factual: bool = False, call_to_action: bool = False,
                call_to_violence: bool = False, denial: bool = False) -> Any:
    from eventwire.store import EventFilter

    def as_date(value: Any) -> date | None:
        return value.date() if value is not None else None

    return EventFilter(
        date_from=as_date(date_from), date_to=as_date(date_to), event_types=event_types,
        actor=actor, country=country.upper() if country else None, text=text,
        include_historical=not no_historical, article_id=article_id,
        # --factual adds to any --modality given, as a repeated --modality would.
        modalities=(*modalities, "factual") if factual else modalities,
        call_to_action=call_to_action, call_to_violence=call_to_violence, denial=denial,
    )


@cli.command()
@click.option("--db", required=True, envvar="EVENTWIRE_DB", help="SQLite file, sqlite:/// URL, or postgresql:// URL; default: $EVENTWIRE_DB.")
@filter_options
@click.option("--limit", type=int, default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True, help="A readable table, or JSON Lines (the `code` contract).")
@click.option("--merged", is_flag=True, help="One row per event merged across articles, with its number of reports and sources (docs/DEDUP.md).")
@reports_errors
def events(db: str, limit: int | None, fmt: str, merged: bool, **filters: Any) -> None:
    """List stored events, oldest first, as a table or JSON Lines."""
    from eventwire.store import open_store

    require_existing_db(db)
    with open_store(db) as store:
        if merged:
            _list_merged(store, make_filter(**filters), limit, fmt)
            return
        selected = store.events(make_filter(**filters), limit=limit)
        if fmt == "jsonl":
            write_events(selected, None)
        else:
            click.echo(event_table(list(selected)))


def _list_merged(store: Any, flt: Any, limit: int | None, fmt: str) -> None:
    from eventwire.store import write_events as write
    from eventwire.store.merges import merged_events

    selected = merged_events(store, flt, limit=limit)
    if fmt == "jsonl":
        write(selected, sys.stdout, fmt="jsonl", merged=True)
    else:
        click.echo(merged_table(list(selected)))


@cli.command()
@click.option("--db", required=True, envvar="EVENTWIRE_DB", help="SQLite file, sqlite:/// URL, or postgresql:// URL; default: $EVENTWIRE_DB.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), required=True, help="CSV with flat columns, JSON Lines, or Parquet (needs -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout; required for parquet).")
@click.option("--merged", is_flag=True, help="One row per event merged across articles, with n_reports, sources and reports columns (docs/DEDUP.md).")
@filter_options
@reports_errors
def export(db: str, fmt: str, output: str | None, merged: bool, **filters: Any) -> None:
    """Export stored events as CSV (flat columns), JSON Lines or Parquet."""
    from eventwire.store import export_events, open_store

    require_existing_db(db)
    if fmt == "parquet" and output is None:
        raise ConfigError("Parquet is binary: give a file with -o FILE.parquet")
    with open_store(db) as store:
        count = export_events(store, output if output else sys.stdout, fmt=fmt, flt=make_filter(**filters),
                              merged=merged)
    click.echo(f"exported {count} {'merged ' if merged else ''}events", err=True)


@cli.command(name="eval")
@click.argument("dataset", type=click.Path())
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(EVAL_FORMATS)), help="The dataset's format.")
@click.option("--limit", type=int, help="Only the first N cases (quick checks).")
@click.option("--sample", type=int, help="A reproducible random sample of N cases.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --sample.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON instead of a table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Also write the JSON report to FILE.")
@settings_options
@reports_errors
def evaluate(dataset: str, fmt: str, limit: int | None, sample: int | None, seed: int, as_json: bool,
             output: str | None, config_file: str | None, **flags: Any) -> None:
    """Measure eventwire on a human-coded dataset read in place (ACLED notes, PLOVER gold
    records, PETRARCH2 validation sentences, IndiaPoliceEvents, or your own articles as JSON
    Lines with --format generic, see docs/EVALUATION.md) and print per-field scores."""
    import json

    from eventwire.evaluate.run import evaluate as run_evaluation
    from eventwire.evaluate.run import format_report, load_format

    evaluation_format = load_format(fmt)
    coder = default_coder(load_settings(config_file, **flags))
    with progress_bar("evaluating") as progress:
        report = run_evaluation(dataset, fmt=evaluation_format, coder=coder, limit=limit,
                                sample=sample, seed=seed, progress=progress)
    document = json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str)
    if output:
        Path(output).write_text(document + "\n", encoding="utf-8")
    click.echo(document if as_json else format_report(report))


@cli.group()
def gazetteer() -> None:
    """Build or query the place index (GeoNames) that geocodes events."""


def geonames_option(func: F) -> F:
    return click.option("--geonames", "dump", type=click.Path(dir_okay=False),
                        help="A GeoNames dump (allCountries.zip, cities500.zip, XX.zip or .txt); "
                        "default: the geonames_dump setting, else the embedded cities500.")(func)


def chosen_dump(dump: str | None) -> str | None:
    return dump or Settings.load().geonames_dump or None


@gazetteer.command(name="build")
@geonames_option
@reports_errors
def gazetteer_build(dump: str | None) -> None:
    """Build the index now (replacing an existing one) and print its path, rows, size and time."""
    from eventwire.geo.index import rebuild_index

    source = chosen_dump(dump)
    report = rebuild_index(dump=Path(source).expanduser() if source else None)
    click.echo(f"path     {report.path}\nplaces   {report.places} ({report.areas} admin areas)\n"
               f"names    {report.keys}\nsize     {report.size_bytes / 1e6:.1f} MB\n"
               f"seconds  {report.seconds:.1f}\nbad      {report.bad_lines} lines skipped")


@gazetteer.command(name="lookup")
@click.argument("name")
@click.option("--focus", multiple=True, metavar="ISO3", help="A country the text is about (repeatable).")
@geonames_option
@reports_errors
def gazetteer_lookup(name: str, focus: tuple[str, ...], dump: str | None) -> None:
    """Print every place NAME may mean, then the one it resolves to given the --focus countries."""
    from eventwire.geo import default_gazetteer

    places = default_gazetteer(chosen_dump(dump))
    for place in places.candidates(name):
        click.echo(f"  {describe_place(place)}")
    resolved = places.resolve(name, focus=dict.fromkeys((code.upper() for code in focus), 1.0))
    click.echo(f"resolved: {describe_place(resolved) if resolved else 'nothing'}")


def describe_place(place: Any) -> str:
    within = ", ".join(area for area in (place.admin2, place.admin1) if area)
    return (f"{place.name} [{place.feature}] {place.country} ({place.lat:.4f}, {place.lon:.4f}) "
            f"pop {place.population} {place.place_id}" + (f" in {within}" if within else ""))


def require_existing_db(db: str) -> None:
    if db.startswith(("postgresql://", "postgres://")):
        return  # a server database: opening it says whether it is there
    path = db.removeprefix("sqlite:///")
    if path != ":memory:" and not Path(path).exists():
        raise InputError(f"--db {db} does not exist; create it with `eventwire ingest PATH --db {db}`")


# `eventwire actors` lives in its own module, which registers itself on `cli` defined above.
import eventwire.cli.actors
import eventwire.cli.bench
import eventwire.cli.dedup
import eventwire.cli.migrate
import eventwire.cli.serve
import eventwire.cli.signals
import eventwire.cli.upgrade
import eventwire.cli.watch  # noqa: F401


def main() -> None:
    cli()
