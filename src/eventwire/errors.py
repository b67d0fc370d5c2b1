"""One exception tree. Every message says what went wrong and what to do about it.

Third-party errors are caught at the boundary and re-raised as one of these, chained with
``raise ... from error`` so the original stays visible. ``RetryableError`` marks failures a
runner may try again (a locked database, a worker that died); everything else is final.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class RetryableError(EventwireError):
    """A failure that may pass if the same work is tried again."""


class ConfigError(EventwireError):
    """A setting, flag or environment variable has a value eventwire cannot use."""


class InputError(EventwireError):
    """An input path cannot be read at all (missing, unreadable, unknown format)."""


class ArticleError(EventwireError):
    """One input record is bad; readers turn this into a ``Rejection`` and carry on."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class ModelNotFoundError(EventwireError):
    """No usable spaCy English pipeline is installed."""


class MissingDependencyError(EventwireError):
    """An optional dependency is needed for this feature; the message names the install command."""

    def __init__(self, feature: str, package: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the package '{package}', which is not installed. "
            f"Install it with: pip install 'eventwire[{extra}]'"
        )
        self.package = package
        self.extra = extra


class GazetteerError(EventwireError):
    """The gazetteer index is missing, corrupt or cannot be built."""


class StoreError(EventwireError):
    """The event store cannot be opened, read or written."""


class StoreBusyError(StoreError, RetryableError):
    """The database is locked by another writer; try again."""


class QueryTooCostlyError(StoreError):
    """A read ran past the store's time limit and was stopped; ask for less."""
