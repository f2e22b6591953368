"""Importing ledger entries with Frappe's Data Import.

The policy is Frappe's own, and these tests pin it. A file that names a record that does not exist
(a member, a period) is refused whole, and nothing is imported. Otherwise the file is imported row
by row, each row through the ledger service's checks: a bad row is reported with its reason, and the
good rows are posted. (Frappe reads a number it cannot parse as 0, which no scoring item accepts,
so such a row is refused too.) An import can never change a posted entry.

Data Import commits after every row, so this class commits its organisation and removes it.
"""

import frappe
from frappe.core.doctype.data_import.importer import Importer

from party_points import ledger, scores
from party_points.testing import (
	PartyPointsTestCase,
	make_member,
	make_org,
	make_period,
	make_user,
	remove_committed,
)

HEADER = "Party Member,Assessment Period,Part,Scoring Item,Points,Remarks"


class TestLedgerImport(PartyPointsTestCase):
	use_savepoint = False

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.recorder = make_user("import_recorder")
		cls.committee = make_org("Import Committee", "Party Committee")
		cls.branch = make_org("Import Branch", "Party Branch", cls.committee, recorder=cls.recorder)
		cls.other_branch = make_org("Import Other Branch", "Party Branch", cls.committee)
		cls.member = make_member("Import Member", cls.branch)
		cls.outsider = make_member("Import Outsider", cls.other_branch)
		cls.period = make_period()
		cls.imports = []
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		for name in cls.imports:
			frappe.db.delete("Data Import Log", {"data_import": name})
			file_url = frappe.db.get_value("Data Import", name, "import_file")
			frappe.db.delete("Data Import", name)
			for file in frappe.get_all("File", filters={"file_url": file_url}, pluck="name"):
				frappe.delete_doc("File", file, ignore_permissions=True, force=True)
		remove_committed(
			[cls.member, cls.outsider], [cls.branch, cls.other_branch, cls.committee], [cls.recorder]
		)
		super().tearDownClass()

	def run_import(
		self,
		rows: list[str],
		import_type: str = "Insert New Records",
		user: str | None = None,
		header: str | None = None,
	) -> frappe._dict:
		"""Import a CSV (as the branch's recorder by default); return the Data Import with its per-row log."""
		header = header or (HEADER if import_type.startswith("Insert") else "ID,Points")
		content = "\n".join([header, *rows])
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"ledger-{frappe.generate_hash(length=6)}.csv",
				"content": content,
			}
		).insert(ignore_permissions=True)
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "Points Ledger Entry",
				"import_type": import_type,
				"import_file": file.file_url,
			}
		).insert(ignore_permissions=True)
		self.imports.append(data_import.name)
		frappe.db.commit()
		with self.as_user(user or self.recorder):
			Importer("Points Ledger Entry", data_import=data_import).import_data()
		frappe.db.commit()  # as the background job does
		data_import.reload()
		data_import.log = frappe.get_all(
			"Data Import Log",
			filters={"data_import": data_import.name},
			fields=["success", "row_indexes", "messages", "exception"],
			order_by="log_index",
		)
		return data_import

	def entries(self) -> list[tuple]:
		return frappe.get_all(
			"Points Ledger Entry",
			filters={"member": ("in", [self.member, self.outsider])},
			fields=["member", "scoring_item", "points", "remarks"],
			order_by="remarks",
			as_list=True,
		)

	def test_good_rows_are_posted_and_each_bad_row_is_reported_with_its_reason(self) -> None:
		before = self.entries()
		m, p = self.member, self.period
		result = self.run_import(
			[
				f"{m},{p},daily_conduct,SE-04,1,good row one",
				f"{m},{p},daily_conduct,SE-04,99,over the quarterly limit",
				f"{m},{p},daily_conduct,SE-04,-1,wrong sign",
				f"{m},{p},daily_conduct,XX-99,1,unknown item",
				f"{self.outsider},{p},daily_conduct,SE-04,1,another branch",
				f"{m},{p},daily_conduct,SE-04,lots,not a number",
				f"{m},{p},daily_conduct,SE-04,2,good row two",
			]
		)
		outcome = {frappe.parse_json(log.row_indexes)[0]: log for log in result.log}
		self.assertEqual(sorted(i for i, log in outcome.items() if log.success), [2, 8])
		reasons = {i: frappe.as_json(outcome[i].messages) + (outcome[i].exception or "") for i in range(3, 8)}
		self.assertIn("SE-04", reasons[3])
		self.assertIn("must be above zero", reasons[4])
		self.assertIn("XX-99", reasons[5])
		self.assertIn("Import Other Branch", reasons[6])  # Frappe's own branch permission
		self.assertIn("so 0 must be above zero", reasons[7])
		self.assertEqual(result.status, "Partial Success")
		posted = [row for row in self.entries() if row not in before]
		self.assertEqual(
			sorted(posted), [(m, "SE-04", 1.0, "good row one"), (m, "SE-04", 2.0, "good row two")]
		)
		score = frappe.db.get_value("Member Score", scores.score_name(m, p), "entry_count")
		self.assertEqual(score, len([row for row in self.entries() if row[0] == m]))

	def test_a_file_imported_again_with_its_request_keys_posts_nothing_twice(self) -> None:
		m, p, run = self.member, self.period, frappe.generate_hash(length=8)
		rows = [
			f"{m},{p},daily_conduct,SE-04,1,keyed one,{run}-1",
			f"{m},{p},daily_conduct,SE-04,1,keyed two,{run}-2",
		]
		first = self.run_import(rows, header=f"{HEADER},Request ID")
		self.assertEqual(first.status, "Success", first.log)
		after_first = self.entries()
		again = self.run_import(rows, header=f"{HEADER},Request ID")
		self.assertEqual(again.status, "Error", again.log)
		self.assertTrue(all("it is not posted again" in frappe.as_json(log.messages) for log in again.log))
		self.assertEqual(self.entries(), after_first)
		keyed = frappe.get_all(
			"Points Ledger Entry", filters={"request_id": ("like", f"{run}-%")}, pluck="request_id"
		)
		self.assertEqual(sorted(keyed), [f"{run}-1", f"{run}-2"])

	def test_a_file_naming_an_unknown_member_is_refused_whole(self) -> None:
		before = self.entries()
		m, p = self.member, self.period
		result = self.run_import(
			[f"{m},{p},daily_conduct,SE-04,1,fine", f"PM-NOBODY,{p},daily_conduct,SE-04,1,who"]
		)
		self.assertIn("PM-NOBODY", result.template_warnings)
		self.assertEqual(result.log, [])
		self.assertEqual(self.entries(), before)

	def test_an_import_cannot_change_a_posted_entry(self) -> None:
		(name,) = ledger.post(
			[{"member": self.member, "assessment_period": self.period, "scoring_item": "SE-04", "points": 1}],
			check_scope=False,
		)
		frappe.db.commit()
		# Even as Administrator, whom no permission stops: the controller refuses.
		result = self.run_import([f"{name},3"], "Update Existing Records", user="Administrator")
		self.assertEqual([log.success for log in result.log], [0])
		self.assertIn("cannot be changed", frappe.as_json(result.log[0].messages))
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", name, "points"), 1)
