"""The quantification grid page: what it loads, what it saves, and whom it refuses."""

from contextlib import contextmanager

import frappe

from party_points.exceptions import PointsInputError, WrongBranchError
from party_points.loaders import scheme_of_period
from party_points.party_points.page.quantification_grid.quantification_grid import (
	SheetNotDraftError,
	get_grid,
	save_grid,
)
from party_points.scoring import Entry, score_quarter
from party_points.scoring.numbers import fmt
from party_points.testing import PartyPointsTestCase, build_organisation, make_member

DEFAULT_SHEET_ITEMS = ["SE-04", "SP-02", "SP-03", "DL-01", "DL-02", "DL-03", "IN-01", "IN-02"]
"""The default scheme's items recorded by the recorder or the committee, in the scheme's order."""


def sheet_items(period: str) -> list[str]:
	"""The period's scheme's items kept on the sheet (the default's, unless the site's scheme has more)."""
	return [i.code for i in scheme_of_period(period).items if i.recorded_by in ("recorder", "committee")]


class TestQuantificationGrid(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def new_sheet(self, rows=(), submit=False) -> str:
		o = self.o
		with self.as_user(o.recorder_a):
			doc = frappe.get_doc(
				{
					"doctype": "Quantification Sheet",
					"party_branch": o.branch_a,
					"assessment_period": o.period,
					"entries": [
						{"member": member, "scoring_item": item, "occurrences": n} for member, item, n in rows
					],
				}
			).insert()
			if submit:
				doc.submit()
		return doc.name

	def rows(self, sheet: str) -> list[tuple]:
		return [
			(r.member, r.scoring_item, r.occurrences)
			for r in frappe.get_all(
				"Quantification Sheet Entry",
				filters={"parent": sheet, "parenttype": "Quantification Sheet"},
				fields=["member", "scoring_item", "occurrences"],
				order_by="idx",
			)
		]

	def save(self, sheet: str, cells: dict, user: str | None = None, modified: str | None = None) -> dict:
		with self.as_user(user or self.o.recorder_a):
			return save_grid(sheet, frappe.as_json(cells), modified)

	# Loading -----------------------------------------------------------------------------------

	def test_load_gives_the_branch_members_and_the_recorder_kept_items(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 2)])
		with self.as_user(o.recorder_a):
			data = get_grid(sheet)
		self.assertEqual({m["name"] for m in data["members"]}, {o.member_a, o.member_a2})
		grid = [i["code"] for i in data["items"] if i["grid"]]
		self.assertEqual(grid, sheet_items(o.period))
		self.assertTrue(set(DEFAULT_SHEET_ITEMS) <= set(grid))
		self.assertFalse({"SE-01", "SE-02", "WA-01", "SP-01"} & set(grid))  # activities', applications' items
		self.assertEqual(
			[d["code"] for d in data["dimensions"]], ["study", "work", "service", "discipline", "integrity"]
		)
		self.assertEqual(next(d for d in data["dimensions"] if d["code"] == "work")["items"], [])
		se04 = next(i for i in data["items"] if i["code"] == "SE-04")
		self.assertEqual((se04["points"], se04["limit"], se04["dimension"]), ("1", "8", "study"))
		self.assertIsNone(next(i for i in data["items"] if i["code"] == "DL-01")["limit"])
		self.assertEqual(data["cells"], {o.member_a: {"SE-04": 2}})
		self.assertEqual(data["sheet"]["total_points"], "2")
		self.assertEqual(data["scores"][o.member_a]["dimensions"]["study"]["value"], "2")
		self.assertEqual(data["scores"][o.member_a2]["total"], "14")  # the starting values

	def test_labels_are_in_the_readers_language(self) -> None:
		sheet = self.new_sheet([(self.o.member_a, "SE-04", 1)])
		with self.as_user(self.o.recorder_a):
			frappe.local.lang = "zh"
			try:
				data = get_grid(sheet)
			finally:
				frappe.local.lang = "en"
		labels = {i["code"]: i["label"] for i in data["items"]}
		self.assertEqual(labels["SE-04"], "完成自学或网络学习")
		self.assertEqual(data["dimensions"][0]["label"], "学习教育")

	def test_a_member_who_left_keeps_their_row_in_the_grid(self) -> None:
		o = self.o
		gone = make_member("Zhao Lei", o.branch_a)
		sheet = self.new_sheet([(gone, "SP-02", 1)])
		frappe.db.set_value("Party Member", gone, "status", "Left")
		with self.as_user(o.recorder_a):
			data = get_grid(sheet)
		self.assertIn(gone, {m["name"] for m in data["members"]})
		self.assertEqual(data["cells"][gone], {"SP-02": 1})
		self.assertNotIn(o.member_b, {m["name"] for m in data["members"]})

	def test_loading_takes_the_same_queries_for_any_number_of_members(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		with self.as_user(o.recorder_a):
			get_grid(sheet)  # warm the caches
			with count_queries() as few:
				get_grid(sheet)
		extra = [make_member(f"Member {n}", o.branch_a) for n in range(6)]
		self.save(sheet, {m: {"SE-04": 1, "DL-01": 1} for m in extra})
		with self.as_user(o.recorder_a):
			get_grid(sheet)
			with count_queries() as many:
				data = get_grid(sheet)
		self.assertEqual(len(data["members"]), 8)
		self.assertEqual(len(many), len(few), "\n".join(many))

	# Saving ------------------------------------------------------------------------------------

	def test_save_writes_the_rows_and_the_sheets_total(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		data = self.save(
			sheet,
			{o.member_a: {"SE-04": 3, "DL-01": 1, "IN-01": 0}, o.member_a2: {"SP-02": "2"}},
		)
		self.assertEqual(
			sorted(self.rows(sheet)),
			sorted([(o.member_a, "SE-04", 3), (o.member_a, "DL-01", 1), (o.member_a2, "SP-02", 2)]),
		)
		total = frappe.db.get_value("Quantification Sheet", sheet, "total_points")
		self.assertEqual(total, 3 - 2 + 4)
		self.assertEqual(data["sheet"]["total_points"], "5")
		self.assertEqual(data["cells"], {o.member_a: {"SE-04": 3, "DL-01": 1}, o.member_a2: {"SP-02": 2}})
		scores = data["scores"][o.member_a]
		self.assertEqual(
			{code: d["value"] for code, d in scores["dimensions"].items()},
			{"study": "3", "work": "0", "service": "0", "discipline": "6", "integrity": "6"},
		)
		self.assertEqual(scores["dimensions"]["discipline"]["deductions"], "-2")
		self.assertEqual(scores["total"], "15")

	def test_the_figures_after_saving_are_the_cores(self) -> None:
		o = self.o
		earlier = self.new_sheet([(o.member_a, "SE-04", 6), (o.member_a, "SP-02", 1)], submit=True)
		self.assertTrue(earlier)
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		cells = {o.member_a: {"SE-04": 4, "SP-02": 3, "SP-03": 2, "IN-01": 4}}
		data = self.save(sheet, cells)

		scheme = scheme_of_period(o.period)
		posted = frappe.get_all(
			"Points Ledger Entry",
			filters={"member": o.member_a, "assessment_period": o.period, "is_reversed": 0},
			fields=["scoring_item", "points"],
		)
		typed = [Entry.of(code, scheme.item(code).points * n) for code, n in cells[o.member_a].items()]
		core = score_quarter([*(Entry.of(e.scoring_item, e.points) for e in posted), *typed], scheme)
		shown = data["scores"][o.member_a]
		self.assertEqual(shown["total"], fmt(core.total))
		for code, dim in core.dimensions.items():
			self.assertEqual(shown["dimensions"][code]["value"], fmt(dim.value), code)
		self.assertEqual(data["posted"][o.member_a], {"SE-04": "6", "SP-02": "2"})
		self.assertEqual(shown["items"]["SE-04"], {"raw": "10", "counted": "8"})  # held to the limit of 8
		self.assertEqual(shown["items"]["SP-02"], {"raw": "8", "counted": "4"})  # 2 posted + 6 typed
		self.assertEqual(shown["dimensions"]["service"]["value"], "8")
		self.assertEqual(shown["dimensions"]["integrity"]["value"], "0")  # 6 - 8, not below zero

	def test_saving_twice_does_not_duplicate_rows(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		cells = {o.member_a: {"SE-04": 2, "DL-02": 1}, o.member_a2: {"SE-04": 1}}
		first = self.save(sheet, cells)
		names = frappe.get_all("Quantification Sheet Entry", filters={"parent": sheet}, pluck="name")
		second = self.save(sheet, cells, modified=first["sheet"]["modified"])
		self.assertEqual(len(self.rows(sheet)), 3)
		self.assertEqual(
			sorted(frappe.get_all("Quantification Sheet Entry", filters={"parent": sheet}, pluck="name")),
			sorted(names),
		)
		self.assertEqual(first["cells"], second["cells"])

		third = self.save(sheet, {o.member_a: {"SE-04": 5}}, modified=second["sheet"]["modified"])
		self.assertEqual(self.rows(sheet), [(o.member_a, "SE-04", 5)])
		self.assertEqual(third["sheet"]["total_points"], "5")

	def test_a_row_that_stays_keeps_its_remarks(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SP-02", 1)])
		frappe.db.set_value(
			"Quantification Sheet Entry", {"parent": sheet}, "remarks", "Vanguard team, pipeline repair"
		)
		self.save(sheet, {o.member_a: {"SP-02": 2}, o.member_a2: {"SP-02": 1}})
		remarks = frappe.db.get_value(
			"Quantification Sheet Entry", {"parent": sheet, "member": o.member_a}, "remarks"
		)
		self.assertEqual(remarks, "Vanguard team, pipeline repair")

	# Refusals ----------------------------------------------------------------------------------

	def test_a_recorder_of_another_branch_is_refused(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		with self.as_user(o.recorder_b):
			self.assertRaises(frappe.PermissionError, get_grid, sheet)
		self.assertRaises(
			frappe.PermissionError, self.save, sheet, {o.member_a: {"SE-04": 4}}, user=o.recorder_b
		)
		self.assertEqual(self.rows(sheet), [(o.member_a, "SE-04", 1)])

	def test_who_may_only_read_the_sheet_is_refused(self) -> None:
		sheet = self.new_sheet([(self.o.member_a, "SE-04", 1)])
		for user in (self.o.secretary_a, self.o.member_a_user):
			with self.as_user(user):
				self.assertRaises(frappe.PermissionError, get_grid, sheet)

	def test_bad_input_is_refused_and_nothing_is_written(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		modified = frappe.db.get_value("Quantification Sheet", sheet, "modified")
		for cells, error in (
			({o.member_a: {"XX-99": 1}}, PointsInputError),  # unknown code
			({o.member_a: {"SE-01": 1}}, PointsInputError),  # an activity's item
			({o.member_a: {"SE-04": -1}}, PointsInputError),
			({o.member_a: {"SE-04": "1.5"}}, PointsInputError),
			({o.member_a: {"SE-04": "two"}}, PointsInputError),
			({o.member_a2: {"SE-04": 2}, o.member_b: {"SE-04": 1}}, WrongBranchError),
			({}, PointsInputError),  # nothing left to save
		):
			with self.subTest(cells=cells):
				self.assertRaises(error, self.save, sheet, cells)
				self.assertEqual(self.rows(sheet), [(o.member_a, "SE-04", 1)])
				self.assertEqual(frappe.db.get_value("Quantification Sheet", sheet, "modified"), modified)
		with self.as_user(o.recorder_a):
			self.assertRaises(PointsInputError, save_grid, sheet, "not json")

	def test_the_messages_are_translated_and_name_the_valid_codes(self) -> None:
		sheet = self.new_sheet([(self.o.member_a, "SE-04", 1)])
		with self.assertRaises(PointsInputError) as caught:
			self.save(sheet, {self.o.member_a: {"XX-99": 1}})
		self.assertIn("XX-99", str(caught.exception))
		self.assertIn(", ".join(sheet_items(self.o.period)), str(caught.exception))
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(PointsInputError) as caught:
				self.save(sheet, {self.o.member_a: {"SE-04": -1}})
			with self.assertRaises(frappe.PermissionError) as refused, self.as_user(self.o.recorder_b):
				get_grid(sheet)
		finally:
			frappe.local.lang = "en"
		self.assertIn("次数不能为负数", str(caught.exception))
		self.assertIn("您无权填写量化表", str(refused.exception))

	def test_a_stale_grid_is_refused(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)])
		with self.as_user(o.recorder_a):
			opened = get_grid(sheet)
		self.save(sheet, {o.member_a: {"SE-04": 2}}, modified=opened["sheet"]["modified"])
		self.assertRaises(
			frappe.TimestampMismatchError,
			self.save,
			sheet,
			{o.member_a: {"SE-04": 7}},
			modified=opened["sheet"]["modified"],
		)
		self.assertEqual(self.rows(sheet), [(o.member_a, "SE-04", 2)])

	def test_only_a_draft_is_entered(self) -> None:
		o = self.o
		sheet = self.new_sheet([(o.member_a, "SE-04", 1)], submit=True)
		with self.as_user(o.recorder_a):
			self.assertRaises(SheetNotDraftError, get_grid, sheet)
		self.assertRaises(SheetNotDraftError, self.save, sheet, {o.member_a: {"SE-04": 2}})
		with self.as_user(o.recorder_a):
			self.assertRaises(frappe.DoesNotExistError, get_grid, "QS-nothing")


@contextmanager
def count_queries():
	"""The SQL text of every query run inside the block."""
	queries: list[str] = []
	original = frappe.db.__class__.sql

	def counted(db, *args, **kwargs):
		result = original(db, *args, **kwargs)
		queries.append(db.last_query)
		return result

	frappe.db.__class__.sql = counted
	try:
		yield queries
	finally:
		frappe.db.__class__.sql = original
