"""The desk around the reports: workspace, number cards, charts, print formats, scheduled emails, Chinese."""

import json
import shutil
import unittest

import frappe

from party_points import dashboard, ledger, scores
from party_points.party_points.doctype.member_score.member_score import apply_to_branch
from party_points.testing import PartyPointsTestCase, adopt_scores, build_organisation, new_application


class TestDesk(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		o = cls.o = build_organisation()
		ledger.post(
			[
				{"member": o.member_a, "assessment_period": o.period, "scoring_item": "WA-01", "points": 20},
				{"member": o.member_b, "assessment_period": o.period, "scoring_item": "SE-04", "points": 2},
			]
		)

	def test_the_workspace_loads_with_its_cards_charts_and_shortcuts(self) -> None:
		from frappe.desk.desktop import get_desktop_page

		with self.as_user(self.o.secretary_a):
			page = get_desktop_page(
				json.dumps({"name": "Party Points", "title": "Party Points", "public": 1})
			)
		self.assertEqual(
			{c.number_card_name for c in page["number_cards"]["items"]},
			{
				"Active Party Members",
				"Average Score This Quarter",
				"Pending Approvals",
				"Members Needing Follow-up",
			},
		)
		self.assertEqual(
			{c.chart_name for c in page["charts"]["items"]},
			{"Score Trend by Quarter", "Grade Distribution", "Branch Leaderboard"},
		)
		self.assertIn("Quarterly Application", {s.link_to for s in page["shortcuts"]["items"]})
		self.assertIn(
			"Branch Points Ledger",
			{link.link_to for card in page["cards"]["items"] for link in card["links"]},
		)

	def test_number_cards_and_the_trend_respect_the_branch(self) -> None:
		o = self.o
		with self.freeze_time(frappe.db.get_value("Assessment Period", o.period, "start_date")):
			self.assertEqual(dashboard.average_score_this_quarter()["value"], (34 + 16) / 2)
			with self.as_user(o.recorder_b):
				self.assertEqual(dashboard.average_score_this_quarter()["value"], 16)
			# A member sees the average of the scores they may read: their own (34), not 0.
			with self.as_user(o.member_a_user):
				self.assertEqual(dashboard.average_score_this_quarter()["value"], 34)
		with self.as_user(o.recorder_a):
			trend = dashboard.score_trend()
		self.assertEqual(trend["labels"], [o.period])
		self.assertEqual(trend["datasets"][0]["values"], [34])

	def test_print_formats_render(self) -> None:
		o = self.o
		score = scores.score_name(o.member_a, o.period)
		html = frappe.get_print("Member Score", score, print_format="Member Score Sheet")
		self.assertIn("Li Ming", html)
		self.assertIn("Work Achievement", html)
		self.assertIn("Daily Conduct total: 34", html)
		with self.as_user(o.member_a_user):
			application = new_application(
				o.member_a, o.period, o.head, 15, tasks=[{"task": "Cathodic protection survey"}]
			).insert()
		html = frappe.get_print(
			"Quarterly Application", application.name, print_format="Quarterly Application Form"
		)
		self.assertIn("Cathodic protection survey", html)
		self.assertIn("Self-assessed Work Achievement", html)

	@unittest.skipUnless(shutil.which("wkhtmltopdf"), "wkhtmltopdf is not installed: PDF output not checked")
	def test_the_score_sheet_prints_to_pdf(self) -> None:
		from frappe.utils.pdf import get_pdf

		doc = frappe.get_doc("Member Score", scores.score_name(self.o.member_a, self.o.period))
		print_format = frappe.get_doc("Print Format", "Member Score Sheet")
		# The format's own page (no web server runs in tests to serve the desk's stylesheets).
		html = f"<style>{print_format.css}</style>" + frappe.render_template(print_format.html, {"doc": doc})
		pdf = get_pdf(html)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertGreater(len(pdf), 1000)

	def test_a_chinese_user_sees_chinese_reports_and_trails(self) -> None:
		from party_points.party_points.report.branch_points_ledger import branch_points_ledger

		frappe.db.set_value("User", self.o.committee_user, "language", "zh")
		with self.as_user(self.o.committee_user):
			frappe.local.lang = "zh"
			frappe.local.lang_full_dict = None
			try:
				columns, *_ = branch_points_ledger.execute({"assessment_period": self.o.period})
				explanation = frappe.get_doc(
					"Member Score", scores.score_name(self.o.member_a, self.o.period)
				).explanation
			finally:
				frappe.local.lang = "en"
				frappe.local.lang_full_dict = None
		labels = [c["label"] for c in columns]
		self.assertIn("学习教育", labels)
		self.assertIn("日常行为积分", labels)
		self.assertIn("争创佳绩", explanation)


class TestScheduledEmails(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def test_the_digests_are_scheduled_and_the_old_auto_email_reports_retired(self) -> None:
		from party_points.patches.v1_1 import retire_auto_email_reports

		hooks = frappe.get_hooks("scheduler_events")
		self.assertIn("party_points.notifications.send_weekly_digests", hooks["weekly"])
		self.assertIn("party_points.notifications.send_monthly_digests", hooks["monthly"])
		old = frappe.get_doc(
			{
				"doctype": "Auto Email Report",
				"report": "Pending Approvals",
				"user": "Administrator",
				"enabled": 1,
				"frequency": "Weekly",
				"day_of_week": "Monday",
				"format": "HTML",
				"email_to": self.o.recorder_a,
			}
		)
		old.name = "Pending Approvals for Approvers"
		old.flags.name_set = True
		old.insert(ignore_permissions=True)
		retire_auto_email_reports.execute()
		self.assertEqual(frappe.db.get_value("Auto Email Report", old.name, "enabled"), 0)

	def test_the_secretary_gets_the_notice_when_it_opens(self) -> None:
		o = self.o
		ledger.post(
			[{"member": o.member_a, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
		)
		with self.as_user(o.recorder_a):
			apply_to_branch(o.branch_a, o.period, "Submit for Review")
		adopt_scores(o.branch_a, o.period, o.recorder_a, o.secretary_a)
		with self.as_user(o.secretary_a):
			apply_to_branch(o.branch_a, o.period, "Adopt at Members' Meeting")
		before = frappe.db.count("Email Queue Recipient", {"recipient": o.secretary_a})
		with self.as_user(o.secretary_a):
			apply_to_branch(o.branch_a, o.period, "Publish Notice")
		self.assertEqual(frappe.db.count("Email Queue Recipient", {"recipient": o.secretary_a}), before + 1)
