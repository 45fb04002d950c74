"""Huge inputs under a memory limit: each answers or refuses, within its time bound.

Every large reproducer of issue 13 (``tests/hostile_cases.py``) runs as ``python -m bargain``
in a child process whose address space is limited to 2 GiB (``resource.setrlimit``); it must end
as expected (an answer, a one-line refusal with exit 2, or, for sweeps too long to wait for,
exit 130 with one line after Ctrl-C) before its time bound, without running out of memory.
"""

from __future__ import annotations

import sys

import pytest

from tests.hostile_cases import CASES, run_case

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX"),
]


@pytest.mark.parametrize("case", [c for c in CASES if c.large], ids=lambda c: c.name)
def test_huge_input_answers_or_refuses_in_bounds(case, tmp_path) -> None:
    result = run_case(case, tmp_path)
    assert result.kind == case.expect, (
        f"{case.finding}: {result.kind} (exit {result.code})\n{result.err}"
    )
    assert result.seconds <= case.seconds + (case.interrupt_after or 0)
