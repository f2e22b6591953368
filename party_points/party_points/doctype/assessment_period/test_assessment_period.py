import datetime
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, today

from party_points.exceptions import ClosedPeriodError
from party_points.testing import YEAR, PartyPointsTestCase, make_period


class TestAssessmentPeriod(PartyPointsTestCase):
	def test_name_dates_and_scheme_come_from_year_and_quarter(self) -> None:
		name = make_period(YEAR, 3)
		doc = frappe.get_doc("Assessment Period", name)
		self.assertEqual(name, f"{YEAR}-Q3")
		self.assertEqual(getdate(doc.start_date), datetime.date(YEAR, 7, 1))
		self.assertEqual(getdate(doc.end_date), datetime.date(YEAR, 9, 30))
		self.assertTrue(doc.points_scheme)

	def test_public_notice_opens_for_the_configured_number_of_days(self) -> None:
		frappe.db.set_single_value("Party Points Settings", "notice_days", 7)
		doc = frappe.get_doc("Assessment Period", make_period(YEAR, 2))
		doc.stage = "Public Notice"
		doc.save(ignore_permissions=True)
		self.assertEqual(getdate(doc.notice_start), getdate(today()))
		self.assertEqual(getdate(doc.notice_end), getdate(add_days(today(), 7)))

	def test_a_verified_period_stays_verified(self) -> None:
		doc = frappe.get_doc("Assessment Period", make_period(YEAR, 4, stage="Verified"))
		doc.stage = "Filed"
		with self.assertRaises(ClosedPeriodError):
			doc.save(ignore_permissions=True)

	def test_a_period_with_ledger_entries_keeps_its_scheme(self) -> None:
		from party_points import ledger, scores
		from party_points.testing import build_organisation

		o = build_organisation()
		doc = frappe.get_doc("Assessment Period", o.period)
		other = frappe.copy_doc(frappe.get_doc("Points Scheme", doc.points_scheme))
		other.update({"title": "Another", "is_active": 0})
		other.insert(ignore_permissions=True)
		doc.points_scheme = other.name
		doc.save(ignore_permissions=True)  # no entries yet: it may change
		ledger.post(
			[{"member": o.member_a, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
		)
		doc.reload()
		doc.points_scheme = frappe.db.get_value("Points Scheme", {"is_active": 1, "year": YEAR})
		with self.assertRaises(frappe.ValidationError):
			doc.save(ignore_permissions=True)

	def test_one_period_per_quarter(self) -> None:
		make_period(YEAR, 1)
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "Assessment Period", "year": YEAR, "quarter": "1"}).insert(
				ignore_permissions=True
			)

	def test_documents_dated_outside_every_period_are_refused(self) -> None:
		from party_points.exceptions import NoPeriodError
		from party_points.testing import make_member, make_org

		branch = make_org("Dating Branch", "Party Branch", make_org("Dating Committee", "Party Committee"))
		member = make_member("Dating Member", branch)
		before = {d: frappe.db.count(d) for d in ("Party Activity", "Reward Claim", "Points Ledger Entry")}
		activity = {
			"doctype": "Party Activity",
			"title": "A lecture long ago",
			"activity_type": "Party Lecture",
			"activity_date": "1990-05-04",
			"party_branch": branch,
			"attendance": [{"member": member, "status": "Present"}],
		}
		claim = {
			"doctype": "Reward Claim",
			"member": member,
			"claim_date": "1990-05-04",
			"reward_type": "commendation_company",
			"description": "Commended",
		}
		for doc in (activity, claim):
			with self.assertRaises(NoPeriodError) as caught:
				frappe.get_doc(doc).insert()
			self.assertIn("There is no Assessment Period for", str(caught.exception))
		self.assertEqual({d: frappe.db.count(d) for d in before}, before)

	def test_closing_the_quarter_rebuilds_every_score_in_the_background(self) -> None:
		"""Entering Applications Closed or Under Review queues the quarter close; the job gives every member
		of the period a score, also those with nothing posted."""
		from party_points import ledger, scores
		from party_points.testing import build_organisation, make_member

		o = build_organisation()
		ledger.post(
			[{"member": o.member_a, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
		)
		quiet = make_member("Quiet Closer", o.branch_a)
		doc = frappe.get_doc("Assessment Period", o.period)
		with patch("frappe.enqueue") as enqueue:
			for stage in ("Applications Closed", "Under Review", "Public Notice"):
				doc.stage = stage
				doc.save(ignore_permissions=True)
			doc.save(ignore_permissions=True)  # no stage change: nothing queued
		self.assertEqual(len(enqueue.call_args_list), 2)
		method, kwargs = enqueue.call_args.args[0], enqueue.call_args.kwargs
		self.assertEqual((kwargs["period"], kwargs["queue"]), (o.period, "long"))
		self.assertTrue(kwargs["enqueue_after_commit"] and kwargs["deduplicate"])
		self.assertFalse(frappe.db.exists("Member Score", scores.score_name(quiet, o.period)))
		frappe.get_attr(method)(period=kwargs["period"], own_transaction=False)  # what the worker runs
		self.assertTrue(frappe.db.exists("Member Score", scores.score_name(quiet, o.period)))

	def test_only_who_may_edit_the_period_rebuilds_its_scores(self) -> None:
		from party_points.testing import build_organisation

		o = build_organisation()
		with patch("frappe.enqueue") as enqueue:
			with self.as_user(o.secretary_a), self.assertRaises(frappe.PermissionError):
				frappe.get_doc("Assessment Period", o.period).rebuild_scores()
			self.assertFalse(enqueue.called)
			with self.as_user(o.committee_user):
				frappe.get_doc("Assessment Period", o.period).rebuild_scores()
		enqueue.assert_called_once()
		self.assertEqual(enqueue.call_args.kwargs["period"], o.period)
