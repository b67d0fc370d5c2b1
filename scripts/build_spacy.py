#!/usr/bin/env python
"""Rebuild the locked spaCy from its PyPI source without Cython's profiling hooks (issue 7).

spaCy's setup.py compiles its extensions with Cython's ``profile`` directive on for Pythons
before 3.12, so its wheels for Python 3.11 (ours) enter the interpreter's tracing machinery and
take and release the GIL around every function of the parser's and the NER's transition loop:
about half of their time. Built from the same source release, pinned here by hash, with that one
directive off, the annotations are identical and bare spaCy runs 40-60% faster on this project's
benchmark (docs/PERFORMANCE.md).

    .venv/bin/python scripts/build_spacy.py     # `make demo` and `make test` run it

Idempotent: it does nothing when the installed spaCy has no tracing hooks (already rebuilt, or a
Python of 3.12 or later). It builds with the virtualenv's own locked build tools (Cython, numpy,
thinc, cymem, preshed, murmurhash from requirements.lock), so nothing unpinned is fetched: only
the source archive, from PyPI, checked against its sha256.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from importlib import metadata
from pathlib import Path

# spaCy version -> its source archive on PyPI and the archive's sha256 (from PyPI's file list).
SOURCES = {
    "3.8.18": (
        ("https://files.pythonhosted.org/packages/01/3a/1805baf651a20b9f2dbc2e76bc9ba085028175a9d104c5e72da514e34c50/"
         "spacy-3.8.18.tar.gz"),
        "cbb0a630b30b2c20f96eefc5c7c65f8b2ca264c943050043db0c9315d1cc876d",
    ),
}
PROFILING_DIRECTIVE = '"profile": sys.version_info < (3, 12),'
TRACING_SYMBOL = b"PyThreadState_EnterTracing"


class BuildError(RuntimeError):
    """The rebuild cannot go on; the message says what to do."""


def main() -> int:
    version = metadata.version("spacy")
    if not has_tracing_hooks():
        print(f"build_spacy: spaCy {version} already runs without Cython's profiling hooks")
        return 0
    if version not in SOURCES:
        raise BuildError(
            f"spaCy {version} has no pinned source in scripts/build_spacy.py: add its sdist's URL and "
            f"sha256 from https://pypi.org/project/spacy/{version}/#files to SOURCES")
    url, sha256 = SOURCES[version]
    with tempfile.TemporaryDirectory(prefix="eventwire-spacy-") as tmp:
        source = unpack(download(url, sha256, Path(tmp)), Path(tmp))
        switch_off_profiling(source / "setup.py")
        wheel = build_wheel(source, Path(tmp) / "wheels")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
                        str(wheel)], check=True)
    print(f"build_spacy: installed spaCy {version} built without Cython's profiling hooks")
    return 0


def has_tracing_hooks() -> bool:
    """Whether the installed parser extension calls into the interpreter's tracing (profile=True)."""
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise BuildError("spaCy is not installed: run `make venv` (pip install -r requirements.lock) first")
    extensions = sorted((Path(spec.origin).parent / "pipeline").glob("transition_parser*.*"))
    compiled = [path for path in extensions if path.suffix in {".so", ".pyd"}]
    if not compiled:
        raise BuildError(f"no compiled parser found in {Path(spec.origin).parent}: reinstall spaCy")
    return TRACING_SYMBOL in compiled[0].read_bytes()


def download(url: str, sha256: str, folder: Path) -> Path:
    target = folder / url.rsplit("/", 1)[1]
    with urllib.request.urlopen(url, timeout=120) as response:  # a fixed https URL on PyPI
        data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise BuildError(f"{url} has sha256 {digest}, not the pinned {sha256}: refusing to build it")
    target.write_bytes(data)
    return target


def unpack(archive: Path, folder: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / archive.name.removesuffix(".tar.gz")


def switch_off_profiling(setup_py: Path) -> None:
    text = setup_py.read_text(encoding="utf-8")
    if PROFILING_DIRECTIVE not in text:
        raise BuildError(f"{setup_py} no longer sets {PROFILING_DIRECTIVE!r}: check the new release's "
                         "Cython directives and update scripts/build_spacy.py")
    setup_py.write_text(text.replace(PROFILING_DIRECTIVE, '"profile": False,'), encoding="utf-8")


def build_wheel(source: Path, wheels: Path) -> Path:
    # setuptools warns at length about spaCy's packaging metadata; nothing the user can act on
    env = {**os.environ, "SPACY_NUM_BUILD_JOBS": str(os.cpu_count() or 1), "PYTHONWARNINGS": "ignore"}
    print(f"build_spacy: compiling spaCy from source without profiling (a few minutes on {env['SPACY_NUM_BUILD_JOBS']} cores)")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(source)], check=True, env=env)
    [wheel] = wheels.glob("spacy-*.whl")
    return wheel


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as error:
        sys.exit(f"build_spacy: {error}")
