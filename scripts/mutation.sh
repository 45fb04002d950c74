#!/usr/bin/env bash
# Mutation testing of the core modules with mutmut (configured in pyproject.toml, [tool.mutmut]).
# Not part of CI. Each mutant runs only the selected fast tests that execute the mutated function,
# with the "mutation" hypothesis profile (tests/conftest.py: no shrinking, stop at the first
# failure); two workers.
#
#   scripts/mutation.sh                                # every core module
#   scripts/mutation.sh "bargain.frontier.pareto*"     # one module (mutmut's mutant-name glob)
#
# Prints mutmut's summary and the surviving mutants; `mutmut show NAME` shows one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${VIRTUAL_ENV:-}" && -f .venv/bin/activate ]]; then
    # shellcheck disable=SC1091
    source .venv/bin/activate
fi
python -m pip install --quiet "mutmut>=3.8,<4"
export HYPOTHESIS_PROFILE=mutation MPLBACKEND=Agg
rm -rf mutants
start=$SECONDS
mutmut run --max-children 2 "$@"
echo "== mutation run took $((SECONDS - start)) s"
echo "== surviving mutants"
mutmut results | grep -v ": not checked$" || true
