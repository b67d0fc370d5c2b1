"""``eventwire bench``: time eventwire against bare spaCy on the same texts; speed and memory.

A thin layer over ``eventwire.bench.run_bench``; ``scripts/bench.py`` (``make bench``) runs this
same command. Progress goes to stderr, the figures (text or JSON) to stdout. It registers itself
on the ``eventwire`` group when ``eventwire.cli.main`` imports it.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from eventwire.bench import ARTICLE_WORDS, CORPUS_KINDS, BenchOptions, format_report, run_bench
from eventwire.cli.main import cli, reports_errors

POSITIVE = click.IntRange(min=1)


@cli.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--n", "n", type=POSITIVE, default=100, show_default=True,
              help="Articles in the corpus.")
@click.option("--corpus", "corpus_kind", type=click.Choice(CORPUS_KINDS), default="articles",
              show_default=True, help="ACLED notes joined into articles of about --words "
              "words by country and week, or the short notes one by one.")
@click.option("--words", type=POSITIVE, default=ARTICLE_WORDS, show_default=True,
              help="Target words per article (--corpus articles).")
@click.option("--seed", type=int, default=13, show_default=True, help="Sampling seed.")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding acled-*/*.csv (default: ../shared/data beside the repository).")
@click.option("--repeats", type=POSITIVE, default=3, show_default=True,
              help="Interleaved timed rounds.")
@click.option("--batch-size", type=POSITIVE, default=32, show_default=True,
              help="Articles per nlp.pipe batch.")
@click.option("--n-process", type=POSITIVE, default=1, show_default=True,
              help="Processes: eventwire's code_many n_process, and bare spaCy both with "
              "nlp.pipe(n_process=N) and as a pool of N processes.")
@click.option("--chunk-size", type=POSITIVE, default=64, show_default=True,
              help="Articles per store transaction (as ingest).")
@click.option("--fresh-texts/--same-texts", default=True, show_default=True,
              help="Fresh: build repeats + 1 sets of --n articles, warm up on the first and give each "
              "round its own, unseen texts. Same: re-code the --n articles every round (eventwire's "
              "lookup caches then hold every name from the first round on).")
@click.option("--model", default="", help="spaCy package (default: the loader's choice).")
@click.option("--profile", "profile_top", type=click.IntRange(min=0), default=0, metavar="TOP",
              help="After timing, profile one eventwire pass and list the TOP functions.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@reports_errors
def bench(n: int, corpus_kind: str, words: int, seed: int, data: Path | None, repeats: int,
          batch_size: int, n_process: int, chunk_size: int, fresh_texts: bool, model: str,
          profile_top: int, as_json: bool, quiet: bool) -> None:
    """Time eventwire against bare spaCy on the same texts and report speed and memory."""
    _log_progress(quiet)
    options = BenchOptions(repeats=repeats, batch_size=batch_size, n_process=n_process,
                           chunk_size=chunk_size, model=model, profile_top=profile_top,
                           fresh_texts=fresh_texts)
    figures = run_bench(n=n, seed=seed, corpus_kind=corpus_kind, words=words, data_dir=data,
                        options=options)
    figures["command"] = command_line(click.get_current_context())
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        click.echo(figures["command"])
        click.echo(format_report(figures))


def _log_progress(quiet: bool) -> None:
    if not logging.getLogger().handlers:  # run as scripts/bench.py, without the group's set-up
        logging.basicConfig(format="bench: %(message)s", stream=sys.stderr)
    logging.getLogger("eventwire.bench").setLevel(logging.WARNING if quiet else logging.INFO)
    logging.getLogger("eventwire.store").setLevel(logging.WARNING)  # a "created" line per pass


def command_line(context: click.Context) -> str:
    """The command that repeats this run: its path and every option not at its default."""
    words = [context.command_path]
    for param in context.command.params:
        name = param.name or ""
        value = context.params.get(name)
        if not isinstance(param, click.Option) or value is None:
            continue
        if context.get_parameter_source(name) is ParameterSource.DEFAULT:
            continue
        if not param.is_flag:
            words.append(f"{param.opts[-1]} {value}")
        elif value or param.secondary_opts:  # "--same-texts" is the False side of a pair
            words.append(param.opts[-1] if value else param.secondary_opts[-1])
    return " ".join(words)
