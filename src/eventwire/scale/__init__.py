"""Coding archives in shards, in this process or on a Ray cluster, resumably.

``code_to_folder(paths, OUT, engine=...)`` cuts the input into shards of N articles, codes the
ones ``OUT`` does not hold yet on an :class:`Engine` (:class:`LocalEngine`, or
:class:`RayEngine` from ``eventwire.scale.ray_engine``, which needs ``eventwire[ray]``) and
writes one result shard per input shard; ``load_results(OUT, store)`` saves them into a store
without coding again. The folder layout is described in ``eventwire.scale.shards``.
"""

from __future__ import annotations

from eventwire.scale.base import (
    Engine,
    ResultFormatError,
    Shard,
    ShardError,
    ShardResult,
    WorkerLostError,
)
from eventwire.scale.local import LocalEngine
from eventwire.scale.run import (
    LoadReport,
    ShardRunReport,
    code_to_folder,
    load_results,
    read_result_shard,
    run_manifest,
)
from eventwire.scale.shards import DEFAULT_SHARD_SIZE, ResultFolder, plan_shards, read_inputs

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "Engine",
    "LoadReport",
    "LocalEngine",
    "ResultFolder",
    "ResultFormatError",
    "Shard",
    "ShardError",
    "ShardResult",
    "ShardRunReport",
    "WorkerLostError",
    "code_to_folder",
    "load_results",
    "plan_shards",
    "read_inputs",
    "read_result_shard",
    "run_manifest",
]
