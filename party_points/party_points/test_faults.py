"""Faults in the middle of writing points: the process running the close killed, a sheet's database
connection dropped, the same posting sent twice. In each case nothing is half-written, the ledger and the
scores equal a rebuild, and the next close repairs what it must.

The faults happen on other connections (a killed process, a killed connection), which only see
committed rows, so the class commits a small organisation of its own and removes it afterwards.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import frappe
from frappe.exceptions import DocstatusTransitionError, TimestampMismatchError

from party_points import ledger, retry, scores
from party_points.exceptions import DuplicatePostingError
from party_points.testing import (
	PartyPointsTestCase,
	api_token,
	make_member,
	make_org,
	make_period,
	make_user,
	remove_committed,
	rest_request,
	run_in_thread,
)

WAIT = 60


def waiting_statement(like: str, timeout: float = WAIT) -> int:
	"""The connection id of another connection (the site's own database user) running a statement ``like`` this.

	The statements waited for here wait on a row lock this connection holds, so they stay in the list until
	it lets go. (The process list of one's own user needs no PROCESS privilege.)
	"""
	deadline = time.time() + timeout
	while time.time() < deadline:
		found = frappe.db.sql(
			"""select id from information_schema.processlist
			where user = substring_index(current_user(), '@', 1) and id != connection_id() and info like %s""",
			like,
		)
		if found:
			return int(found[0][0])
		time.sleep(0.1)
	raise AssertionError(f"no connection came to run {like}")


def gone(connection: int, timeout: float = WAIT) -> None:
	"""Wait until a killed connection has ended (the server has rolled its transaction back)."""
	deadline = time.time() + timeout
	while time.time() < deadline:
		if not frappe.db.sql("select 1 from information_schema.processlist where id = %s", connection):
			return
		time.sleep(0.1)
	raise AssertionError(f"connection {connection} is still there")


class TestFaults(PartyPointsTestCase):
	use_savepoint = False

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.recorder = make_user("faults_recorder", ("Party Recorder",))
		cls.committee = make_org("Faults Committee", "Party Committee")
		cls.branch = make_org("Faults Branch", "Party Branch", cls.committee, recorder=cls.recorder)
		cls.members = sorted(make_member(f"Faults Member {n}", cls.branch) for n in range(1, 5))
		cls.period = make_period()
		ledger.post(
			[
				{"member": m, "assessment_period": cls.period, "scoring_item": "SE-04", "points": 1}
				for m in cls.members
			],
			check_scope=False,
		)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.db.rollback()
		sheets = frappe.get_all("Quantification Sheet", filters={"party_branch": cls.branch}, pluck="name")
		frappe.db.delete(
			"Version", {"ref_doctype": "Quantification Sheet", "docname": ("in", sheets or [""])}
		)
		frappe.db.delete("Quantification Sheet Entry", {"parent": ("in", sheets or [""])})
		frappe.db.delete("Quantification Sheet", {"name": ("in", sheets or [""])})
		members = frappe.get_all("Party Member", filters={"party_branch": cls.branch}, pluck="name")
		remove_committed(members, [cls.branch, cls.committee], [])
		frappe.db.delete("User Permission", {"user": cls.recorder})  # (the user stays: make_user reuses it)
		frappe.db.commit()
		super().tearDownClass()

	def pairs(self) -> set[tuple[str, str]]:
		return {(m, self.period) for m in self.members}

	def scores_now(self) -> dict[str, tuple]:
		frappe.db.rollback()
		return {
			s.name: (s.daily_conduct, s.entry_count, s.digest)
			for s in frappe.get_all(
				"Member Score",
				filters={"member": ("in", self.members), "assessment_period": self.period},
				fields=["name", "daily_conduct", "entry_count", "digest"],
			)
		}

	def ledger_rows(self, **filters) -> int:
		frappe.db.rollback()
		return frappe.db.count("Points Ledger Entry", {"member": ("in", self.members), **filters})

	def assert_scores_equal_a_rebuild(self) -> None:
		frappe.db.rollback()
		self.assertEqual(scores.recompute(self.pairs()), 0, "a score differs from the ledger")
		frappe.db.rollback()

	def twice_at_once(self, work) -> Exception:
		"""Run ``work`` in two threads started together, as Administrator; one must fail: its exception."""
		start = threading.Barrier(2, timeout=30)
		threads = [run_in_thread("Administrator", work, start) for _ in range(2)]
		for thread, _outcome in threads:
			thread.join(WAIT)
		results = [outcome["result"] for _thread, outcome in threads]
		refused = [r for r in results if isinstance(r, Exception)]
		self.assertEqual(len(refused), 1, results)
		return refused[0]

	def draft_sheet(self, occurrences: int = 1) -> str:
		sheet = frappe.get_doc(
			{
				"doctype": "Quantification Sheet",
				"party_branch": self.branch,
				"assessment_period": self.period,
				"entries": [
					{"member": m, "scoring_item": "SE-04", "occurrences": occurrences} for m in self.members
				],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		return sheet.name

	# The close, its process killed --------------------------------------------------------------------

	def test_the_close_killed_half_way_writes_nothing_and_the_next_close_repairs(self) -> None:
		scores.rebuild_period(self.period)  # the period's other scores current, so only these four are stale
		frappe.db.commit()
		# Scores that drifted from the ledger (as a scheme edit or a lost write would leave them): the close's job.
		stale = [scores.score_name(m, self.period) for m in self.members]
		frappe.db.sql(
			"update `tabMember Score` set daily_conduct = 0, digest = 'stale' where name in %(names)s",
			{"names": stale},
		)
		frappe.db.commit()
		before, entries = self.scores_now(), self.ledger_rows()
		# Hold one of the scores' dimension rows: the close writes the scores, then waits here to replace them.
		dimension = frappe.db.get_value("Member Score Dimension", {"parent": stale[-1]}, "name")
		frappe.db.sql("select name from `tabMember Score Dimension` where name = %s for update", dimension)
		job = subprocess.Popen(
			[
				sys.executable,
				"-c",
				"import sys, frappe.utils.background_jobs as jobs; "
				"jobs.execute_job(sys.argv[1], 'party_points.scores.rebuild_period', None, 'close', "
				"{'period': sys.argv[2]}, user='Administrator', is_async=True)",
				frappe.local.site,
				self.period,
			],
			cwd=os.path.abspath(frappe.local.sites_path),
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		try:
			# (it replaces the dimensions after it has written the scores: see scores.write_scores)
			connection = waiting_statement("delete from `tabMember Score Dimension`%")
			os.kill(job.pid, signal.SIGKILL)  # the worker's job process, as the OOM killer or a deploy would
			job.wait(WAIT)
		finally:
			if job.poll() is None:
				job.kill()
		frappe.db.rollback()  # let go of the dimension row
		gone(connection)
		self.assertEqual(self.scores_now(), before, "nothing of the killed close was kept")
		self.assertEqual(self.ledger_rows(), entries)
		self.assertEqual(scores.rebuild_period(self.period), len(stale), "the next close repairs them")
		frappe.db.commit()
		self.assert_scores_equal_a_rebuild()
		self.assertEqual(scores.rebuild_period(self.period), 0, "and a close after it has nothing to do")
		frappe.db.commit()

	# A sheet's connection dropped ---------------------------------------------------------------------

	def test_a_sheet_whose_connection_dropped_during_submission_stays_a_draft_with_nothing_posted(
		self,
	) -> None:
		name = self.draft_sheet()
		entries, site, sites_path, outcome = (
			self.ledger_rows(),
			frappe.local.site,
			frappe.local.sites_path,
			{},
		)

		def submit() -> None:
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			frappe.flags.in_test = frappe.flags.mute_emails = True
			try:
				frappe.get_doc("Quantification Sheet", name).submit()
				frappe.db.commit()
				outcome["result"] = "submitted"
			except Exception as error:
				outcome["result"] = error
			finally:
				frappe.destroy()

		retry.lock_ledger()  # the submission writes the sheet, then waits here to post
		thread = threading.Thread(target=submit)
		thread.start()
		# (the sheet and its rows are written by then: Frappe saves the submission before on_submit posts)
		connection = waiting_statement("select%`tabDocType`%for update%")
		frappe.db.sql(f"kill connection {connection}")  # the network, the database restarting
		frappe.db.rollback()
		thread.join(WAIT)
		gone(connection)
		self.assertIsInstance(outcome.get("result"), Exception, outcome)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Quantification Sheet", name, "docstatus"), 0)
		self.assertEqual(self.ledger_rows(source_name=name), 0)
		self.assertEqual(self.ledger_rows(), entries)
		self.assert_scores_equal_a_rebuild()
		# The recorder submits it again: it posts once.
		frappe.get_doc("Quantification Sheet", name).submit()
		frappe.db.commit()
		self.assertEqual(self.ledger_rows(source_name=name), len(self.members))
		self.assert_scores_equal_a_rebuild()

	# The same posting twice -----------------------------------------------------------------------------

	def test_a_sheet_submitted_twice_at_once_posts_once(self) -> None:
		name = self.draft_sheet()
		refused = self.twice_at_once(lambda: frappe.get_doc("Quantification Sheet", name).submit())
		self.assertIsInstance(refused, TimestampMismatchError | DocstatusTransitionError)
		self.assertEqual(self.ledger_rows(source_name=name), len(self.members))
		self.assert_scores_equal_a_rebuild()

	def test_a_submitted_sheet_sent_again_is_refused(self) -> None:
		name = self.draft_sheet(occurrences=2)
		stale = frappe.get_doc("Quantification Sheet", name)  # the page the second click comes from
		frappe.get_doc("Quantification Sheet", name).submit()
		frappe.db.commit()
		with self.assertRaises((TimestampMismatchError, DocstatusTransitionError)):
			stale.submit()
		frappe.db.rollback()
		self.assertEqual(self.ledger_rows(source_name=name), 2 * len(self.members))
		self.assert_scores_equal_a_rebuild()

	def test_the_ledger_refuses_a_documents_second_posting_of_an_item_to_a_member(self) -> None:
		name = self.draft_sheet()
		frappe.get_doc("Quantification Sheet", name).submit()
		frappe.db.commit()
		row = {
			"member": self.members[0],
			"assessment_period": self.period,
			"scoring_item": "SE-04",
			"points": 1,
		}
		with self.assertRaises(DuplicatePostingError):
			ledger.post([row], source_doctype="Quantification Sheet", source_name=name, check_scope=False)
		frappe.db.rollback()
		self.assertEqual(self.ledger_rows(source_name=name), len(self.members))
		self.assert_scores_equal_a_rebuild()

	# The same single entry twice: its request key ------------------------------------------------------

	def entry(self, member: str | None = None, **fields) -> dict:
		return {
			"member": member or self.members[0],
			"assessment_period": self.period,
			"scoring_item": "SE-04",
			"points": 1,
			**fields,
		}

	def test_a_rest_entry_sent_again_with_its_request_key_posts_once(self) -> None:
		token = api_token(self.recorder)
		frappe.db.commit()
		key = f"retry-{frappe.generate_hash(length=10)}"
		before = self.ledger_rows()
		first = rest_request("post", token, "/api/resource/Points Ledger Entry", self.entry(request_id=key))
		self.assertEqual(first.status_code, 200, first.text)
		self.assertEqual(first.json["data"]["request_id"], key)
		again = rest_request("post", token, "/api/resource/Points Ledger Entry", self.entry(request_id=key))
		self.assertEqual(again.status_code, 417, again.text)
		self.assertEqual(again.json["exc_type"], "DuplicatePostingError")
		self.assertIn(first.json["data"]["name"], again.text)
		self.assertIn("it is not posted again", again.text)
		self.assertEqual(self.ledger_rows(), before + 1)
		self.assertEqual(self.ledger_rows(request_id=key), 1)
		# Another key, or none, is another occurrence of the item, and counts.
		other = rest_request(
			"post", token, "/api/resource/Points Ledger Entry", self.entry(request_id=f"{key}-2")
		)
		plain = rest_request("post", token, "/api/resource/Points Ledger Entry", self.entry())
		self.assertEqual((other.status_code, plain.status_code), (200, 200), (other.text, plain.text))
		self.assertEqual(self.ledger_rows(), before + 3)
		self.assert_scores_equal_a_rebuild()

	def test_a_request_key_sent_twice_at_once_posts_once(self) -> None:
		key = f"race-{frappe.generate_hash(length=10)}"
		before = self.ledger_rows()
		refused = self.twice_at_once(lambda: ledger.post([self.entry(request_id=key)], check_scope=False))
		self.assertIsInstance(refused, DuplicatePostingError)
		self.assertEqual(self.ledger_rows(), before + 1)
		self.assert_scores_equal_a_rebuild()

	def test_a_request_key_stays_spent_after_its_entry_is_reversed(self) -> None:
		key = f"spent-{frappe.generate_hash(length=10)}"
		(name,) = ledger.post([self.entry(request_id=key)], check_scope=False)
		reversal = ledger.reverse(name, "typed for the wrong member")
		self.assertIsNone(frappe.db.get_value("Points Ledger Entry", reversal, "request_id"))
		frappe.db.commit()
		before = self.ledger_rows()
		with self.assertRaises(DuplicatePostingError):
			ledger.post([self.entry(request_id=key)], check_scope=False)
		self.assertEqual(self.ledger_rows(), before)
		self.assert_scores_equal_a_rebuild()

	def test_one_posting_with_a_request_key_twice_writes_nothing(self) -> None:
		key = f"twice-{frappe.generate_hash(length=10)}"
		before = self.ledger_rows()
		with self.assertRaises(DuplicatePostingError):
			ledger.post(
				[self.entry(request_id=key), self.entry(self.members[1], request_id=key)], check_scope=False
			)
		self.assertEqual(self.ledger_rows(), before)
		self.assert_scores_equal_a_rebuild()
