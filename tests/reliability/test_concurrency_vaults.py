"""4 processes x 8 threads mask overlapping values into one vault, per backend.

Longer runs with printed figures: ``python -m memprivacy_plugins.testing.stress concurrency
--backend sqlite|postgres --seconds 60``.
"""

from __future__ import annotations

import json

import pytest

from memprivacy_plugins.testing.stress import VaultSpec, run_concurrency


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_processes_and_threads_never_disagree(spec: VaultSpec) -> None:
    report = run_concurrency(spec, processes=4, threads=8, seconds=4.0, seed=7)
    print(json.dumps(report))  # the figures, visible with -s
    assert report["errors"] == {}
    assert report["inconsistencies"] == 0, report["inconsistency_kinds"]
    assert report["mask_calls"] > 100  # the workload really ran
    assert report["mappings"] > 3 * 60  # ... and kept creating placeholders, not only reading
