"""The demo organisation: built through the app's documents and workflows, refused twice, removed without a trace."""

import frappe

from party_points import demo
from party_points.constants import FILED, LEDGER, MEETING, MEMBER, PUBLIC_NOTICE, SCORE
from party_points.testing import PartyPointsTestCase

FRAMEWORK_TABLES = (
	"User",
	"Has Role",
	"User Social Login",
	"User Permission",
	"Notification Settings",
	"Contact",
	"Contact Email",
	"File",
	"Version",
	"Comment",
	"Workflow Action",
	"Workflow Action Permitted Role",
	"Deleted Document",
	"DocShare",
	"ToDo",
	"Email Queue",
	"DefaultValue",
)


def table_counts() -> dict[str, int]:
	"""The rows of every table of the app (child tables included), and of what Frappe keeps about documents
	and users, and the naming series' counters."""
	doctypes = frappe.get_all("DocType", filters={"module": "Party Points", "issingle": 0}, pluck="name")
	counts = {doctype: frappe.db.count(doctype) for doctype in (*sorted(doctypes), *FRAMEWORK_TABLES)}
	counts["__Auth"] = len(frappe.db.sql("select name from `__Auth`"))
	counts.update({f"series {name}": current for name, current in demo.series_counters().items()})
	return counts


class TestDemo(PartyPointsTestCase):
	def test_the_demo_is_made_once_and_dropped_without_a_trace(self) -> None:
		if demo.demo_exists():
			self.skipTest("this site has the demo organisation; the test needs a site without it")
		before = table_counts()
		try:
			summary = demo.make_demo(size=demo.MIN_SIZE)
			self.check_the_organisation(summary)
			with self.assertRaises(demo.DemoExistsError):
				demo.make_demo(size=demo.MIN_SIZE)
			names = sorted(frappe.get_all(MEMBER, filters={"name": ("in", self.members)}, pluck="full_name"))

			demo.drop_demo()
			self.assertFalse(demo.demo_exists())
			self.assertEqual(table_counts(), before)

			# The same seed plans the same organisation again (building it twice would double the test's time).
			builder = demo.DemoBuilder(demo.MIN_SIZE, demo.DEFAULT_PASSWORD)
			builder.plan_people()
			self.assertEqual(sorted(p.name for p in builder.people), names)
		finally:
			if demo.demo_exists():
				demo.drop_demo()  # leave no files behind (the rows roll back anyway)

	def check_the_organisation(self, summary: dict) -> None:
		records = summary["counts"]
		self.assertEqual(records[MEMBER], demo.MIN_SIZE)
		self.assertEqual(records["Party Organization"], 1 + 3 + 6)
		self.members = frappe.get_all(
			MEMBER,
			filters={"party_branch": ("in", [b[1] for b in demo.BRANCHES])},
			pluck="name",
		)
		self.assertEqual(len(self.members), demo.MIN_SIZE)
		# Every point came from a source document, posted by an officer, not by Administrator.
		entries = frappe.get_all(
			LEDGER, filters={"member": ("in", self.members)}, fields=["source_doctype", "posted_by"]
		)
		self.assertTrue(entries)
		self.assertTrue(all(e.source_doctype for e in entries))
		self.assertNotIn("Administrator", {e.posted_by for e in entries})
		self.assertTrue(all(login["user"].endswith(demo.DOMAIN) for login in summary["logins"]))
		stages = summary["periods"]
		if FILED in stages.values():
			filed = next(p for p, stage in stages.items() if stage == FILED)
			scores = frappe.get_all(SCORE, filters={"assessment_period": filed}, pluck="stage")
			self.assertEqual(set(scores), {FILED})
			self.assertEqual(
				frappe.db.count("Score Objection", {"assessment_period": filed, "status": "Answered"}), 1
			)
			if frappe.db.exists("DocType", MEETING):  # each branch's members' meeting adopted its scores
				adopted = {
					"assessment_period": filed,
					"docstatus": 1,
					"scores_adopted": 1,
					"quorum_reached": 1,
				}
				self.assertEqual(frappe.db.count(MEETING, adopted), len(demo.BRANCHES))
		if PUBLIC_NOTICE in stages.values():
			notice = next(p for p, stage in stages.items() if stage == PUBLIC_NOTICE)
			self.assertEqual(
				frappe.db.count("Score Objection", {"assessment_period": notice, "status": "Open"}), 1
			)
		evidence = frappe.get_all(
			"File", filters={"attached_to_doctype": "Reward Claim"}, fields=["is_private", "attached_to_name"]
		)
		self.assertTrue(evidence)
		self.assertTrue(all(f.is_private for f in evidence))
