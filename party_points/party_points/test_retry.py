"""Deadlocks and lock wait timeouts, for real, on separate database connections (party_points.retry).

A unit of work that owns its transaction is rerun after a deadlock and counts once; inside a larger
transaction a deadlock (which InnoDB answers by rolling back the whole transaction) or a lock wait
timeout refuses it as busy, the transaction rolled back whole; when the attempts run out the user gets
DatabaseBusyError, HTTP 508. The other connections only see committed rows, so the class
commits a small organisation of its own and removes it afterwards.
"""

import threading
from unittest.mock import patch

import frappe

from party_points import ledger, retry, scores
from party_points.exceptions import DatabaseBusyError
from party_points.party_points.test_portal_http import http
from party_points.testing import (
	PartyPointsTestCase,
	api_token,
	make_member,
	make_org,
	make_period,
	make_user,
	remove_committed,
	run_in_thread,
)


def lock_member(name: str) -> None:
	frappe.db.sql("select name from `tabParty Member` where name = %s for update", name)


def short_lock_waits() -> None:
	frappe.db.sql("set session innodb_lock_wait_timeout = 1")


class TestRetry(PartyPointsTestCase):
	use_savepoint = False

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.recorder = make_user("retry_recorder")
		cls.committee = make_org("Retry Committee", "Party Committee")
		cls.branch = make_org("Retry Branch", "Party Branch", cls.committee, recorder=cls.recorder)
		cls.members = sorted(make_member(f"Retry Member {n}", cls.branch) for n in (1, 2))
		cls.period = make_period()
		ledger.post([cls.row(m) for m in cls.members], check_scope=False)  # each member has a score
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.db.rollback()
		members = frappe.get_all("Party Member", filters={"party_branch": cls.branch}, pluck="name")
		remove_committed(members, [cls.branch, cls.committee], [])
		frappe.db.delete("User Permission", {"user": cls.recorder})  # (the user stays: make_user reuses it)
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def row(cls, member: str) -> dict:
		return {"member": member, "assessment_period": cls.period, "scoring_item": "SE-04", "points": 1}

	def entries(self) -> int:
		frappe.db.rollback()
		return frappe.db.count("Points Ledger Entry", {"member": ("in", self.members)})

	def assert_scores_equal_the_ledger(self) -> None:
		frappe.db.rollback()
		self.assertEqual(scores.recompute({(m, self.period) for m in self.members}), 0, "a score was stale")
		frappe.db.rollback()

	def test_a_deadlock_reruns_the_unit_that_owns_its_transaction_and_it_counts_once(self) -> None:
		# Two units lock the two members in opposite orders (as no writer of points does): InnoDB kills one.
		first, second = self.members
		both_hold_one, attempts = threading.Barrier(2, timeout=30), {"a": 0, "b": 0}

		def unit(key: str, mine: str, theirs: str):
			@retry.atomic
			def work():
				attempts[key] += 1
				lock_member(mine)
				if attempts[key] == 1:
					both_hold_one.wait()
				lock_member(theirs)
				return ledger.post([self.row(mine)], check_scope=False)

			return work

		before = self.entries()
		a = run_in_thread("Administrator", unit("a", first, second))
		b = run_in_thread("Administrator", unit("b", second, first))
		for thread, _outcome in (a, b):
			thread.join(60)
		for _thread, outcome in (a, b):
			self.assertIsInstance(outcome["result"], list, outcome["result"])
		self.assertEqual(sorted(attempts.values()), [1, 2], "one of them was rerun once")
		self.assertEqual(self.entries(), before + 2)
		self.assert_scores_equal_the_ledger()

	def test_a_lock_wait_timeout_inside_a_larger_transaction_refuses_it_whole(self) -> None:
		retry.lock_ledger()  # held by this connection, as a long close would hold it
		comment = frappe.generate_hash(length=10)
		calls = []
		real = retry.lock_ledger

		def counting():
			calls.append(1)
			real()

		def work():
			short_lock_waits()
			frappe.get_doc(
				{
					"doctype": "Comment",
					"comment_type": "Comment",
					"content": comment,
					"reference_doctype": "DocType",
					"reference_name": "Party Member",
				}
			).insert(ignore_permissions=True)  # the earlier part of the transaction, before the unit
			with patch.object(ledger, "lock_ledger", counting):
				return ledger.post([self.row(self.members[0])], check_scope=False)

		before = self.entries_in_this_transaction()
		thread, outcome = run_in_thread("Administrator", work)
		thread.join(60)
		frappe.db.rollback()
		self.assertIsInstance(outcome["result"], DatabaseBusyError, outcome["result"])
		self.assertEqual(len(calls), 1, "not rerun inside a transaction it does not own")
		self.assertEqual(self.entries(), before)
		self.assertFalse(frappe.db.exists("Comment", {"content": comment}), "the earlier part went with it")
		self.assert_scores_equal_the_ledger()

	def entries_in_this_transaction(self) -> int:
		return frappe.db.count("Points Ledger Entry", {"member": ("in", self.members)})

	def test_when_the_attempts_run_out_the_user_is_told_to_try_again_and_nothing_is_written(self) -> None:
		retry.lock_ledger()

		def work():
			short_lock_waits()
			return ledger.post([self.row(self.members[0])], check_scope=False)

		before = self.entries_in_this_transaction()
		thread, outcome = run_in_thread("Administrator", work)
		thread.join(60)
		frappe.db.rollback()
		self.assertIsInstance(outcome["result"], DatabaseBusyError, outcome["result"])
		self.assertEqual(outcome["result"].http_status_code, 508)
		self.assertEqual(self.entries(), before)
		self.assert_scores_equal_the_ledger()

	def test_a_deadlock_inside_a_larger_transaction_refuses_it_whole(self) -> None:
		# InnoDB rolls a deadlocked transaction back whole, so the earlier part is gone: the unit must not be
		# rerun on its own (that would post without the rest). Frappe's side is rolled back too.
		comment = frappe.generate_hash(length=10)
		calls = []
		real = ledger.insert_entries

		def deadlocking(entries):
			calls.append(1)
			real(entries)
			frappe.db.sql("rollback")  # what InnoDB does to the victim's transaction
			raise frappe.QueryDeadlockError("(1213, 'Deadlock found when trying to get lock')")

		def work():
			frappe.get_doc(
				{
					"doctype": "Comment",
					"comment_type": "Comment",
					"content": comment,
					"reference_doctype": "DocType",
					"reference_name": "Party Member",
				}
			).insert(ignore_permissions=True)
			with patch.object(ledger, "insert_entries", deadlocking):
				return ledger.post([self.row(self.members[1])], check_scope=False)

		before = self.entries()
		thread, outcome = run_in_thread("Administrator", work)
		thread.join(60)
		self.assertIsInstance(outcome["result"], DatabaseBusyError, outcome["result"])
		self.assertEqual(len(calls), 1, "not rerun inside a transaction it does not own")
		self.assertEqual(self.entries(), before)
		self.assertFalse(frappe.db.exists("Comment", {"content": comment}))
		self.assert_scores_equal_the_ledger()

	def test_over_the_rest_api_a_busy_ledger_answers_508_with_the_message_and_writes_nothing(self) -> None:
		token = api_token(self.recorder)
		frappe.db.commit()
		retry.lock_ledger()
		real = retry.lock_ledger

		def impatient():
			short_lock_waits()
			real()

		before = self.entries_in_this_transaction()
		with patch.object(ledger, "lock_ledger", impatient):
			response = http(
				token,
				"post",
				"/api/resource/Points Ledger Entry",
				json={**self.row(self.members[0]), "remarks": "busy"},
			)
		frappe.db.rollback()
		self.assertEqual(response.status_code, 508, response.text)
		self.assertEqual(response.json["exc_type"], "DatabaseBusyError")
		self.assertIn("Please try again in a moment", response.text)
		self.assertEqual(self.entries(), before)
		self.assert_scores_equal_the_ledger()

	def test_a_unit_inside_a_unit_is_part_of_it(self) -> None:
		calls = []

		@retry.atomic
		def inner():
			calls.append("inner")
			raise frappe.QueryTimeoutError("(1205, 'Lock wait timeout exceeded')")

		@retry.atomic
		def outer():
			calls.append("outer")
			return inner()

		with patch.object(retry.time, "sleep"), self.assertRaises(DatabaseBusyError):
			outer()
		self.assertEqual(calls, ["outer", "inner"] * retry.ATTEMPTS)
