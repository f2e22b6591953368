"""Scheme What-If on a known past year: both columns, the grade changes per branch, the chart, the scope,
a fixed number of queries, and nothing written (every table's row count the same afterwards)."""

from dataclasses import replace
from decimal import Decimal

import frappe
from frappe.desk.query_report import run as run_report

from party_points import ledger, rating, whatif
from party_points.loaders import load_daily_sums
from party_points.party_points.report.scheme_what_if import scheme_what_if
from party_points.scoring import Entry, default_scheme
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, make_member, make_period

PAST = YEAR - 1
WHAT_IF_QUERIES = 12
"""What the report costs for any number of members: the branch filter's subtree (2), the year's scheme,
its periods, its members, the year's evaluations and rewards, discipline records, the recorded quarters,
and the four quarters' ledger sums."""


def draft_scheme(title: str = "Draft", **items) -> str:
	"""An inactive Points Scheme for next year: attendance worth 3 a session (at most 30 a quarter) and an
	article in the company's publication worth 4, unless told otherwise."""
	scheme = default_scheme()
	changes = {"SE-01": {"points": Decimal(3), "quarter_limit": Decimal(30)}, **items}
	scheme = replace(
		scheme,
		items=tuple(replace(i, **changes[i.code]) if i.code in changes else i for i in scheme.items),
		reward_types=tuple(
			replace(r, points=Decimal(4)) if r.code == "article_internal" else r for r in scheme.reward_types
		),
	)
	doc = frappe.new_doc("Points Scheme")
	doc.title = f"_T {title}"
	doc.year = YEAR + 1
	doc.is_active = 0
	doc.set_from_scheme(scheme)
	doc.insert(ignore_permissions=True)
	return doc.name


class TestSchemeWhatIf(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		o = cls.o = build_organisation()
		cls.periods = [make_period(PAST, q) for q in (1, 2, 3, 4)]
		rows = []
		for period in cls.periods:
			# Li Ming: 5 sessions (10) + work 18, a quarter of 42. Wang Fang: 10 sessions (20) + work 20: 54.
			rows += [
				{"member": o.member_a, "scoring_item": "SE-01", "points": 2, "assessment_period": period}
			] * 5
			rows += [
				{"member": o.member_a, "scoring_item": "WA-01", "points": 18, "assessment_period": period}
			]
			rows += [
				{"member": o.member_a2, "scoring_item": "SE-01", "points": 2, "assessment_period": period}
			] * 10
			rows += [
				{"member": o.member_a2, "scoring_item": "WA-01", "points": 20, "assessment_period": period}
			]
		q2, q4 = cls.periods[1], cls.periods[3]
		rows += [
			{"member": o.member_a, "part": "evaluation", "scoring_item": "mid_year", "points": 10, "assessment_period": q2},
			{"member": o.member_a, "part": "evaluation", "scoring_item": "year_end", "points": 11, "assessment_period": q4},
			{"member": o.member_a, "part": "reward", "scoring_item": "article_internal", "points": 2, "assessment_period": q2},
			{"member": o.member_a2, "part": "evaluation", "scoring_item": "mid_year", "points": 11.5, "assessment_period": q2},
			{"member": o.member_a2, "part": "evaluation", "scoring_item": "year_end", "points": 11.5, "assessment_period": q4},
			{"member": o.member_a2, "part": "reward", "scoring_item": "other", "points": 6, "assessment_period": q4},
		]  # fmt: skip
		ledger.post(rows)
		# Zhang Wei (Branch B) has nothing posted: the starting values, 14 a quarter.
		cls.draft = draft_scheme()
		cls.applied = frappe.db.get_value("Points Scheme", {"year": PAST, "is_active": 1})

	def what_if(self, **filters):
		"""The report for the test's committee (the site may hold other organisations' years)."""
		filters = {"points_scheme": self.draft, "year": PAST, "party_branch": self.o.committee, **filters}
		return scheme_what_if.execute(filters)

	def test_every_member_side_by_side(self) -> None:
		o = self.o
		columns, data, *_ = self.what_if()
		rows = {r["member"]: r for r in data}
		self.assertEqual(set(rows), {o.member_a, o.member_a2, o.member_b})
		self.assertIn("applied_total", [c["fieldname"] for c in columns])
		self.assertIn("draft_total", [c["fieldname"] for c in columns])
		a, a2, b = rows[o.member_a], rows[o.member_a2], rows[o.member_b]
		# Li Ming: 42 + 21 + 2 = 65 applied; the draft: 15 for the sessions, 47 + 21 + 4 = 72.
		self.assertEqual(
			(a["applied_daily_conduct"], a["applied_total"], a["applied_grade"]),
			(42, 65, "Basically Qualified"),
		)
		self.assertEqual(
			(a["draft_daily_conduct"], a["draft_total"], a["draft_grade"]), (47, 72, "Basically Qualified")
		)
		self.assertEqual((a["difference"], a["grade_change"]), (7, 0))
		# Wang Fang: 54 + 23 + 6 = 83 (Qualified); the draft: 30 for the sessions, 64 + 23 + 6 = 93 (Excellent).
		self.assertEqual((a2["applied_total"], a2["applied_grade"]), (83, "Qualified"))
		self.assertEqual((a2["draft_total"], a2["draft_grade"], a2["grade_change"]), (93, "Excellent", 1))
		self.assertEqual((b["applied_total"], b["draft_total"], b["draft_grade"]), (14, 14, "Unqualified"))
		self.assertEqual(a["note"], "")

	def test_the_applied_column_is_what_the_annual_rating_computes(self) -> None:
		_columns, data, *_ = self.what_if()
		ratings = rating.compute_ratings([r["member"] for r in data], PAST)
		for row in data:
			self.assertEqual(row["applied_total"], float(ratings[row["member"]].total), row["member"])
			self.assertEqual(row["applied_grade"], ratings[row["member"]].grade, row["member"])

	def test_the_grade_changes_per_branch_and_the_distribution_under_both(self) -> None:
		o = self.o
		_columns, _data, message, chart, summary = self.what_if()
		self.assertIn(self.applied, message)
		self.assertIn(self.draft, message)
		self.assertIn(f"<td>{o.branch_a}</td><td>2</td><td>1</td><td>1</td><td>0</td>", message)
		self.assertIn(f"<td>{o.branch_b}</td><td>1</td><td>0</td><td>0</td><td>0</td>", message)
		applied, draft = chart["data"]["datasets"]
		self.assertEqual(
			chart["data"]["labels"], ["Excellent", "Qualified", "Basically Qualified", "Unqualified"]
		)
		self.assertEqual(applied["values"], [0, 1, 1, 1])
		self.assertEqual(draft["values"], [1, 0, 1, 1])
		figures = {s["label"]: s["value"] for s in summary}
		self.assertEqual(
			(figures["Members"], figures["Members Whose Grade Changes"], figures["Up"]), (3, 1, 1)
		)

	def test_an_entry_the_draft_does_not_have_counts_nothing_and_is_named(self) -> None:
		scheme = default_scheme()
		doc = frappe.new_doc("Points Scheme")
		doc.update({"title": "_T Without articles", "year": YEAR + 1, "is_active": 0})
		doc.set_from_scheme(
			replace(
				scheme, reward_types=tuple(r for r in scheme.reward_types if r.code != "article_internal")
			)
		)
		doc.insert(ignore_permissions=True)
		_columns, data, *_ = self.what_if(points_scheme=doc.name)
		row = next(r for r in data if r["member"] == self.o.member_a)
		self.assertEqual(row["draft_total"], 63)
		self.assertIn("article_internal", row["note"])

	def test_the_item_sums_are_the_ledgers_as_the_close_reads_them(self) -> None:
		o = self.o
		period = self.periods[0]
		entry = frappe.get_all(
			"Points Ledger Entry",
			filters={"member": o.member_a, "assessment_period": period, "scoring_item": "SE-01"},
			limit=1,
			pluck="name",
		)[0]
		ledger.reverse(entry, "Recorded twice")  # a reversed entry and its reversal count nothing
		closing = load_daily_sums({period: None}, lock=False)
		for members in (None, {o.member_a, o.member_a2}):
			sums = whatif.load_item_sums(period, members)
			expected = {m: sorted(rows, key=lambda e: e.item) for (m, _p), rows in closing.items()}
			if members is not None:
				expected = {m: rows for m, rows in expected.items() if m in members}
			self.assertEqual({m: sorted(rows, key=lambda e: e.item) for m, rows in sums.items()}, expected)
		self.assertEqual(
			next(e for e in whatif.load_item_sums(period, None)[o.member_a] if e.item == "SE-01"),
			Entry("SE-01", Decimal(8), occurrences=4),
		)

	def test_nothing_is_written_and_the_draft_stays_a_draft(self) -> None:
		tables = [
			*frappe.get_all("DocType", filters={"module": "Party Points", "issingle": 0, "is_virtual": 0}, pluck="name"),
			"Version", "Error Log", "Comment", "Activity Log", "Deleted Document", "Singles", "Workflow Action",
		]  # fmt: skip

		def counts() -> dict[str, int]:
			return {table: frappe.db.count(table) for table in tables}

		draft = frappe.db.get_value("Points Scheme", self.draft, ["is_active", "modified"], as_dict=True)
		before = counts()
		with self.as_user(self.o.committee_user):
			result = run_report(
				"Scheme What-If",
				{"points_scheme": self.draft, "year": PAST, "party_branch": self.o.committee},
			)
		self.assertEqual(len(result["result"]), 3)
		self.assertEqual(counts(), before)
		self.assertEqual(
			frappe.db.get_value("Points Scheme", self.draft, ["is_active", "modified"], as_dict=True), draft
		)
		self.assertEqual(frappe.db.count("Points Scheme", {"year": YEAR + 1, "is_active": 1}), 0)

	def test_each_role_sees_its_branches(self) -> None:
		o = self.o
		with self.as_user(o.secretary_a):
			_columns, data, *_ = self.what_if()
			self.assertEqual({r["member"] for r in data}, {o.member_a, o.member_a2})
			_columns, data, *_ = self.what_if(party_branch=o.branch_b)
			self.assertEqual(data, [])
		with self.as_user(o.committee_user):
			_columns, data, *_ = self.what_if(party_branch=o.branch_b)
			self.assertEqual({r["member"] for r in data}, {o.member_b})
		with self.as_user(o.member_a_user):
			_columns, data, *_ = self.what_if()
			self.assertEqual(data, [])

	def test_a_fixed_number_of_queries(self) -> None:
		o = self.o
		self.what_if()  # caches warm, as in the desk
		with self.assertQueryCount(WHAT_IF_QUERIES):
			self.what_if()
		for n in range(6):
			member = make_member(f"What-if {n}", o.branch_b)
			ledger.post(
				[
					{"member": member, "assessment_period": p, "scoring_item": "SE-04", "points": 1}
					for p in self.periods
				]
			)
		self.what_if()
		with self.assertQueryCount(WHAT_IF_QUERIES):
			_columns, data, *_ = self.what_if()
		self.assertEqual(len(data), 3 + 6)
