"""Run a property over a strategy and prove that each branch of interest was reached.

A hypothesis test that never draws the hard case passes whatever the code does there. Each check
here returns the labels of the branches its example went through; :func:`run_property` records
them as hypothesis events (``pytest --hypothesis-show-statistics`` prints them) and, once every
example ran, fails unless each required label was seen at least the required number of times.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st


def run_property(
    strategy: st.SearchStrategy[object],
    check: Callable[[object], list[str]],
    *,
    examples: int,
    required: Mapping[str, int],
    shrink: bool = True,
) -> Counter[str]:
    """Run `check` on `examples` draws of `strategy`; assert the `required` branch counts.

    ``shrink=False`` reports the first failing example as found (for known failures, marked
    ``xfail``, whose shrinking would only cost time).
    """
    # Without shrinking, or with the profile's phases (the "mutation" profile does not shrink).
    phases = settings().phases if shrink else (Phase.explicit, Phase.reuse, Phase.generate)
    seen: Counter[str] = Counter()
    # Mutation runs (scripts/mutation.sh) take a third of the examples and skip the branch counts,
    # which are set for the full number.
    mutation = os.environ.get("HYPOTHESIS_PROFILE") == "mutation"
    if mutation:
        examples = max(1, examples // 3)

    @settings(
        max_examples=examples,
        deadline=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def prop(value: object) -> None:
        labels = check(value)
        for label in labels:
            event(label)
        seen.update(set(labels))

    prop()
    if mutation:
        return seen
    missing = {k: (seen[k], n) for k, n in required.items() if seen[k] < n}
    assert not missing, f"branches reached too rarely (seen, needed): {missing}; all: {dict(seen)}"
    return seen
