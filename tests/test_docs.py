"""Reference docs: every public function documents its parameters, return value and an example."""

from __future__ import annotations

import inspect

import pytest

import bargain
import bargain.plot.explorer
import bargain.plot.sensitivity
import bargain.sweeps.design
import bargain.sweeps.sensitivity

numpydoc = pytest.importorskip("numpydoc.validate", reason="needs the 'docs' extra (numpydoc)")

MODULES = [
    bargain,
    bargain.sweeps.sensitivity,
    bargain.sweeps.design,
    bargain.plot.sensitivity,
    bargain.plot.explorer,
]
CHECKS = {"PR01": "a parameter", "RT01": "the return value", "EX01": "an example"}


def _functions():
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{obj.__module__}.{obj.__qualname__}"


@pytest.mark.parametrize("name", sorted(set(_functions())))
def test_public_functions_are_documented(name):
    errors = numpydoc.validate(name)["errors"]
    missing = [f"{CHECKS[code]}: {text}" for code, text in errors if code in CHECKS]
    assert not missing, missing
