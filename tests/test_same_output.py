"""Every fixture cleans exactly as recorded in bench/output_digests.json.gz: the fixtures part
of the output-unchanged check (bench/same_output.py), fast enough for every test run."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import same_output


def test_fixtures_clean_as_recorded() -> None:
    stored = same_output.read_digests()
    found = same_output.digests(same_output.fixture_tasks())
    report = same_output.compare(stored, found, [same_output.FIXTURE_PART], allowed={})
    assert found, "no fixture inputs found"
    assert not report.failed, "\n".join(
        ["fixture output changed; if intended, rerun bench/same_output.py --write", *report.changes]
    )
