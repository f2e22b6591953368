"""Every report on a known data set: columns, figures, totals, branch isolation, and query counts."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today

from party_points import ledger
from party_points.party_points.report.activity_participation import activity_participation
from party_points.party_points.report.annual_rating_summary import annual_rating_summary
from party_points.party_points.report.branch_points_ledger import branch_points_ledger
from party_points.party_points.report.follow_up_tracker import follow_up_tracker
from party_points.party_points.report.member_points_statement import member_points_statement
from party_points.party_points.report.pending_approvals import pending_approvals
from party_points.party_points.report.quarterly_public_notice import quarterly_public_notice
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, make_member, new_application


def by(rows: list[dict], key: str) -> dict:
	return {r[key]: r for r in rows}


YEAR_LEDGER_QUERIES = 10
"""What the Branch Points Ledger of a year costs at most, whatever the number of members (8, and 2 more
when the scheme's cached conversion must be looked up again)."""


class ReportTestCase(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		o = cls.o = build_organisation()
		start = frappe.db.get_value("Assessment Period", o.period, "start_date")
		post = [
			*[{"member": o.member_a, "scoring_item": "SE-01", "points": 2}] * 5,
			{"member": o.member_a, "scoring_item": "WA-01", "points": 18},
			{"member": o.member_a2, "scoring_item": "DL-02", "points": -2},
			*[{"member": o.member_b, "scoring_item": "SE-04", "points": 1}] * 2,
		]
		ledger.post([{**row, "assessment_period": o.period} for row in post])
		for branch, kind, attendance in (
			(o.branch_a, "Party Lecture", [(o.member_a, "Present"), (o.member_a2, "Absent")]),
			(o.branch_b, "Branch Members' Meeting", [(o.member_b, "Late")]),
		):
			frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": kind,
					"activity_type": kind,
					"activity_date": start,
					"party_branch": branch,
					"attendance": [{"member": m, "status": s} for m, s in attendance],
				}
			).insert(ignore_permissions=True).submit()


class TestBranchPointsLedger(ReportTestCase):
	def test_period_view_members_by_dimension(self) -> None:
		o = self.o
		columns, data, _, chart = branch_points_ledger.execute({"assessment_period": o.period})
		self.assertEqual(
			[c["fieldname"] for c in columns][:9],
			[
				"member",
				"member_name",
				"party_branch",
				"study",
				"work",
				"service",
				"discipline",
				"integrity",
				"daily_conduct",
			],
		)
		rows = by(data, "member")
		self.assertEqual(rows[o.member_a]["daily_conduct"], 44)
		self.assertEqual((rows[o.member_a]["study"], rows[o.member_a]["work"]), (12, 18))
		self.assertEqual(rows[o.member_a2]["daily_conduct"], 12)
		self.assertEqual(rows[o.member_b]["daily_conduct"], 15)
		self.assertEqual(len(chart["data"]["labels"]), 5)

	def test_year_view_quarters_and_grade(self) -> None:
		o = self.o
		_, data, _, chart = branch_points_ledger.execute({"year": YEAR, "party_branch": o.branch_a})
		rows = by(data, "member")
		self.assertEqual(set(rows), {o.member_a, o.member_a2})
		self.assertEqual(rows[o.member_a]["q1"], 44)
		self.assertEqual(rows[o.member_a]["daily_conduct"], (44 + 14 * 3) / 4)
		self.assertEqual(rows[o.member_a]["grade"], "Unqualified")
		self.assertEqual(chart["data"]["datasets"][0]["values"][0], (44 + 12) / 2)

	def test_an_officer_sees_only_their_branch(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			_, data, *_ = branch_points_ledger.execute({"assessment_period": o.period})
			self.assertEqual({r["member"] for r in data}, {o.member_a, o.member_a2})
			_, data, *_ = branch_points_ledger.execute(
				{"assessment_period": o.period, "party_branch": o.branch_b}
			)
			self.assertEqual(data, [])
		with self.as_user(o.recorder_b):
			_, data, *_ = branch_points_ledger.execute({"year": YEAR})
			self.assertEqual({r["member"] for r in data}, {o.member_b})

	def test_queries_do_not_grow_with_members(self) -> None:
		o = self.o
		filters = {"year": YEAR, "party_branch": o.branch_a}
		branch_points_ledger.execute(filters)  # metadata caches warm, as in the desk
		with self.assertQueryCount(YEAR_LEDGER_QUERIES):
			branch_points_ledger.execute(filters)
		for n in range(5):
			member = make_member(f"Extra {n}", o.branch_a)
			ledger.post(
				[{"member": member, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
			)
		with self.assertQueryCount(YEAR_LEDGER_QUERIES):
			_columns, data, *_ = branch_points_ledger.execute(filters)
		self.assertEqual(len({r["member"] for r in data if r.get("member")}), 2 + 5)


class TestQuarterlyPublicNotice(ReportTestCase):
	def test_ranked_for_the_notice_board(self) -> None:
		o = self.o
		# Wang Fang: 12 + 18 (work) + 7 sessions (14, less the absence's 2) + a model post (2) = 44, a tie.
		rows = [("WA-01", 18), *[("SE-01", 2)] * 7, ("SP-02", 2)]
		ledger.post(
			[
				{"member": o.member_a2, "assessment_period": o.period, "scoring_item": i, "points": p}
				for i, p in rows
			]
		)
		columns, data, _, _, summary = quarterly_public_notice.execute(
			{"party_branch": o.branch_a, "assessment_period": o.period}
		)
		self.assertEqual(columns[0]["fieldname"], "rank")
		self.assertEqual(
			[(r["rank"], r["member_name"], r["daily_conduct"]) for r in data],
			[(1, "Li Ming", 44), (1, "Wang Fang", 44)],
		)
		self.assertEqual(summary[0]["value"], 2)

	def test_members_see_their_branch_only_while_it_is_on_notice(self) -> None:
		o = self.o
		filters = {"party_branch": o.branch_a, "assessment_period": o.period}
		with self.as_user(o.member_a2_user):
			self.assertEqual(quarterly_public_notice.execute(filters)[1], [])
		frappe.db.set_value("Member Score", {"party_branch": o.branch_a}, "stage", "Public Notice")
		with self.as_user(o.member_a2_user):
			self.assertEqual(len(quarterly_public_notice.execute(filters)[1]), 2)
		with self.as_user(o.member_b_user):
			self.assertEqual(quarterly_public_notice.execute(filters)[1], [])


class TestAnnualRatingSummary(ReportTestCase):
	def test_grades_per_branch_with_chart_and_change(self) -> None:
		from party_points.party_points.doctype.annual_rating.annual_rating import create_branch_ratings

		o = self.o
		create_branch_ratings(o.branch_a, YEAR)
		create_branch_ratings(o.branch_b, YEAR)
		columns, data, _, chart, summary = annual_rating_summary.execute({"year": YEAR})
		self.assertIn("grade", [c["fieldname"] for c in columns])
		self.assertEqual(len(data), 3)
		self.assertEqual(chart["data"]["labels"][3], "Unqualified")
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), 3)
		self.assertEqual(summary[3]["value"], 3)
		with self.as_user(o.secretary_a):
			self.assertEqual(
				{r["member"] for r in annual_rating_summary.execute({"year": YEAR})[1]},
				{o.member_a, o.member_a2},
			)


class TestMemberPointsStatement(ReportTestCase):
	def test_every_entry_with_its_source(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			columns, data, _, _, summary = member_points_statement.execute(
				{"member": o.member_a, "year": YEAR}
			)
		self.assertEqual(len(data), 7)
		self.assertEqual(sum(r["points"] for r in data), 10 + 18 + 2)
		self.assertIn("Party Activity", {r["source_doctype"] for r in data})
		self.assertEqual(summary[0]["value"], 44)
		self.assertIn("source_name", [c["fieldname"] for c in columns])

	def test_nobody_reads_another_members_statement(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user), self.assertRaises(frappe.PermissionError):
			member_points_statement.execute({"member": o.member_a2, "year": YEAR})
		with self.as_user(o.recorder_b), self.assertRaises(frappe.PermissionError):
			member_points_statement.execute({"member": o.member_a, "year": YEAR})


class TestFollowUpTracker(ReportTestCase):
	def test_overdue_follow_ups_are_counted(self) -> None:
		o = self.o
		for member, due in ((o.member_a, add_days(today(), -3)), (o.member_b, add_days(today(), 10))):
			frappe.get_doc(
				{
					"doctype": "Follow-up Action",
					"member": member,
					"action_type": "Admonition Talk",
					"due_date": due,
				}
			).insert(ignore_permissions=True)
		_, data, _, _, summary = follow_up_tracker.execute({"status": "Open"})
		rows = by(data, "member")
		self.assertEqual(rows[o.member_a]["days_overdue"], 3)
		self.assertEqual(rows[o.member_b]["days_overdue"], 0)
		self.assertEqual(summary[1]["value"], 1)
		with self.as_user(o.secretary_a):
			self.assertEqual({r["member"] for r in follow_up_tracker.execute({})[1]}, {o.member_a})


class TestActivityParticipation(ReportTestCase):
	def test_attendance_rates_per_branch_and_type(self) -> None:
		o = self.o
		_, data, _, chart = activity_participation.execute({"year": YEAR})
		rows = {(r["party_branch"], r["activity_type"]): r for r in data}
		lecture = rows[(o.branch_a, "Party Lecture")]
		self.assertEqual(
			(
				lecture["activities"],
				lecture["invited"],
				lecture["present"],
				lecture["absent"],
				lecture["rate"],
			),
			(1, 2, 1, 1, 50),
		)
		meeting = rows[(o.branch_b, "Branch Members' Meeting")]
		self.assertEqual((meeting["late"], meeting["rate"]), (1, 100))
		self.assertEqual(len(chart["data"]["labels"]), 2)
		with self.as_user(o.recorder_b):
			self.assertEqual(
				{r["party_branch"] for r in activity_participation.execute({"year": YEAR})[1]}, {o.branch_b}
			)


class TestPendingApprovals(ReportTestCase):
	def test_waiting_documents_with_who_and_how_long(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			doc = new_application(
				o.member_a, o.period, o.head, 12, tasks=[{"task": "Compressor overhaul"}]
			).insert()
			apply_workflow(doc, "Submit for Sign-off")
		columns, data = pending_approvals.execute({"show_all": 1})
		row = by(data, "document")[doc.name]
		self.assertEqual(
			(row["document_type"], row["waiting_on"], row["days_waiting"]),
			("Quarterly Application", o.head, 0),
		)
		self.assertEqual(by(columns, "fieldname")["document"]["fieldtype"], "Dynamic Link")
		# The desk runs it for the department head too (a Link to DocType would refuse them).
		from frappe.desk.query_report import run

		with self.as_user(o.head):
			result = run("Pending Approvals", filters={}, ignore_prepared_report=True)
		self.assertEqual([r["document"] for r in result["result"]], [doc.name])
		with self.as_user(o.recorder_b):
			self.assertNotIn(doc.name, by(pending_approvals.execute({})[1], "document"))
