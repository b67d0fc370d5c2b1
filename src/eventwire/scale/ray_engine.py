"""The Ray engine: shards coded by a pool of Ray actors, one model load per actor.

Each worker is an actor whose ``__init__`` loads ``Coder.default`` once; the driver (this
process) reads the input, hands each actor up to ``in_flight`` shards at a time (so it never
waits for the next while the driver writes) and gets back only the events. Reading and writing
stay on the driver, so the workers need no shared filesystem, and the output is the local
engine's byte for byte: the same coder code runs on the same articles, and event ids depend
only on the article id, the trigger offset and the event type.

An actor that dies (a killed process, a lost node) is restarted, reloading the model, and its
shards are retried, up to ``max_retries`` times (Ray's ``max_restarts``/``max_task_retries``).
Past that the run stops with ``WorkerLostError``; rerunning the same command resumes.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterable, Iterator
from types import ModuleType, TracebackType
from typing import Any, Self

from eventwire.config import Settings
from eventwire.errors import EventwireError, MissingDependencyError
from eventwire.model import Event
from eventwire.scale.base import Shard, ShardError, ShardResult, WorkerLostError

logger = logging.getLogger(__name__)

DEFAULT_MAX_RETRIES = 3
DEFAULT_IN_FLIGHT = 2


def require_ray() -> ModuleType:
    """The ``ray`` module, or ``MissingDependencyError`` naming the install command."""
    try:
        import ray
    except ImportError as error:
        raise MissingDependencyError("The Ray engine (--engine ray)", "ray", "ray") from error
    return ray


class ShardWorker:
    """The body of one Ray actor: a coder loaded once, then one shard per call.

    With ``store_url`` the worker also saves each coded shard into that store itself, so
    several workers write at once (a PostgreSQL store takes each article's lock; saving is
    idempotent, so a retried shard stores nothing twice) and the driver never becomes the
    bottleneck of a shared database.
    """

    def __init__(self, settings: Settings, store_url: str | None = None) -> None:
        from eventwire.pipeline import Coder
        from eventwire.store import open_store

        # One process per actor: Ray gives the parallelism, a pool inside would oversubscribe.
        self._coder = Coder.default(settings.with_overrides(n_process=1))
        self._store = open_store(store_url) if store_url is not None else None

    def ready(self) -> bool:
        return True

    def cpu_seconds(self) -> float:
        """CPU time this worker's process has used: to tell slow code from a busy machine."""
        return time.process_time()

    def code(self, shard: Shard) -> tuple[tuple[Event, ...], ...]:
        pairs = list(self._coder.code_many(shard.articles))
        if self._store is not None:
            self._store.save(pairs)
        return tuple(tuple(events) for _, events in pairs)


class RayEngine:
    """Codes shards on Ray. Entering it connects (or starts a local instance) and starts the
    actors, waiting until every one has loaded its model; leaving stops them.

    ``address``: a cluster to join (``ray://host:10001``, ``host:6379`` or ``auto``); ``None``
    joins the cluster named by ``RAY_ADDRESS`` or starts a local instance (of ``num_cpus``).
    An already initialised Ray (``ray.init`` called by the caller) is used as it is.
    ``workers``: how many actors, one CPU each; ``None`` is every CPU of the cluster.
    ``store_url``: a store every worker saves its coded shards into as it goes (a PostgreSQL
    URL for a cluster; an SQLite file only when all workers share its filesystem).
    """

    name = "ray"

    def __init__(self, settings: Settings, *, address: str | None = None, workers: int | None = None,
                 num_cpus: int | None = None, max_retries: int = DEFAULT_MAX_RETRIES,
                 in_flight: int = DEFAULT_IN_FLIGHT, store_url: str | None = None) -> None:
        if workers is not None and workers < 1:
            raise ShardError(f"--workers must be at least 1, got {workers}")
        self.settings = settings
        self.address = address
        self.workers = workers
        self.num_cpus = num_cpus
        self.max_retries = max_retries
        self.in_flight = max(1, in_flight)
        self.store_url = store_url
        #: Whether the workers save the results themselves (see ``code_to_folder``).
        self.stores_results = store_url is not None
        self._ray: ModuleType | None = None
        self._started_ray = False
        self._actors: list[Any] = []

    def __enter__(self) -> Self:
        ray = require_ray()
        self._ray = ray
        try:
            self._connect(ray)
            self._start_actors(ray)
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop()

    def code_shards(self, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        ray = self._live()
        todo = iter(shards)
        running: dict[Any, tuple[Shard, int]] = {}  # object ref -> (shard, actor number)
        for _ in range(self.in_flight):  # round robin, so a short run still uses every actor
            for number in range(len(self._actors)):
                self._submit(todo, number, running)
        while running:
            [ref], _ = ray.wait(list(running), num_returns=1)
            shard, number = running.pop(ref)
            yield ShardResult(shard, self._get(ray, ref, shard))
            self._submit(todo, number, running)

    def warm_up(self, shard: Shard) -> None:
        """Code ``shard`` once on every worker and drop the result (for timing without the
        first batch's one-off costs)."""
        ray = self._live()
        refs = [actor.code.remote(shard) for actor in self._actors]
        for ref in refs:
            self._get(ray, ref, shard)

    def cpu_seconds(self) -> list[float]:
        """The CPU time each worker's process has used so far."""
        ray = self._live()
        return [float(seconds) for seconds in ray.get([a.cpu_seconds.remote() for a in self._actors])]

    def _live(self) -> ModuleType:
        if self._ray is None or not self._actors:
            raise ShardError("the Ray engine is not started: use it in a `with` block")
        return self._ray

    def _submit(self, todo: Iterator[Shard], number: int, running: dict[Any, tuple[Shard, int]]) -> None:
        shard = next(todo, None)
        if shard is not None:
            running[self._actors[number].code.remote(shard)] = (shard, number)

    def _get(self, ray: ModuleType, ref: Any, shard: Shard) -> tuple[tuple[Event, ...], ...]:
        try:
            events: tuple[tuple[Event, ...], ...] = ray.get(ref)
        except ray.exceptions.RayActorError as error:
            raise WorkerLostError(
                f"{shard.name}: its Ray worker died {self.max_retries + 1} times ({error}); "
                "finished shards are kept: run the same command again to resume"
            ) from error
        except ray.exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            raise ShardError(f"{shard.name}: coding failed on a Ray worker: {cause or error}") from error
        except ray.exceptions.RayError as error:
            raise WorkerLostError(
                f"{shard.name}: Ray lost the shard ({error}); run the same command again to resume"
            ) from error
        return events

    def _connect(self, ray: ModuleType) -> None:
        if ray.is_initialized():
            logger.info("using the Ray instance this process already joined")
            return
        # No usage reporting from a user's run, and nothing from Ray on stdout, which may be
        # the user's data stream; Ray's own logs stay in its session folder.
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                   "logging_level": logging.ERROR}
        if self.address is None and self.num_cpus is not None:
            options["num_cpus"] = self.num_cpus
        if self.address is not None:
            _check_reachable(self.address)
        try:
            ray.init(address=self.address, **options)
        except (ConnectionError, ValueError, RuntimeError) as error:
            where = self.address or os.environ.get("RAY_ADDRESS") or "a local instance"
            raise ShardError(
                f"cannot join the Ray cluster at {where}: {error}; check --address (e.g. "
                "ray://HEAD:10001 or HEAD:6379) and that `ray status` works there"
            ) from error
        self._started_ray = True

    def _start_actors(self, ray: ModuleType) -> None:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        workers = self.workers or max(1, cpus)
        if workers > cpus:
            logger.warning("%d Ray workers asked for, the cluster has %d CPUs now: waiting for "
                           "nodes to join (lower --workers if none will)", workers, cpus)
        actor_class = ray.remote(ShardWorker).options(
            num_cpus=1, max_restarts=self.max_retries, max_task_retries=self.max_retries)
        self._actors = [actor_class.remote(self.settings, self.store_url) for _ in range(workers)]
        logger.info("starting %d Ray workers (one model load each)", workers)
        try:
            ray.get([actor.ready.remote() for actor in self._actors])
        except ray.exceptions.RayError as error:
            cause = _creation_error(error)
            if isinstance(cause, EventwireError):
                raise cause from error  # e.g. no spaCy model on the workers: say so as it is
            raise ShardError(f"the Ray workers could not start: {error}") from error

    def _stop(self) -> None:
        ray, self._ray = self._ray, None
        if ray is None:
            return
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False


def _check_reachable(address: str, *, timeout: float = 5.0) -> None:
    """Fail fast on a HOST:PORT nobody listens on: Ray itself retries such an address for
    minutes. ``auto``, ``local`` and addresses without a port are left to Ray."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as error:
        raise ShardError(
            f"nothing answers at --address {address} ({error.strerror or error}): check the "
            "head node's address and port (`ray status` on the head prints it; Ray Client "
            "listens on ray://HEAD:10001, a driver on the cluster uses HEAD:6379 or auto)"
        ) from error


def _creation_error(error: BaseException) -> BaseException | None:
    """The exception an actor's ``__init__`` raised, when Ray kept it."""
    for candidate in (getattr(error, "cause", None), getattr(error, "__cause__", None)):
        if isinstance(candidate, BaseException):
            return candidate
    return None
