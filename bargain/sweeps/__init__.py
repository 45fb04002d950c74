"""Sweeps: solve a scenario for many values of its numbers, by grid and by Monte Carlo.

- :mod:`~bargain.sweeps.distributions`: what a Monte Carlo sweep draws from.
- :mod:`~bargain.sweeps.plan`: the validated arguments, and the numbers of any run.
- :mod:`~bargain.sweeps.screen`: many runs of a small deal space solved at once.
- :mod:`~bargain.sweeps.checkpoint`: results written chunk by chunk, to resume after a kill.
- :mod:`~bargain.sweeps.workers`: local worker processes that never outlive their parent.
- :mod:`~bargain.sweeps.run`: :func:`bargain.sweep` (in memory) and :func:`bargain.sweep_to_file`
  (streamed), serially, on processes or on Dask.
- :mod:`~bargain.sweeps.output`: the runs as a result or as the text of a file.
- :mod:`~bargain.sweeps.sensitivity`, :mod:`~bargain.sweeps.result`: what the runs say;
  :mod:`~bargain.sweeps.tally`: the same, counted as a streamed sweep's runs pass.
"""
