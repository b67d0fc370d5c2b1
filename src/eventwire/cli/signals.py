"""``eventwire signals``: the signals in a store as of a day, or a backtest over its history.

A thin layer over :mod:`eventwire.signals`; it registers itself on the ``eventwire`` group when
imported (``eventwire.cli.main`` imports it).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from eventwire.cli.main import cli, reports_errors, require_existing_db
from eventwire.errors import InputError

if TYPE_CHECKING:
    from eventwire.signals import BacktestReport, Signal, SpikeEvaluation, SpikeParams
    from eventwire.store import SQLStore

_DETECTORS = ("spike", "new_actor_in_area", "verbal_escalation")
_DAY = click.DateTime(["%Y-%m-%d"])


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", help="SQLite file, sqlite:/// URL, or postgresql:// URL to read.")
@click.option("--acled", type=click.Path(exists=True, path_type=Path),
              help="Backtest over ACLED CSV export(s) loaded into a temporary store instead.")
@click.option("--as-of", "as_of", type=_DAY, metavar="YYYY-MM-DD",
              help="The day to detect signals for (default: today).")
@click.option("--backtest", "run_backtest", is_flag=True,
              help="Replay the store week by week and report when each signal would have fired.")
@click.option("--from", "date_from", type=_DAY, metavar="YYYY-MM-DD",
              help="First day of the backtest (default: the first stored event).")
@click.option("--to", "date_to", type=_DAY, metavar="YYYY-MM-DD",
              help="Last day of the backtest (default: the last stored event).")
@click.option("--detector", "detectors", multiple=True, type=click.Choice(_DETECTORS),
              help="Detector to run; repeat for several (default: all; spike for a backtest).")
@click.option("--by", type=click.Choice(["admin1", "country"]), default="admin1",
              show_default=True, help="Area level of the spike detector.")
@click.option("--measure", type=click.Choice(["events", "fatalities", "escalation"]),
              default="events", show_default=True, help="What the spike detector counts.")
@click.option("--baseline-weeks", type=click.IntRange(2, 520), default=8, show_default=True,
              help="Weeks of history the spike and verbal detectors compare with.")
@click.option("--k", "k", type=click.FloatRange(0), default=2.0, show_default=True,
              help="Standard deviations above the baseline mean from which a spike fires.")
@click.option("--min-count", type=click.FloatRange(0), default=5.0, show_default=True,
              help="The least value that can be a spike.")
@click.option("--lookback-days", type=click.IntRange(1), default=90, show_default=True,
              help="Days without violence in an area after which an actor is new there.")
@click.option("--table", type=click.Choice(["events", "merged_events"]),
              help="Count reports or merged events (default: merged when the store has them).")
@click.option("--step", type=click.Choice(["week", "day"]), default="week", show_default=True,
              help="Backtest: replay week by week, or day by day (slower; dates each signal "
              "by the day it would have fired).")
@click.option("--top", "top_n", type=click.IntRange(1), default=10, show_default=True,
              help="Backtest: how many of the worst region-weeks to check the spike against.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--rules", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Alert rules (TOML or YAML, docs/ALERTS.md): deliver the signals they match.")
@reports_errors
def signals(
    db: str | None, acled: Path | None, as_of: datetime | None, run_backtest: bool,
    date_from: datetime | None, date_to: datetime | None, detectors: tuple[str, ...], by: str,
    measure: str, baseline_weeks: int, k: float, min_count: float, lookback_days: int,
    table: str | None, step: str, top_n: int, as_json: bool, rules: Path | None,
) -> None:
    """Escalation signals in a store (docs/SIGNALS.md): spikes of violence, actors new to an
    area, rising threats and calls to violence; or, with --backtest, when each would have fired.
    """
    from eventwire.signals import SpikeParams
    from eventwire.store import SQLiteStore, SQLStore, open_store

    if (db is None) == (acled is None):
        raise InputError("Give either --db DB or --acled PATH.")
    if acled is not None and not run_backtest:
        raise InputError("--acled builds an archive for a backtest: add --backtest.")
    if rules is not None and (run_backtest or db is None):
        raise InputError("--rules delivers the signals of a store as of a day: give --db and "
                         "leave out --backtest.")
    spike = SpikeParams(baseline_weeks=baseline_weeks, k=k, min_count=min_count,
                        measure=measure, by=by)
    options = _Options(detectors, spike, lookback_days, table, top_n, as_json, step)
    if acled is not None:
        from eventwire.signals.archive import load_acled

        # A temporary store: nothing of the data is kept once the backtest is printed.
        with tempfile.TemporaryDirectory() as folder, \
                SQLiteStore(Path(folder) / "acled.db") as store:
            click.echo(f"archive: {load_acled(acled, store)}", err=True)
            _backtest(store, options, date_from, date_to)
        return
    assert db is not None
    require_existing_db(db)
    # alerts are recorded in the store (delivered once), so only then is it opened for writing
    with open_store(db, read_only=rules is None) as store:
        assert isinstance(store, SQLStore)  # both backends run SQL
        if run_backtest:
            _backtest(store, options, date_from, date_to)
            return
        found = _detect(store, options, as_of.date() if as_of else date.today())
        if rules is not None:
            from eventwire.alerts import load_rules, run_alerts

            report = run_alerts(store, load_rules(rules), found)
            click.echo(report.summary(), err=True)


@dataclass(frozen=True, slots=True)
class _Options:
    """What the command line chose, handed to the two modes."""

    detectors: tuple[str, ...]
    spike: SpikeParams
    lookback_days: int
    table: str | None
    top_n: int
    as_json: bool
    step: str = "week"


def _detect(store: SQLStore, options: _Options, as_of: date) -> list[Signal]:
    from eventwire.signals import ALL_DETECTORS, detect_signals

    found = detect_signals(store, as_of=as_of, detectors=options.detectors or ALL_DETECTORS,
                           spike=options.spike, lookback_days=options.lookback_days,
                           table=options.table)
    if options.as_json:
        click.echo(json.dumps([signal.to_dict() for signal in found], indent=2))
        return found
    _print_signals(found)
    click.echo(f"{len(found)} signals as of {as_of.isoformat()}", err=True)
    return found


def _backtest(store: SQLStore, options: _Options, date_from: datetime | None,
              date_to: datetime | None) -> None:
    from eventwire.signals import backtest, evaluate_spikes

    first, last = _stored_range(store)
    start = date_from.date() if date_from else first
    end = date_to.date() if date_to else last
    report = backtest(store, start=start, end=end, detectors=options.detectors or ("spike",),
                      spike=options.spike, lookback_days=options.lookback_days,
                      table=options.table, step=options.step)
    evaluation = (evaluate_spikes(store, report, top_n=options.top_n, table=options.table)
                  if "spike" in report.detectors and report.weeks else None)
    if options.as_json:
        click.echo(json.dumps({"backtest": report.to_dict(), "spike_evaluation":
                               evaluation.to_dict() if evaluation else None}, indent=2))
        return
    _print_signals(list(report.signals), fired_on=report.fired_on)
    if evaluation is not None:
        _print_evaluation(report, evaluation)


def _stored_range(store: SQLStore) -> tuple[date, date]:
    rows = store.read("SELECT MIN(date) AS first, MAX(date) AS last FROM events "
                      "WHERE date IS NOT NULL")
    if not rows or rows[0]["first"] is None:
        raise InputError("The store has no dated events to backtest over.")
    return date.fromisoformat(rows[0]["first"]), date.fromisoformat(rows[0]["last"])


def _print_signals(found: list[Signal], *, fired_on: dict[str, date] | None = None) -> None:
    for signal in found:
        baseline = f"{signal.baseline:.1f}" if signal.baseline is not None else "-"
        fired = f"fired {fired_on[signal.signal_id].isoformat()}  " if fired_on else ""
        click.echo(f"{fired}{signal.period_start.isoformat()}  {signal.detector:<18} "
                   f"{signal.key:<40} {signal.value:>8.1f} {baseline:>7}  {signal.description}")


def _print_evaluation(report: BacktestReport, evaluation: SpikeEvaluation) -> None:
    spike = report.spike
    click.echo(
        f"\nspike ({spike.measure} by {spike.by}, baseline {spike.baseline_weeks} weeks, "
        f"k={spike.k:g}, min {spike.min_count:g}) over {evaluation.weeks} weeks "
        f"{report.weeks[0].isoformat()} to {report.weeks[-1].isoformat()}:"
    )
    click.echo(f"  fired {evaluation.fired} region-weeks in {evaluation.regions} regions; "
               f"{evaluation.per_region_year:.2f} per watched region-year")
    if evaluation.false_alarm_rate is not None:
        click.echo(f"  false alarms (neither that week nor the next deadlier than 3 in 4 of the "
                   f"region's weeks): {evaluation.false_alarm_rate:.2f} of fires")
    for region, fired in evaluation.fired_by_region.items():
        years = evaluation.years_by_region[region]
        click.echo(f"    {region:<40} {fired:>4} weeks fired in {years:.1f} years watched")
    caught = sum(week.caught for week in evaluation.top)
    click.echo(f"  top {len(evaluation.top)} region-weeks by fatalities: caught {caught} "
               f"(recall {evaluation.recall_top:.2f})")
    for week in evaluation.top:
        click.echo(f"    {week.week.isoformat()}  {week.region:<40} {week.fatalities:>5} killed  "
                   f"{'warned' if week.warned else 'caught' if week.caught else 'missed'}")
    click.echo(f"  top 5% ({len(evaluation.top_share)} region-weeks): recall "
               f"{evaluation.recall_top_share:.2f} (chance at the same alert rate "
               f"{evaluation.chance_recall_top_share:.2f}); "
               f"{sum(w.warned for w in evaluation.top_share)} of them warned a week ahead")
