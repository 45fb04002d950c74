"""Benchmark sizes marked ``large`` run only with ``--benchmark-enable``.

The plain ``pytest`` runs every benchmark once as a smoke test (``--benchmark-disable`` in the
configuration); the large sizes would make that run slow, so it skips them.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    enabled = config.getoption("benchmark_enable") or not config.getoption("benchmark_disable")
    if enabled:
        return
    skip = pytest.mark.skip(reason="a large size: runs with --benchmark-enable")
    for item in items:
        if "large" in item.keywords:
            item.add_marker(skip)
