"""eventwire: code dated conflict news into geocoded, dated, attributed event records.

The library comes first; the ``eventwire`` CLI is a thin layer over it::

    from eventwire.pipeline import Coder
    from eventwire.ingest import read_articles

    coder = Coder.default()
    for article in read_articles(["samples/"]):
        ...
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("eventwire")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
