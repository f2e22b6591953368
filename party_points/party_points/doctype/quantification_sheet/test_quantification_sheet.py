"""Cancel and amend a quantification sheet: the old sheet and its entries stay, reversed, never deleted."""

import frappe

from party_points import ledger, scores
from party_points.testing import PartyPointsTestCase, build_organisation


class TestQuantificationSheet(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def daily(self) -> float:
		return frappe.db.get_value(
			"Member Score", scores.score_name(self.o.member_a, self.o.period), "daily_conduct"
		)

	def test_cancel_and_amend_keep_the_old_sheet_and_its_entries(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			sheet = frappe.get_doc(
				{
					"doctype": "Quantification Sheet",
					"party_branch": o.branch_a,
					"assessment_period": o.period,
					"entries": [{"member": o.member_a, "scoring_item": "SE-04", "occurrences": 2}],
				}
			).insert()
			sheet.submit()
			after_first = self.daily()
			original = frappe.get_all(
				"Points Ledger Entry", filters={"source_name": sheet.name}, pluck="name"
			)
			self.assertEqual(len(original), 2)

			sheet.cancel()
			self.assertEqual(self.daily(), after_first - 2)
			amended = frappe.copy_doc(sheet)
			amended.update({"amended_from": sheet.name, "docstatus": 0})  # as the form's Amend does
			amended.entries[0].occurrences = 3
			amended.insert()
			amended.submit()

		self.assertEqual(frappe.db.get_value("Quantification Sheet", sheet.name, "docstatus"), 2)
		self.assertEqual(amended.name, f"{sheet.name}-1")
		old = frappe.get_all(
			"Points Ledger Entry",
			filters={"source_name": sheet.name},
			fields=["name", "points", "is_reversed", "reverses"],
		)
		self.assertEqual(len(old), 4)  # the two entries and their two reversals, all kept
		self.assertEqual(sorted(e.name for e in old if e.is_reversed), sorted(original))
		self.assertEqual(sum(e.points for e in old), 0)
		self.assertEqual(frappe.db.count("Points Ledger Entry", {"source_name": amended.name}), 3)
		self.assertEqual(self.daily(), after_first - 2 + 3)
