#!/usr/bin/env bash
# Mutation testing of the core modules with mutmut (configured in pyproject.toml, [tool.mutmut]).
# Not part of CI. Each mutant runs only the selected fast tests that execute the mutated function,
# with the "mutation" hypothesis profile (tests/conftest.py: no shrinking, stop at the first
# failure); two workers. Results, scores and the surviving mutants: docs/mutation.md.
#
#   scripts/mutation.sh                                # the core functions (CORE below)
#   scripts/mutation.sh "bargain.frontier.pareto*"     # one module (mutmut's mutant-name glob)
#   scripts/mutation.sh "bargain.*"                    # every mutant of the configured modules
#
# mutmut mutates every function of the modules in [tool.mutmut] only_mutate (about 5,000 mutants,
# some 75 minutes on a loaded two-core machine); CORE restricts the run to the algorithms,
# leaving out the drivers that only validate arguments and build results and messages (the `run`
# of each protocol, alternating offers' `_story`, the merge's progress bar, the optimal-threats
# input check), and the linear-program and Newton plumbing of lotteries and package Nash whose
# mutants are nearly all equivalent and slow (docs/mutation.md).
#
# Prints mutmut's summary and the surviving mutants; `mutmut show NAME` shows one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${VIRTUAL_ENV:-}" && -f .venv/bin/activate ]]; then
    # shellcheck disable=SC1091
    source .venv/bin/activate
fi
CORE=(
    "bargain.frontier.pareto.*"
    "bargain.frontier.merge.x_merge_frontier__*"
    "bargain.frontier.merge.x__rebuild__*"
    "bargain.frontier.merge.x__next_rank__*"
    "bargain.solutions.concepts.*"
    "bargain.solutions.lottery.x_edge_nash__*"
    "bargain.solutions.lottery.x__max_min__*"
    "bargain.solutions.lottery.x_nash_on_chain__*"
    "bargain.solutions.lottery.x_nash_lottery__*"
    "bargain.solutions.lottery.x__power_of_two__*"
    "bargain.solutions.lottery.x_ray_lottery__*"
    "bargain.protocols.zeuthen.x_zeuthen_rounds__*"
    "bargain.protocols.zeuthen.x_risks__*"
    "bargain.protocols.zeuthen.x__risk__*"
    "bargain.protocols.zeuthen.x__greater__*"
    "bargain.protocols.alternating.x__solve__*"
    "bargain.protocols.alternating.x_rubinstein__*"
    "bargain.protocols.alternating.x__lottery__*"
    "bargain.protocols.alternating.x__nash_limit__*"
    "bargain.protocols.alternating.x__no_offer__*"
    "bargain.protocols.alternating.x__limit__*"
    "bargain.protocols.alternating.x__discounts__*"
    "bargain.protocols.alternating.x__breakdown__*"
    "bargain.protocols.alternating.x__flip__*"
    "bargain.games.optimal_threats.x_optimal_threats__*"
    "bargain.games.optimal_threats.x__consistent_piece__*"
    "bargain.games.optimal_threats.x_threat_outcome__*"
    "bargain.games.optimal_threats.x__threats__*"
    "bargain.games.optimal_threats.x__level__*"
    "bargain.games.optimal_threats.x__zero_sum__*"
    "bargain.forecast.static.*"
    "bargain.forecast.fitted.*"
    "bargain.forecast.exchange.*"
    "bargain.forecast.expected_utility.*"
    "bargain.forecast.nash.*"
    "bargain.forecast.package.x_package_nash__*"
    "bargain.forecast.package.x_continuous_nash__*"
    "bargain.forecast.package.x__solve_group__*"
    "bargain.forecast.package.x__widest_margin__*"
    "bargain.forecast.package.x__feasible__*"
)
if [[ $# -eq 0 ]]; then
    set -- "${CORE[@]}"
fi
python -m pip install --quiet "mutmut>=3.8,<4"
export HYPOTHESIS_PROFILE=mutation MPLBACKEND=Agg
rm -rf mutants
start=$SECONDS
mutmut run --max-children 2 "$@"
echo "== mutation run took $((SECONDS - start)) s"
echo "== surviving mutants"
mutmut results | grep -v ": not checked$" || true
