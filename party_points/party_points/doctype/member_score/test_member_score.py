from unittest.mock import patch

import frappe

from party_points import ledger, loaders, scores
from party_points.constants import LEDGER
from party_points.exceptions import ScoreComputedError
from party_points.loaders import get_scheme
from party_points.scoring import DAILY_CONDUCT, Entry, score_quarter
from party_points.testing import PartyPointsTestCase, build_organisation, make_member

RECOMPUTE_STATEMENTS = 10
"""Recomputing new scores costs this many statements, for one member or many (the ledger lock is taken once per transaction)."""


class TestMemberScore(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def post(self, member: str, item: str, points) -> None:
		ledger.post(
			[{"member": member, "assessment_period": self.o.period, "scoring_item": item, "points": points}]
		)

	def test_recompute_is_idempotent(self) -> None:
		self.post(self.o.member_a, "SE-04", 1)
		name = scores.score_name(self.o.member_a, self.o.period)
		modified = frappe.db.get_value("Member Score", name, "modified")
		self.assertEqual(scores.recompute({(self.o.member_a, self.o.period)}), 0)
		self.assertEqual(frappe.db.get_value("Member Score", name, "modified"), modified)

	def test_every_score_is_rebuilt_from_the_ledger_alone(self) -> None:
		o = self.o
		for member, item, points in (
			(o.member_a, "SE-01", 2),
			(o.member_a2, "DL-01", -2),
			(o.member_b, "WA-01", 15),
		):
			self.post(member, item, points)
		fields = ["name", "daily_conduct", "evaluation_points", "reward_points", "trail"]
		before = frappe.get_all(
			"Member Score", filters={"assessment_period": o.period}, fields=fields, order_by="name"
		)
		frappe.db.delete("Member Score Dimension", {"parenttype": "Member Score"})
		frappe.db.delete("Member Score", {"assessment_period": o.period})
		quiet = make_member("Quiet Member", o.branch_a)  # nothing posted
		gone = make_member("Gone Member", o.branch_a, leave_date="2001-01-01", status="Left")
		# entries posted while a member; the leaving date was put back afterwards: the ledger still counts
		frappe.db.set_value("Party Member", o.member_a2, "leave_date", "2001-01-01")
		self.assertGreaterEqual(scores.rebuild_period(o.period, own_transaction=False), len(before) + 1)
		after = frappe.get_all(
			"Member Score", filters={"assessment_period": o.period}, fields=fields, order_by="name"
		)
		self.assertEqual([row for row in after if row.name in {b.name for b in before}], before)
		scheme = get_scheme(frappe.db.get_value("Assessment Period", o.period, "points_scheme"))
		self.assertEqual(
			frappe.db.get_value("Member Score", scores.score_name(quiet, o.period), "daily_conduct"),
			sum(d.start for d in scheme.dimensions),
		)
		self.assertFalse(frappe.db.exists("Member Score", scores.score_name(gone, o.period)))
		self.assertTrue(frappe.db.exists("Member Score", scores.score_name(o.member_a2, o.period)))

	def test_a_whole_organisation_is_read_by_period_with_the_same_result(self) -> None:
		"""Above MEMBER_FILTER_LIMIT members, recompute reads whole periods and filters in Python."""
		o = self.o
		for member, item, points in ((o.member_a, "SE-01", 2), (o.member_b, "WA-01", 15)):
			self.post(member, item, points)
		fields = ["name", "daily_conduct", "evaluation_points", "reward_points", "trail", "digest"]
		filters = {"assessment_period": o.period}
		small = frappe.get_all("Member Score", filters=filters, fields=fields, order_by="name")
		frappe.db.delete("Member Score Dimension", {"parent": ("in", [s.name for s in small])})
		frappe.db.delete("Member Score", filters)
		with patch.object(loaders, "MEMBER_FILTER_LIMIT", 0):
			scores.rebuild_period(o.period, own_transaction=False)
		large = frappe.get_all("Member Score", filters=filters, fields=fields, order_by="name")
		self.assertEqual([row for row in large if row.name in {s.name for s in small}], small)
		name = scores.score_name(o.member_a, o.period)
		dimensions = frappe.get_all(
			"Member Score Dimension", filters={"parent": name}, fields=["name", "idx"], order_by="idx"
		)
		self.assertEqual([d.name for d in dimensions], [f"{name}-{d.idx}" for d in dimensions])
		self.assertEqual(
			len(dimensions),
			len(get_scheme(frappe.db.get_value("Assessment Period", o.period, "points_scheme")).dimensions),
		)

	def test_dimension_rows_hold_the_cores_figures(self) -> None:
		"""Each row: the scheme's code, label, start and cap, and the core's additions, deductions and result."""
		o = self.o
		for item, points in (("SE-01", 2), ("SE-01", 2), ("DL-01", -2), ("IN-01", -2)):
			self.post(o.member_a, item, points)
		self.post(o.member_a, "DL-01", -2)  # a changed score: its rows are replaced, not added to
		name = scores.score_name(o.member_a, o.period)
		scheme = get_scheme(frappe.db.get_value("Assessment Period", o.period, "points_scheme"))
		posted = frappe.get_all(
			LEDGER,
			filters={"member": o.member_a, "assessment_period": o.period, "part": DAILY_CONDUCT},
			fields=["scoring_item", "points"],
		)
		expected = score_quarter([Entry.of(e.scoring_item, e.points) for e in posted], scheme)
		doc = frappe.get_doc("Member Score", name)
		self.assertEqual(
			[
				(d.idx, d.dimension, d.label, d.start, d.additions, d.deductions, d.points, d.cap)
				for d in doc.dimensions
			],
			[
				(
					i,
					r.code,
					scheme.dimension(r.code).label,
					*map(float, (r.start, r.additions, -r.deductions, r.value, r.cap)),
				)
				for i, r in enumerate(expected.dimensions.values(), start=1)
			],
		)
		self.assertEqual(
			{(d.name, d.parentfield, d.parenttype, d.owner, d.docstatus) for d in doc.dimensions},
			{(f"{name}-{d.idx}", "dimensions", "Member Score", "Administrator", 0) for d in doc.dimensions},
		)
		self.assertEqual(expected.dimensions["discipline"].deductions, -4)  # the rows are not all zeros

	def test_dimension_rows_of_different_schemes_in_one_write(self) -> None:
		"""Scores of two schemes written together keep each scheme's facts, across statement chunks."""
		created = {
			"creation": "2025-01-01",
			"modified": "2025-01-01",
			"owner": "x",
			"modified_by": "x",
			"docstatus": 0,
		}
		scores.write_dimensions(
			[
				(
					"PP-TEST-A",
					[
						(("study", "Study", 0.0, 33.0), 3.0, 1.0, 2.0),
						(("work", "Work", 0.0, 20.0), 5.0, 0.0, 5.0),
					],
				),
				("PP-TEST-B", [(("study", "Learning", 2.0, 30.0), 0.0, 0.0, 2.0)]),
			],
			created,
			chunk=1,
		)
		rows = frappe.get_all(
			"Member Score Dimension",
			filters={"parent": ("in", ["PP-TEST-A", "PP-TEST-B"])},
			fields=[
				"name",
				"idx",
				"parent",
				"dimension",
				"label",
				"start",
				"additions",
				"deductions",
				"points",
				"cap",
			],
			order_by="name",
			as_list=True,
		)
		self.assertEqual(
			[tuple(r) for r in rows],
			[
				("PP-TEST-A-1", 1, "PP-TEST-A", "study", "Study", 0, 3, 1, 2, 33),
				("PP-TEST-A-2", 2, "PP-TEST-A", "work", "Work", 0, 5, 0, 5, 20),
				("PP-TEST-B-1", 1, "PP-TEST-B", "study", "Learning", 2, 0, 0, 2, 30),
			],
		)

	def test_a_period_is_read_through_the_period_and_branch_index_alone(self) -> None:
		"""One index fewer to keep at every write: the composite index serves lookups by period too."""
		self.assertTrue(frappe.db.has_index("tabMember Score", "assessment_period_party_branch_index"))
		self.assertFalse(frappe.db.has_index("tabMember Score", "assessment_period"))

	def test_figures_cannot_be_typed_in(self) -> None:
		self.post(self.o.member_a, "SE-04", 1)
		doc = frappe.get_doc("Member Score", scores.score_name(self.o.member_a, self.o.period))
		doc.daily_conduct = 75
		with self.assertRaises(ScoreComputedError):
			doc.save(ignore_permissions=True)
		with self.assertRaises(ScoreComputedError):
			frappe.get_doc(
				{"doctype": "Member Score", "member": self.o.member_a, "assessment_period": self.o.period}
			).insert(ignore_permissions=True)

	def test_explanation_is_rendered_from_the_trail(self) -> None:
		for _ in range(12):
			self.post(self.o.member_a, "SE-01", 2)
		doc = frappe.get_doc("Member Score", scores.score_name(self.o.member_a, self.o.period))
		self.assertIn("SE-01: 24 is held to the quarterly limit of 20", doc.explanation)
		self.assertIn("Daily Conduct total: 34", doc.explanation)

	def test_explanation_follows_the_reader_language(self) -> None:
		self.post(self.o.member_a, "SE-04", 1)
		doc = frappe.get_doc("Member Score", scores.score_name(self.o.member_a, self.o.period))
		frappe.local.lang = "zh"
		try:
			frappe.local.lang_full_dict = None
			frappe.local.jenv = None
			text = doc.explanation
		finally:
			frappe.local.lang = "en"
			frappe.local.lang_full_dict = None
		self.assertIn("日常行为积分合计", text)

	def test_each_role_sees_the_right_scores(self) -> None:
		o = self.o
		for member in (o.member_a, o.member_a2, o.member_b):
			self.post(member, "SE-04", 1)
		score_a, score_a2, score_b = (
			scores.score_name(m, o.period) for m in (o.member_a, o.member_a2, o.member_b)
		)
		expected = {
			o.recorder_a: {score_a, score_a2},
			o.secretary_a: {score_a, score_a2},
			o.recorder_b: {score_b},
			o.member_a_user: {score_a},
			o.member_b_user: {score_b},
		}
		for user, names in expected.items():
			with self.as_user(user):
				seen = set(frappe.get_list("Member Score", pluck="name"))
				self.assertEqual(seen & {score_a, score_a2, score_b}, names, user)
				for name in (score_a, score_a2, score_b):
					allowed = frappe.get_doc("Member Score", name).has_permission("read")
					self.assertEqual(allowed, name in names, (user, name))
		for user in (o.committee_user, o.manager):
			with self.as_user(user):
				self.assertTrue(
					{score_a, score_a2, score_b} <= set(frappe.get_list("Member Score", pluck="name"))
				)

	def test_nobody_creates_or_deletes_scores_by_hand(self) -> None:
		self.post(self.o.member_a, "SE-04", 1)
		doc = frappe.get_doc("Member Score", scores.score_name(self.o.member_a, self.o.period))
		for user in (self.o.recorder_a, self.o.committee_user, self.o.manager, self.o.member_a_user):
			self.assertFalse(frappe.has_permission("Member Score", "create", user=user), user)
			self.assertFalse(frappe.has_permission("Member Score", "delete", doc, user=user), user)
		with self.assertRaises(ScoreComputedError):
			frappe.delete_doc("Member Score", doc.name, ignore_permissions=True)

	def test_report_view_and_export_respect_the_branch(self) -> None:
		from frappe.desk.reportview import execute

		o = self.o
		for member in (o.member_a, o.member_b):
			self.post(member, "SE-04", 1)
		with self.as_user(o.recorder_a):
			rows = execute("Member Score", fields=["member"], limit_page_length=0, as_list=True)
		self.assertEqual({row[0] for row in rows} & {o.member_a, o.member_b}, {o.member_a})
		with self.as_user(o.member_b_user):
			rows = execute("Points Ledger Entry", fields=["member"], limit_page_length=0, as_list=True)
		self.assertEqual({row[0] for row in rows}, {o.member_b})

	def test_every_change_to_a_score_is_in_its_version_history(self) -> None:
		self.post(self.o.member_a, "SE-04", 1)
		name = scores.score_name(self.o.member_a, self.o.period)
		self.post(self.o.member_a, "DL-01", -2)
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "Member Score", "docname": name}, pluck="data"
		)
		self.assertEqual(len(versions), 1)
		changed = {field: (old, new) for field, old, new in frappe.parse_json(versions[0])["changed"]}
		# Written by Frappe's own diff, as a save writes it: values as the form shows them.
		self.assertEqual(changed["daily_conduct"], (frappe.format(15, "Float"), frappe.format(13, "Float")))
		self.assertEqual(set(changed), {"daily_conduct", "entry_count"})

	def test_closing_a_period_costs_the_same_statements_for_one_member_or_many(self) -> None:
		from party_points.testing import make_member

		o = self.o
		members = [make_member(f"Bulk {n}", o.branch_a) for n in range(5)]
		rows = [
			{"member": m, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}
			for m in members
		]
		entries = ledger.prepare_entries(rows)
		ledger.insert_entries(entries)
		for pairs in ({(members[0], o.period)}, {(m, o.period) for m in members[1:]}):
			with self.assertQueryCount(RECOMPUTE_STATEMENTS):
				scores.recompute(pairs)
		self.assertEqual(frappe.db.count("Member Score", {"member": ("in", members)}), 5)

	def test_the_bulk_writer_keeps_hostile_strings_as_they_are(self) -> None:
		"""Values travel as parameters: quotes, backslashes, NUL, emoji and placeholders come back unchanged."""
		o = self.o
		hostile = "O'Brien \\ \"q\" \x00 nul'); drop table `tabMember Score`; -- 😀 %s %(x)s 党员"
		member = make_member("To be renamed", o.branch_a)
		frappe.db.set_value("Party Member", member, "full_name", hostile)  # raw, as an import could store it
		(name,) = ledger.post(
			[
				{
					"member": member,
					"assessment_period": o.period,
					"scoring_item": "SE-04",
					"points": 1,
					"remarks": hostile,
				}
			]
		)
		entry = frappe.db.get_value("Points Ledger Entry", name, ["remarks", "member_name"], as_dict=True)
		self.assertEqual((entry.remarks, entry.member_name), (hostile, hostile))
		score = scores.score_name(member, o.period)
		self.assertEqual(frappe.db.get_value("Member Score", score, "member_name"), hostile)
		with self.as_user(o.committee_user):
			reversal = ledger.reverse(name, hostile)
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", reversal, "remarks"), hostile)
		self.assertEqual(frappe.db.get_value("Member Score", score, "daily_conduct"), 14)
