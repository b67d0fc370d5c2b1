"""Where eventwire keeps what it builds once per machine (the gazetteer index, the actor index)."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_ENV = "EVENTWIRE_CACHE_DIR"


def cache_dir() -> Path:
    """``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``."""
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "eventwire"
