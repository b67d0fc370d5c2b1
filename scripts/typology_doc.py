"""Write docs/TYPOLOGY.md, the readable view of the packaged PLOVER -> CAMEO / ACLED table.

The table itself is ``src/eventwire/data/typology.yaml`` (what the coder uses); this page is
generated from it so the two never disagree. ``tests/test_docs.py`` fails when the page is stale:
run ``python scripts/typology_doc.py`` after editing the YAML.
"""

from __future__ import annotations

import sys
from pathlib import Path

from eventwire.extract.lexicon import TypologyEntry, default_lexicon
from eventwire.model import PloverType

DOC = Path(__file__).resolve().parents[1] / "docs" / "TYPOLOGY.md"

HEADER = """# Event typology: PLOVER, CAMEO and ACLED

Every event eventwire codes has a PLOVER 2.0 type (`event_type`) and, when the text says how,
a PLOVER mode (`mode`). Its CAMEO code (`cameo`) and ACLED event type and sub-event type
(`acled_event_type`, `acled_sub_event_type`) follow from the type and mode by this table. The
source of truth is `src/eventwire/data/typology.yaml`, whose comments give the reasoning; this
page is generated from it by `python scripts/typology_doc.py`.

- A mode of `_` is the type's default, used for modes the table does not list.
- An empty ACLED column means ACLED does not code such events (statements, meetings, ...).
- Rows marked *by recipient* are refined from the sentence (`eventwire.extract.typology`):
  one-sided violence against civilians is *Violence against civilians / Attack*, fighting
  between armed groups *Battles / Armed clash*. Force used on a protest is folded into the
  protest record (*Protest with intervention*, or *Excessive force against protesters* when
  people were killed), as ACLED codes one event.
- Where the PLOVER 2.0 manual and the CAMEO-to-PLOVER mapping name modes differently, the
  manual's names are used; deviations are noted in the YAML comments.

| PLOVER type | mode | CAMEO | ACLED event type | ACLED sub-event type | note |
| --- | --- | --- | --- | --- | --- |
"""


def row(event_type: PloverType, mode: str, entry: TypologyEntry) -> str:
    note = "by recipient" if entry.by_recipient else ""
    return (f"| {event_type.value} | {mode} | {entry.cameo} | {entry.acled_event_type or ''} | "
            f"{entry.acled_sub_event_type or ''} | {note} |")


def render() -> str:
    typology = default_lexicon().typology
    order = {event_type: index for index, event_type in enumerate(PloverType)}
    keys = sorted(typology, key=lambda key: (order[key[0]], key[1] != "_", key[1]))
    return HEADER + "\n".join(row(t, mode, typology[(t, mode)]) for t, mode in keys) + "\n"


def main() -> int:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
