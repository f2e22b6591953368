"""What the desk needs from the server for the findings of the browser walk, as the user who meets them: the
Member Points Statement as the desk runs it, a new Assessment Period's scheme, the Party Organization tree."""

import frappe
from frappe.desk.query_report import run as run_report

from party_points import ledger
from party_points.party_points.doctype.assessment_period.assessment_period import period_defaults
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation


class TestMemberPointsStatementInTheDesk(PartyPointsTestCase):
	"""The desk runs a script report through ``query_report.run``, which filters the rows by every Link
	column's DocType as the user: a column linking to DocType (or to a DocType the reader may not read)
	refused the whole report, although ``execute()`` alone passed."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def setUp(self) -> None:
		super().setUp()
		o = self.o
		ledger.post(
			[{"member": o.member_a, "assessment_period": o.period, "scoring_item": "SE-04", "points": 3}],
			source_doctype="Quantification Sheet",
			source_name="QS-TEST-1",
		)
		ledger.post(
			[
				{
					"member": o.member_a,
					"assessment_period": o.period,
					"part": "evaluation",
					"scoring_item": "mid_year",
					"points": 11,
				}
			],
			source_doctype="Democratic Evaluation",
			source_name="EVAL-TEST-1",
		)

	def run_as(self, user: str) -> dict:
		with self.as_user(user):
			return run_report("Member Points Statement", {"member": self.o.member_a, "year": YEAR})

	def test_the_secretary_and_the_member_run_it(self) -> None:
		for user in (self.o.secretary_a, self.o.member_a_user):
			result = self.run_as(user)
			self.assertEqual(len(result["result"]), 2, user)
			self.assertEqual(
				{r["source_doctype"] for r in result["result"]},
				{"Quantification Sheet", "Democratic Evaluation"},
			)

	def test_a_member_opening_it_gets_their_own(self) -> None:
		with self.as_user(self.o.member_a_user):
			result = run_report("Member Points Statement", {"year": YEAR})
		self.assertEqual({r["source_name"] for r in result["result"]}, {"QS-TEST-1", "EVAL-TEST-1"})

	def test_codes_are_shown_with_their_labels(self) -> None:
		rows = {r["scoring_item"]: r for r in self.run_as(self.o.member_a_user)["result"]}
		self.assertEqual(rows["mid_year"]["item"], "Mid-year evaluation")
		self.assertEqual(rows["mid_year"]["part"], "Democratic Evaluation")
		self.assertEqual(rows["SE-04"]["dimension"], "Study & Education")
		self.assertEqual(rows["SE-04"]["source_type"], "Quantification Sheet")

	def test_no_column_links_to_a_doctype_a_member_cannot_read(self) -> None:
		columns = self.run_as(self.o.member_a_user)["columns"]
		with self.as_user(self.o.member_a_user):
			for col in columns:
				if col.get("fieldtype") == "Link":
					self.assertTrue(frappe.has_permission(col["options"], "read"), col["fieldname"])


class TestNewAssessmentPeriod(PartyPointsTestCase):
	"""The desk checks mandatory fields before it sends a new period; the scheme must be there by then."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.committee_user = build_organisation().committee_user

	def test_the_form_gets_the_scheme_and_dates_of_the_year(self) -> None:
		with self.as_user(self.committee_user):
			defaults = period_defaults(YEAR, 2)
		self.assertEqual(defaults["points_scheme"], frappe.db.get_value("Points Scheme", {"year": YEAR}))
		self.assertEqual((defaults["start_date"], defaults["end_date"]), (f"{YEAR}-04-01", f"{YEAR}-06-30"))
		with self.as_user(self.committee_user):
			self.assertEqual(period_defaults(1999, 2), {})

	def test_the_scheme_is_filled_in_before_the_mandatory_check(self) -> None:
		doc = frappe.new_doc("Assessment Period")
		doc.update({"year": YEAR, "quarter": "3"})
		doc.run_method("before_validate")
		doc._validate_mandatory()  # raises MandatoryError if the scheme were still empty
		self.assertTrue(doc.points_scheme)
		self.assertEqual(str(doc.start_date), f"{YEAR}-07-01")


class TestPartyOrganizationTree(PartyPointsTestCase):
	def test_the_desk_gets_a_tree_script_that_works_on_an_empty_tree(self) -> None:
		from frappe.desk.form.load import getdoctype

		with self.as_user(build_organisation().committee_user):
			frappe.response.docs = []
			getdoctype("Party Organization")
			tree_js = frappe.response.docs[0].get("__tree_js") or ""
		self.assertIn("get_tree_root: false", tree_js)  # Frappe's root lookup fails on an empty tree
		self.assertIn('root_value = ""', tree_js)
