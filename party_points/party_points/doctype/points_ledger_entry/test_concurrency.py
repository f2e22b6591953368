"""Two users at once, each on their own database connection: one wins or they take turns, and the
scores always equal the ledger afterwards.

The other connections only see committed rows, so this class commits a small organisation of
its own and removes it afterwards.
"""

import threading

import frappe
from frappe.exceptions import TimestampMismatchError
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from party_points import ledger, scores
from party_points.testing import (
	PartyPointsTestCase,
	make_member,
	make_org,
	make_period,
	make_user,
	new_application,
	remove_committed,
	run_in_thread,
	submit_via_workflow,
)


class TestConcurrency(PartyPointsTestCase):
	use_savepoint = False  # the data is committed; each test starts a fresh transaction

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.recorder = make_user("conc_recorder")
		cls.head = make_user("conc_head", ("Department Head",))
		cls.member_user = make_user("conc_member")
		cls.committee = make_org("Concurrency Committee", "Party Committee")
		cls.branch = make_org("Concurrency Branch", "Party Branch", cls.committee, recorder=cls.recorder)
		cls.member = make_member("Conc Member", cls.branch, cls.member_user)
		cls.period = make_period()
		ledger.post([cls.row()], check_scope=False)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		remove_committed([cls.member], [cls.branch, cls.committee], [cls.recorder, cls.head, cls.member_user])
		super().tearDownClass()

	@classmethod
	def row(cls, points: int = 1) -> dict:
		return {
			"member": cls.member,
			"assessment_period": cls.period,
			"scoring_item": "SE-04",
			"points": points,
		}

	def entries(self) -> int:
		frappe.db.rollback()  # a fresh snapshot: see what the other connections committed
		name = scores.score_name(self.member, self.period)
		return frappe.db.get_value("Member Score", name, "entry_count")

	def assert_scores_equal_the_ledger(self) -> None:
		frappe.db.rollback()
		self.assertEqual(scores.recompute({(self.member, self.period)}), 0, "a score was stale")
		effective = frappe.db.count(
			"Points Ledger Entry",
			{"member": self.member, "part": "daily_conduct", "is_reversed": 0, "reverses": ("is", "not set")},
		)
		self.assertEqual(self.entries(), effective)

	def test_a_post_counts_what_another_connection_committed_meanwhile(self) -> None:
		# B's transaction reads first (its snapshot), A posts and commits, then B posts: B's recompute
		# must see A's entry, not its stale snapshot.
		before = self.entries()
		b_has_read, a_committed = threading.Event(), threading.Event()

		def b_work():
			frappe.db.get_value("Member Score", scores.score_name(self.member, self.period), "entry_count")
			b_has_read.set()
			a_committed.wait(30)
			return ledger.post([self.row()])

		b, b_outcome = run_in_thread(self.recorder, b_work)
		b_has_read.wait(30)
		a, a_outcome = run_in_thread(self.recorder, lambda: ledger.post([self.row()]))
		a.join()
		a_committed.set()
		b.join()
		for outcome in (a_outcome, b_outcome):
			self.assertIsInstance(outcome["result"], list, outcome["result"])
		self.assertEqual(self.entries(), before + 2)
		self.assert_scores_equal_the_ledger()

	def test_two_recorders_posting_at_once_take_turns(self) -> None:
		before = self.entries()
		start = threading.Barrier(2)
		threads = [
			run_in_thread(self.recorder, lambda: ledger.post([self.row()] * 3), start) for _ in range(2)
		]
		for thread, _outcome in threads:
			thread.join()
		for _thread, outcome in threads:
			self.assertIsInstance(outcome["result"], list, outcome["result"])
		self.assertEqual(self.entries(), before + 6)
		self.assert_scores_equal_the_ledger()

	def test_approve_and_return_at_once_one_wins_and_the_other_gets_a_conflict(self) -> None:
		with self.as_user(self.member_user):
			app = new_application(self.member, self.period, self.head).insert()
		app = submit_via_workflow(app, (self.member_user, "Submit for Sign-off"))
		with self.as_user(self.head):
			app.update(
				{
					"tasks_completed": 1,
					"quality": "Good",
					"approved_score": 15,
					"return_reason": "Check March",
				}
			)
			app.save()
		app = submit_via_workflow(app, (self.head, "Sign Off"))
		frappe.db.commit()
		before = self.entries()
		start = threading.Barrier(2)
		threads = {
			action: run_in_thread(
				self.recorder,
				lambda action=action: (
					apply_workflow(frappe.get_doc("Quarterly Application", app.name), action).status
				),
				start,
			)
			for action in ("Approve", "Return")
		}
		for thread, _outcome in threads.values():
			thread.join()
		results = {action: outcome["result"] for action, (_t, outcome) in threads.items()}
		winners = [action for action, result in results.items() if isinstance(result, str)]
		self.assertEqual(len(winners), 1, results)
		(loser,) = set(results) - set(winners)
		self.assertIsInstance(results[loser], TimestampMismatchError | WorkflowTransitionError)
		frappe.db.rollback()
		status = frappe.db.get_value("Quarterly Application", app.name, "status")
		self.assertEqual(status, results[winners[0]])
		self.assertEqual(self.entries(), before + (1 if status == "Approved" else 0))
		self.assert_scores_equal_the_ledger()
