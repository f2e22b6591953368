import frappe

from party_points.exceptions import DuplicateActiveSchemeError, SchemeInvalidError
from party_points.install import create_default_scheme
from party_points.scoring import default_scheme
from party_points.testing import YEAR, PartyPointsTestCase


class TestPointsScheme(PartyPointsTestCase):
	def test_the_default_scheme_is_created_on_install_with_domain_figures(self) -> None:
		name = create_default_scheme(YEAR)
		doc = frappe.get_doc("Points Scheme", name)
		self.assertEqual(doc.to_scheme(), default_scheme().with_changes(title=doc.title))
		self.assertEqual(
			next((d.label, d.cap, d.start) for d in doc.dimensions), ("Study & Education", 33, 0)
		)

	def test_install_does_not_overwrite_an_edited_scheme(self) -> None:
		name = create_default_scheme(YEAR)
		doc = frappe.get_doc("Points Scheme", name)
		doc.reward_types[0].points = 3
		doc.save(ignore_permissions=True)
		self.assertEqual(create_default_scheme(YEAR), name)
		self.assertEqual(frappe.get_doc("Points Scheme", name).reward_types[0].points, 3)

	def test_caps_that_do_not_add_up_are_refused_with_a_translated_message(self) -> None:
		doc = frappe.get_doc("Points Scheme", create_default_scheme(YEAR))
		doc.dimensions[0].cap = 30
		with self.assertRaises(SchemeInvalidError) as caught:
			doc.save(ignore_permissions=True)
		self.assertIn("72", str(caught.exception))

	def test_overlapping_annual_bands_and_a_bad_weight_are_both_named(self) -> None:
		doc = frappe.get_doc("Points Scheme", create_default_scheme(YEAR))
		doc.annual_bands[1].high = 95
		doc.evaluation_rounds[0].weight = 1.5
		with self.assertRaises(SchemeInvalidError) as caught:
			doc.save(ignore_permissions=True)
		message = str(caught.exception)
		self.assertIn("overlap", message)
		self.assertIn("1.5", message)

	def test_one_active_scheme_per_year(self) -> None:
		doc = frappe.copy_doc(frappe.get_doc("Points Scheme", create_default_scheme(YEAR)))
		doc.title = "Second"
		with self.assertRaises(DuplicateActiveSchemeError):
			doc.insert(ignore_permissions=True)
		doc.is_active = 0
		doc.insert(ignore_permissions=True)

	def test_a_year_without_its_own_scheme_uses_the_latest_earlier_one(self) -> None:
		from party_points.loaders import scheme_name_for_year as get_active_scheme_name

		name = create_default_scheme(YEAR)
		self.assertEqual(get_active_scheme_name(YEAR + 50), name)

	def test_the_renamed_default_label_reaches_existing_schemes_but_not_edited_ones(self) -> None:
		from party_points.patches.v1_1 import rename_three_meetings_label as patch

		name = create_default_scheme(YEAR)
		item = frappe.qb.DocType("Points Scheme Item")
		rows = frappe.get_all(
			"Points Scheme Item", filters={"parent": name}, fields=["name", "code"], order_by="idx", limit=2
		)
		old, edited = rows[0].name, rows[1].name
		frappe.qb.update(item).set(item.label, patch.OLD).where(item.name == old).run()
		frappe.qb.update(item).set(item.label, "Our own wording").where(item.name == edited).run()
		patch.execute()
		self.assertEqual(frappe.db.get_value("Points Scheme Item", old, "label"), patch.NEW)
		self.assertEqual(frappe.db.get_value("Points Scheme Item", edited, "label"), "Our own wording")
		self.assertEqual(default_scheme().item(rows[0].code).label, patch.NEW)

	def test_the_default_scheme_is_named_by_its_year_and_titled_in_the_sites_language(self) -> None:
		"""The name (what reports print) holds no English; the title is written in the site's language."""
		year = YEAR + 40
		before = frappe.db.get_single_value("System Settings", "language")
		frappe.db.set_single_value("System Settings", "language", "zh")
		try:
			name = create_default_scheme(year)
		finally:
			frappe.db.set_single_value("System Settings", "language", before)
		self.assertEqual(name, f"PS-{year}")
		self.assertEqual(frappe.db.get_value("Points Scheme", name, "title"), "默认积分细则")
		self.assertEqual(create_default_scheme(year), name)  # once per year
