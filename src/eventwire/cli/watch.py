"""``eventwire watch``: keep ingesting new files in folders and new items of RSS/Atom feeds.

A thin layer over :func:`eventwire.watch.watch`; it registers itself on the ``eventwire`` group
when ``eventwire.cli.main`` imports it. Feeds need the ``watch`` extra (feedparser,
trafilatura, httpx).
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from eventwire.cli import main as cli_main
from eventwire.cli.main import (
    EXIT_REJECTED,
    actor_files_option,
    cli,
    load_settings,
    reports_errors,
)


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", required=True, envvar="EVENTWIRE_DB", help="The store: SQLite file (created if missing), sqlite:/// URL, or postgresql:// URL (then give --state FILE); default: $EVENTWIRE_DB.")
@click.option("--folder", "folders", multiple=True, type=click.Path(file_okay=False),
              metavar="DIR", help="A folder whose new or changed article files are ingested "
              "(repeatable).")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS or Atom feed whose new items are fetched and ingested (repeatable).")
@click.option("--interval", type=click.FloatRange(min=1), default=300.0, show_default=True,
              metavar="SECONDS", help="Pause between two cycles.")
@click.option("--feed-min-interval", type=click.FloatRange(min=0), default=None,
              metavar="SECONDS", help="Least time between two polls of one feed "
              "(default: --interval).")
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True,
              metavar="SECONDS", help="Give up on a feed or page that does not answer in time.")
@click.option("--once", is_flag=True, help="Run one cycle and exit (for cron).")
@click.option("--state", "state_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="The watch state file (default: DB.watch beside the store).")
@click.option("--no-merge", is_flag=True, help="Do not merge the new reports into events across "
              "articles (the merge setting; run eventwire dedup later).")
@click.option("--rules", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Alert rules (TOML or YAML, docs/ALERTS.md): after each cycle that stored "
              "something, detect signals and deliver those the rules match, each once.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="With --rules: the day to detect signals for (default: today; for replays).")
@click.option("--model", help="spaCy pipeline package to use instead of the bundled one.")
@actor_files_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="A TOML config file with an [eventwire] table.")
@reports_errors
def watch(db: str, folders: tuple[str, ...], feeds: tuple[str, ...], interval: float,
          feed_min_interval: float | None, timeout: float, once: bool, state_file: str | None,
          no_merge: bool, rules: str | None, as_of: Any, config_file: str | None,
          **flags: Any) -> None:
    """Keep ingesting new article files in folders and new items of RSS/Atom feeds, each once
    (docs/WATCH.md); stop with Ctrl-C or SIGTERM and start again where it stopped."""
    from eventwire.store import open_store
    from eventwire.watch import (
        FeedOptions,
        WatchOptions,
        WatchSources,
        WatchState,
        default_state_path,
        require_feed_dependencies,
        stop_on_signals,
    )
    from eventwire.watch import watch as run_watch

    sources = WatchSources(folders=folders, feeds=feeds)
    alert = _alerter(rules, as_of.date() if as_of else None) if rules else None
    if feeds:
        require_feed_dependencies()  # before the model takes seconds to load
    options = WatchOptions(feeds=FeedOptions(
        min_interval=interval if feed_min_interval is None else feed_min_interval,
        timeout=timeout))
    # One process: the watcher codes a few articles at a time.
    settings = load_settings(config_file, n_process=1, **flags)
    coder = cli_main.default_coder(settings)  # looked up late: the e2e tests swap it
    with open_store(db) as store, WatchState(state_file or default_state_path(db)) as state, \
            stop_on_signals(threading.Event()) as stop:
        click.echo(f"watching {len(folders)} folders and {len(feeds)} feeds"
                   f"{'' if once else f' every {interval:g} s (Ctrl-C stops)'}", err=True)
        report = run_watch(store, sources, coder, state=state, interval=interval, once=once,
                           stop=stop, merge=settings.merge and not no_merge, options=options,
                           on_cycle=functools.partial(_echo_cycle, quiet=not once),
                           on_ingested=alert)
    click.echo(f"stopped: {report}" if report.stopped else str(report), err=True)
    if once and report.problems + report.totals.rejected:
        sys.exit(EXIT_REJECTED)  # as for rejected input: the rest was still stored


def _alerter(rules_path: str, as_of: date | None) -> Callable[[Any, Any], None]:
    """After a cycle that stored something: the signals as of the day, and the alerts the
    rules ask for (each delivered once; the store records them)."""
    from eventwire.alerts import load_rules, run_alerts
    from eventwire.signals import detect_signals

    rules = load_rules(rules_path)  # read now, so a bad file fails before the model loads

    def alert(store: Any, _cycle: Any) -> None:
        found = detect_signals(store, as_of=as_of or date.today())
        click.echo(run_alerts(store, rules, found).summary(), err=True)

    return alert


def _echo_cycle(cycle: Any, *, quiet: bool) -> None:
    """What a cycle did; a quiet one (nothing new, no problem) only with --once."""
    if quiet and not (cycle.stored_anything or cycle.problems or cycle.rejections
                      or cycle.counts.files_waiting):
        return
    for problem in cycle.problems:
        click.echo(f"problem {problem}", err=True)
    for rejection in cycle.rejections:
        click.echo(f"rejected {rejection}", err=True)
    click.echo(str(cycle), err=True)
