"""How the writers of points take turns, and what they do when the database says "try again".

**Lock order.** Every writer of points (a posting, a reversal, a recompute) takes the *ledger lock*
first (:func:`lock_ledger`), then its members' rows in name order
(:func:`party_points.loaders.lock_members`), and only then reads the ledger with shared locks and
writes. The quarter close takes every member's lock in name order instead, which no posting can
hold alongside it, so it needs no ledger lock. Under REPEATABLE READ a shared-lock read of a range takes next-key locks, and the gap after one
member's entries is the gap before the next member's: two recorders posting to *different* members
used to lock each other's gaps in the ledger's indexes, the Member Score primary key and the score
dimensions, and deadlocked (error 1213, 1 posting in about 2,000 under load; docs/benchmark.md,
"Under load"). Holding the ledger lock, writers of points take turns for the few milliseconds their
write lasts, so no two of them hold gap locks at once, and members' reads (which take no locks) never
wait.

**Retry.** A deadlock or a lock wait timeout that still happens (another app's transaction, a
migration) is retried by :func:`atomic`, around the whole unit of work, a bounded number of times with
a short random backoff, when the unit owns its transaction (nothing was written in it before the unit
began): the rollback then undoes exactly the unit, and the rerun starts afresh. A unit inside a larger
transaction (a sheet's submission, whose own row was written before it posts) is not rerun: a deadlock
makes InnoDB roll back the *whole* transaction, savepoints included, so the earlier part is gone, and
after a lock wait timeout (50 s by default) a rerun would only keep the user waiting past the request's
timeout. The transaction is rolled back whole and the user is told to try again. Either way nothing is
half-written. When the attempts run out, the user gets :class:`~party_points.exceptions.DatabaseBusyError`: HTTP 508,
the status Frappe itself gives a deadlock or a lock wait timeout (``frappe.app.handle_exception``), for
which its desk shows "Please try again".
"""

import functools
import random
import time
from collections.abc import Callable
from typing import TypeVar

import frappe
from frappe import _

from party_points.constants import LEDGER
from party_points.exceptions import DatabaseBusyError

ATTEMPTS = 3
"""Attempts of a unit of work before the user is told to try again."""
BACKOFF = (0.02, 0.1)
"""The first retry waits a random time in this range (seconds); each later one waits twice as long."""

RETRYABLE = (frappe.QueryDeadlockError, frappe.QueryTimeoutError)

T = TypeVar("T")


def backoff(attempt: int, low: float = BACKOFF[0], high: float = BACKOFF[1]) -> float:
	"""The random wait before attempt ``attempt + 1`` (attempt counts from 1)."""
	return random.uniform(low, high) * 2 ** (attempt - 1)


def lock_ledger() -> None:
	"""Take the ledger lock (until the transaction ends): the row of the ledger's DocType, by its primary key.

	Every site with the app has that row; nothing else locks it in normal operation (a migration that
	changes the DocType waits, as it should). Once taken, the transaction holds it: taking it again (a
	posting's recompute after its checks, a REST entry's recompute after its validation) costs nothing.
	"""
	if getattr(frappe.local, "party_points_ledger_locked", False):
		return
	frappe.db.sql(LOCK_LEDGER, (LEDGER,))
	frappe.local.party_points_ledger_locked = True
	frappe.db.after_commit.add(ledger_unlocked)
	frappe.db.after_rollback.add(ledger_unlocked)


def ledger_unlocked() -> None:
	frappe.local.party_points_ledger_locked = False


LOCK_LEDGER = "select name from `tabDocType` where name = %s for update"
"""Written out (no query builder): every posting runs it, and building it cost more than running it."""


def atomic(unit: Callable[..., T]) -> Callable[..., T]:
	"""Run ``unit`` all or nothing, retrying a deadlock or lock wait timeout (see the module's text).

	A unit called inside another unit is part of it: only the outermost one retries.
	"""

	@functools.wraps(unit)
	def run(*args, **kwargs) -> T:
		if getattr(frappe.local, "party_points_unit", None):
			return unit(*args, **kwargs)
		frappe.local.party_points_unit = unit.__qualname__
		try:
			return run_unit(unit, args, kwargs)
		finally:
			frappe.local.party_points_unit = None

	return run


def run_unit(unit: Callable[..., T], args: tuple, kwargs: dict, attempts: int = ATTEMPTS) -> T:
	owns = not frappe.db.transaction_writes
	for attempt in range(1, attempts + 1):
		try:
			return unit(*args, **kwargs)
		except RETRYABLE as error:
			# The whole transaction goes: after a deadlock InnoDB has rolled it back already; after a lock wait
			# timeout only the statement was, and the rest must not be committed without the unit. Frappe's
			# side goes with it (callbacks queued for the commit), so a caller that went on commits nothing of it.
			frappe.db.rollback()
			if not owns or attempt == attempts:
				refuse_busy(unit, attempt, error)
			time.sleep(backoff(attempt))
	raise AssertionError("unreachable")


def refuse_busy(unit: Callable, attempts: int, error: Exception) -> None:
	frappe.logger("party_points").warning(
		f"{unit.__qualname__}: database busy after {attempts} attempt(s): {error!r}"
	)
	frappe.throw(
		_(
			"Another change to the same points is being saved; nothing was saved. Please try again in a moment."
		),
		exc=DatabaseBusyError,
		title=_("Please try again"),
	)
