"""Concession paths: how a deal is reached, protocol by protocol.

:func:`bargain.concession_path` (:mod:`~bargain.protocols.path`) dispatches on the registry
:data:`~bargain.protocols.path.PROTOCOLS`; each protocol's module holds its kernel (a free function
on arrays) and its driver (``run``), which tells the steps in words:
:mod:`~bargain.protocols.zeuthen`, :mod:`~bargain.protocols.alternating`,
:mod:`~bargain.protocols.timebased`, :mod:`~bargain.protocols.trades`. The result is a
:class:`~bargain.protocols.result.ConcessionPath`.
"""
