"""Sampling designs of a sweep's draws: independent draws, or Saltelli's design for Sobol indices.

With ``design="independent"`` (the default) draw ``s`` of a grid point is the ``s``-th independent
draw of every distribution. With ``design="saltelli"`` and ``samples = N``, each grid point runs
``N (k + 2)`` draws, ``k`` being the number of independent *factors* (one per distribution entry:
a scalar parameter, or a whole Dirichlet weight vector), in blocks of ``N``:

- block 0, matrix ``A``: row ``n`` is independent draw ``2 n``;
- block 1, matrix ``B``: row ``n`` is independent draw ``2 n + 1``;
- block ``2 + i``, matrix ``AB_i``: row ``n`` is ``A``'s row with factor ``i`` taken from ``B``.

Independent draws are numbered as for the independent design, so the ``A`` and ``B`` rows of a
Saltelli sweep with ``N`` samples are the first ``2 N`` draws of an independent sweep with the same
seed. :mod:`bargain.sweeps.sensitivity` turns the three matrices' outcomes into first-order
(Saltelli 2010) and total-order (Jansen 1999) indices.

Examples
--------
>>> saltelli_sources(np.arange(8), n_base=2, n_factors=2).tolist()
[[0, 0], [2, 2], [1, 1], [3, 3], [1, 0], [3, 2], [0, 1], [2, 3]]
>>> runs_per_point("saltelli", samples=100, n_factors=3), runs_per_point("independent", 100, 3)
(500, 100)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bargain._registry import Choice, Registry

__all__ = ["DESIGNS", "runs_per_point", "saltelli_blocks", "saltelli_sources"]

#: The sampling designs of :func:`bargain.sweep`'s draws.
DESIGNS: Registry[None] = Registry(
    "design",
    [
        Choice("independent", "`samples` independent draws per grid point", None),
        Choice(
            "saltelli",
            "Saltelli's design, samples x (factors + 2) runs per grid point: first- and "
            "total-order Sobol indices of every drawn parameter",
            None,
        ),
    ],
)


def runs_per_point(design: str, samples: int, n_factors: int) -> int:
    """Runs per grid point: ``samples`` (at least 1), or ``samples (n_factors + 2)`` (Saltelli).

    Parameters
    ----------
    design
        ``"independent"`` or ``"saltelli"``.
    samples
        The sweep's `samples` (0: no draws).
    n_factors
        Drawn factors (distribution entries).

    Returns
    -------
    int
        Runs at each grid point.

    Examples
    --------
    >>> runs_per_point("saltelli", 10, 2), runs_per_point("independent", 0, 2)
    (40, 1)
    """
    if design == "saltelli" and samples:
        return samples * (n_factors + 2)
    return max(samples, 1)


def saltelli_sources(draw: NDArray[np.intp], n_base: int, n_factors: int) -> NDArray[np.intp]:
    """For draws of a Saltelli design, the independent draw each factor takes its values from.

    Parameters
    ----------
    draw
        Draw numbers within a grid point, ``0 <= draw < n_base * (n_factors + 2)``.
    n_base, n_factors
        ``N`` (the sweep's `samples`) and ``k``.

    Returns
    -------
    numpy.ndarray
        ``(len(draw), n_factors)`` independent draw numbers (see the module notes).

    Examples
    --------
    >>> saltelli_sources(np.array([4, 5]), n_base=2, n_factors=1).tolist()  # AB_0
    [[1], [3]]
    """
    block, row = np.divmod(np.asarray(draw, dtype=np.intp), n_base)
    a, b = 2 * row, 2 * row + 1
    out = np.repeat(a[:, None], n_factors, axis=1)
    out[block == 1] = b[block == 1, None]
    for i in range(n_factors):
        mixed = block == 2 + i
        out[mixed, i] = b[mixed]
    return out


def saltelli_blocks(
    y: NDArray[np.float64], n_base: int, n_factors: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Split outcomes ``(..., n_base (n_factors + 2), m)`` into ``A``, ``B`` and ``AB``.

    Parameters
    ----------
    y
        Outcomes of a grid point's runs (or of every grid point, on leading axes).
    n_base, n_factors
        ``N`` (the sweep's `samples`) and ``k``.

    Returns
    -------
    f_a, f_b, f_ab : numpy.ndarray
        ``f(A)`` and ``f(B)`` of shape ``(..., n_base, m)``, ``f(AB)`` of shape
        ``(n_factors, ..., n_base, m)``.

    Examples
    --------
    >>> a, b, ab = saltelli_blocks(np.arange(8.0)[:, None], n_base=2, n_factors=2)
    >>> a.ravel().tolist(), b.ravel().tolist(), ab[1].ravel().tolist()
    ([0.0, 1.0], [2.0, 3.0], [6.0, 7.0])
    """
    shape = y.shape
    blocks = y.reshape(*shape[:-2], n_factors + 2, n_base, shape[-1])
    moved = np.moveaxis(blocks, -3, 0)
    return moved[0], moved[1], moved[2:]
