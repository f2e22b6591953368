import datetime

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
		from party_points import ledger
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
