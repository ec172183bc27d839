"""bench/throughput.py --compare: two checkouts loaded side by side in one process, each run on
its own modules, and the caller's own modules back in place afterwards."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import throughput

import cleaner.pipeline


def test_compare_runs_each_checkout_and_restores_the_callers_modules() -> None:
    before = sys.modules["cleaner.pipeline"]
    lines = throughput.compare_checkouts(ROOT, 3, 1, ["--no-validate"])
    assert lines[-1] == "outputs: the same bytes in every round"
    rates = [float(line.split("|")[2]) for line in lines[2:4]]
    assert len(rates) == 2 and all(rate > 0 for rate in rates)
    assert sys.modules["cleaner.pipeline"] is before is cleaner.pipeline


def test_a_checkout_is_imported_from_its_own_folder(tmp_path) -> None:
    """A folder without the package is refused, not silently served by another copy."""
    before = sys.modules["cleaner.pipeline"]
    try:
        throughput.checkout_modules(tmp_path)
    except SystemExit as refusal:
        assert str(tmp_path) in str(refusal)
    else:
        raise AssertionError("a folder without the package was taken for a checkout")
    assert sys.modules["cleaner.pipeline"] is before
