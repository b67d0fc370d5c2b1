"""The user docs cover every CLI command, option and setting (no model is loaded).

``docs/CLI.md`` has one ``## `eventwire NAME``` section per command; each of the command's
options and arguments must appear in its own section. ``docs/SETTINGS.md`` must have one table
row per setting naming the setting, its environment variable and its default.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
import pytest

from eventwire.cache import CACHE_DIR_ENV
from eventwire.cli.main import cli
from eventwire.config import CONFIG_FILE_ENV, SETTINGS, Setting

DOCS = Path(__file__).resolve().parents[1] / "docs"
CLI_DOC = DOCS / "CLI.md"
SETTINGS_DOC = DOCS / "SETTINGS.md"
assert isinstance(cli, click.Group)
COMMANDS: dict[str, click.Command] = dict(cli.commands)


def command_sections(markdown: str) -> dict[str, str]:
    """The text under each ``## `eventwire NAME``` heading, up to the next ``## `` heading."""
    sections: dict[str, str] = {}
    parts = re.split(r"^## ", markdown, flags=re.MULTILINE)
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        match = re.fullmatch(r"`eventwire (\w[\w-]*)`\s*", heading)
        if match:
            sections[match.group(1)] = body
    return sections


def mentions(text: str, flag: str) -> bool:
    """``flag`` appears as a whole option (``--to`` is not found inside ``--total``)."""
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text) is not None


def test_every_command_has_a_section() -> None:
    sections = command_sections(CLI_DOC.read_text(encoding="utf-8"))
    assert COMMANDS, "the CLI group has no commands"
    missing = sorted(set(COMMANDS) - set(sections))
    assert not missing, f"docs/CLI.md has no '## `eventwire NAME`' section for {missing}"
    unknown = sorted(set(sections) - set(COMMANDS))
    assert not unknown, f"docs/CLI.md documents commands that do not exist: {unknown}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_and_argument_is_in_its_command_section(name: str) -> None:
    section = command_sections(CLI_DOC.read_text(encoding="utf-8")).get(name, "")
    command = COMMANDS[name]
    missing = []
    for param in command.params:
        if isinstance(param, click.Option):
            missing += [flag for flag in param.opts + param.secondary_opts if not mentions(section, flag)]
        elif isinstance(param, click.Argument) and param.human_readable_name.upper() not in section:
            missing.append(param.human_readable_name.upper())
    if not mentions(section, "--help"):
        missing.append("--help")
    assert not missing, f"docs/CLI.md section `eventwire {name}` does not mention {missing}"


def test_choices_are_documented() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    for name, command in COMMANDS.items():
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
                for choice in param.type.choices:
                    assert re.search(rf"\b{re.escape(str(choice))}\b", text), (name, param.name, choice)


def test_group_options_are_documented() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    for param in cli.params:
        if isinstance(param, click.Option):
            for flag in param.opts:
                assert mentions(text, flag), flag
    assert mentions(text, "--version")


def test_exit_statuses_are_documented() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    for status in ("`0`", "`1`", "`2`"):
        assert re.search(rf"^\|\s*{status}\s*\|", text, flags=re.MULTILINE), status


def default_in_docs(setting: Setting) -> str:
    return f'`"{setting.default}"`' if isinstance(setting.default, str) else f"`{setting.default!r}`"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_has_a_row(setting: Setting) -> None:
    rows = [line for line in SETTINGS_DOC.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `{setting.name}` |")]
    assert len(rows) == 1, f"docs/SETTINGS.md needs one table row starting with | `{setting.name}` |"
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1] == setting.type.__name__, (setting.name, cells[1])
    assert cells[2] == default_in_docs(setting), (setting.name, cells[2])
    assert cells[3] == f"`{setting.env_var}`", (setting.name, cells[3])


def test_settings_doc_has_no_stale_rows() -> None:
    names = {s.name for s in SETTINGS}
    table = re.findall(r"^\| `(\w+)` \| (?:str|int|float|bool) \|", SETTINGS_DOC.read_text(encoding="utf-8"),
                       flags=re.MULTILINE)
    assert set(table) == names


@pytest.mark.parametrize("variable", [CONFIG_FILE_ENV, CACHE_DIR_ENV])
def test_other_environment_variables_are_documented(variable: str) -> None:
    assert f"`{variable}`" in SETTINGS_DOC.read_text(encoding="utf-8")


def test_typology_page_is_generated_from_the_packaged_table() -> None:
    """docs/TYPOLOGY.md must match typology.yaml: run ``python scripts/typology_doc.py``."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "typology_doc.py"
    spec = importlib.util.spec_from_file_location("typology_doc", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render()
    assert "| ASSAULT | aerial | 195 | Explosions/Remote violence | Air/drone strike |" in rendered
    assert (DOCS / "TYPOLOGY.md").read_text(encoding="utf-8") == rendered, (
        "docs/TYPOLOGY.md is stale: run python scripts/typology_doc.py")


def test_accuracy_page_shows_the_saved_reports() -> None:
    """The numbers block of docs/ACCURACY.md must be rendered from eval/accuracy/*.json:
    run ``python scripts/accuracy_report.py --render`` (or a full measurement) after changing either."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "accuracy_report.py"
    spec = importlib.util.spec_from_file_location("accuracy_report", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy_report"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    reports = module.load_reports()
    assert set(reports) == {run.name for run in module.RUNS}, "a dataset has no saved report"
    page = (DOCS / "ACCURACY.md").read_text(encoding="utf-8")
    assert module.with_block(page, module.render(reports)) == page, (
        "docs/ACCURACY.md is stale: run python scripts/accuracy_report.py --render")
