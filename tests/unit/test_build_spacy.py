"""scripts/build_spacy.py: spaCy recompiled without Cython's profiling hooks (issue 7).

The rebuild itself takes minutes and runs once per virtualenv in `make demo` / `make test`;
these tests check its parts on small files and that the virtualenv the tests run in has it.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pytest
from fakes import load_script

build_spacy = load_script("build_spacy")


def test_the_profiling_directive_is_switched_off(tmp_path: Path) -> None:
    setup_py = tmp_path / "setup.py"
    setup_py.write_text('COMPILER_DIRECTIVES = {\n    "profile": sys.version_info < (3, 12),\n}\n')
    build_spacy.switch_off_profiling(setup_py)
    assert '"profile": False,' in setup_py.read_text()


def test_a_release_that_changed_its_directives_stops_the_build(tmp_path: Path) -> None:
    setup_py = tmp_path / "setup.py"
    setup_py.write_text('COMPILER_DIRECTIVES = {"profile": True}\n')
    with pytest.raises(build_spacy.BuildError, match="no longer sets"):
        build_spacy.switch_off_profiling(setup_py)


def test_an_archive_with_another_hash_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_spacy.urllib.request, "urlopen",
                        lambda url, timeout: io.BytesIO(b"not the release"))
    good = hashlib.sha256(b"not the release").hexdigest()
    assert build_spacy.download("https://example.invalid/spacy-0.tar.gz", good, tmp_path).read_bytes() \
        == b"not the release"
    with pytest.raises(build_spacy.BuildError, match="refusing to build"):
        build_spacy.download("https://example.invalid/spacy-0.tar.gz", "0" * 64, tmp_path)


def test_the_locked_spacy_has_a_pinned_source() -> None:
    from importlib import metadata

    assert metadata.version("spacy") in build_spacy.SOURCES


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="only the project's virtualenv is rebuilt")
def test_the_virtualenv_runs_spacy_without_tracing_hooks() -> None:
    # `make test` runs the rebuild before the tests; PyPI's wheel for Python 3.11 has the hooks
    assert not build_spacy.has_tracing_hooks()
