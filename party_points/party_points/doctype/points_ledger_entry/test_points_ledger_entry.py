import frappe

from party_points import ledger, scores
from party_points.exceptions import (
	AlreadyReversedError,
	ClosedPeriodError,
	LedgerImmutableError,
	NotAMemberError,
	PointsInputError,
)
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, make_member, make_period


def score(member: str, period: str) -> frappe._dict:
	return frappe.db.get_value(
		"Member Score",
		scores.score_name(member, period),
		["daily_conduct", "evaluation_points", "reward_points", "reward_excess", "entry_count"],
		as_dict=True,
	)


def count_entries() -> int:
	return frappe.db.count("Points Ledger Entry")


class TestPointsLedgerEntry(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def row(self, item: str, points, member: str | None = None, **extra) -> dict:
		return {
			"member": member or self.o.member_a,
			"assessment_period": self.o.period,
			"scoring_item": item,
			"points": points,
			**extra,
		}

	def test_posting_recomputes_the_member_score(self) -> None:
		ledger.post(
			[self.row("SE-01", 2), self.row("SE-01", 2), self.row("DL-01", -2), self.row("WA-01", 18)]
		)
		s = score(self.o.member_a, self.o.period)
		# study 4, work 18, service 0, discipline 8 - 2, integrity 6
		self.assertEqual(s.daily_conduct, 34)
		self.assertEqual(s.entry_count, 4)
		dims = frappe.get_all(
			"Member Score Dimension",
			filters={"parent": scores.score_name(self.o.member_a, self.o.period)},
			fields=["dimension", "points"],
			order_by="idx",
		)
		self.assertEqual(
			[(d.dimension, d.points) for d in dims],
			[("study", 4), ("work", 18), ("service", 0), ("discipline", 6), ("integrity", 6)],
		)

	def test_posting_through_the_form_sets_branch_author_and_dimension(self) -> None:
		with self.as_user(self.o.recorder_a):
			doc = frappe.get_doc({"doctype": "Points Ledger Entry", **self.row("SP-01", 2)}).insert()
		self.assertEqual(
			(doc.party_branch, doc.posted_by, doc.dimension, doc.year),
			(self.o.branch_a, self.o.recorder_a, "service", YEAR),
		)
		self.assertEqual(score(self.o.member_a, self.o.period).daily_conduct, 16)

	def test_a_posted_entry_cannot_be_edited_or_deleted(self) -> None:
		(name,) = ledger.post([self.row("SE-04", 1)])
		doc = frappe.get_doc("Points Ledger Entry", name)
		doc.points = 5
		with self.assertRaises(LedgerImmutableError):
			doc.save(ignore_permissions=True)
		with self.assertRaises(LedgerImmutableError):
			frappe.delete_doc("Points Ledger Entry", name, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", name, "points"), 1)
		for user in (self.o.recorder_a, self.o.manager, self.o.committee_user):
			self.assertFalse(frappe.has_permission("Points Ledger Entry", "write", doc, user=user), user)
			self.assertFalse(frappe.has_permission("Points Ledger Entry", "delete", doc, user=user), user)

	def test_a_reversal_restores_the_total_and_keeps_both_entries(self) -> None:
		ledger.post([self.row("SE-04", 1)])
		before = score(self.o.member_a, self.o.period).daily_conduct
		(name,) = ledger.post([self.row("DL-01", -2)])
		self.assertEqual(score(self.o.member_a, self.o.period).daily_conduct, before - 2)
		reversal = frappe.get_doc("Points Ledger Entry", name).reverse("Posted to the wrong member")
		self.assertEqual(score(self.o.member_a, self.o.period).daily_conduct, before)
		original = frappe.db.get_value(
			"Points Ledger Entry", name, ["is_reversed", "reversed_by", "points"], as_dict=True
		)
		self.assertEqual((original.is_reversed, original.reversed_by, original.points), (1, reversal, -2))
		self.assertEqual(
			frappe.db.get_value("Points Ledger Entry", reversal, ["points", "reverses"]), (2, name)
		)
		with self.assertRaises(AlreadyReversedError):
			ledger.reverse(name, "again")
		with self.assertRaises(AlreadyReversedError):
			ledger.reverse(reversal, "reverse the reversal")

	def test_a_reversal_needs_a_reason(self) -> None:
		(name,) = ledger.post([self.row("SE-04", 1)])
		with self.assertRaises(PointsInputError):
			ledger.reverse(name, "  ")

	def test_bad_rows_are_refused_and_nothing_is_written(self) -> None:
		bad = [
			self.row("WA-01", 25),  # over the item's limit of 20
			self.row("SE-04", -1),  # wrong sign
			self.row("SE-04", "abc"),  # not a number
			self.row("XX-99", 1),  # unknown item
			self.row("SE-04", 1, member="PM-nobody"),  # unknown member
		]
		for bad_row in bad:
			before = count_entries()
			with self.assertRaises((PointsInputError, NotAMemberError)):
				ledger.post([self.row("SE-04", 1), bad_row])
			self.assertEqual(count_entries(), before, bad_row)
		self.assertIsNone(score(self.o.member_a, self.o.period))

	def test_the_error_names_the_row(self) -> None:
		with self.assertRaises(PointsInputError) as caught:
			ledger.post([self.row("SE-04", 1), self.row("WA-01", 25)])
		self.assertIn("2", str(caught.exception))
		self.assertIn("WA-01", str(caught.exception))

	def test_a_verified_period_takes_no_new_entries_and_only_the_committee_corrects_it(self) -> None:
		(name,) = ledger.post([self.row("SE-04", 1)])
		frappe.db.set_value("Assessment Period", self.o.period, "stage", "Verified")
		with self.assertRaises(ClosedPeriodError):
			ledger.post([self.row("SE-04", 1)])
		with self.as_user(self.o.recorder_a), self.assertRaises(ClosedPeriodError):
			ledger.reverse(name, "late correction")
		with self.as_user(self.o.committee_user):
			ledger.reverse(name, "correction approved by the committee")
		self.assertEqual(score(self.o.member_a, self.o.period).daily_conduct, 14)

	def test_a_member_is_scored_only_for_periods_of_membership(self) -> None:
		newcomer = make_member("Newcomer", self.o.branch_a, join_date=f"{YEAR}-05-01")
		with self.assertRaises(NotAMemberError):
			ledger.post([self.row("SE-04", 1, member=newcomer)])
		ledger.post(
			[
				{
					"member": newcomer,
					"assessment_period": make_period(YEAR, 2),
					"scoring_item": "SE-04",
					"points": 1,
				}
			]
		)

	def test_a_recorder_cannot_post_to_another_branch(self) -> None:
		before = count_entries()
		with self.as_user(self.o.recorder_a):
			with self.assertRaises(frappe.PermissionError):
				ledger.post([self.row("SE-04", 1, member=self.o.member_b)])
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc(
					{"doctype": "Points Ledger Entry", **self.row("SE-04", 1, member=self.o.member_b)}
				).insert()
		self.assertEqual(count_entries(), before)

	def test_branch_isolation_and_member_self_service_in_lists(self) -> None:
		o = self.o
		ledger.post(
			[
				self.row("SE-04", 1),
				self.row("SE-04", 1, member=o.member_a2),
				self.row("SE-04", 1, member=o.member_b),
			]
		)
		with self.as_user(o.recorder_a):
			self.assertEqual(
				set(frappe.get_list("Points Ledger Entry", pluck="member")), {o.member_a, o.member_a2}
			)
		with self.as_user(o.recorder_b):
			self.assertEqual(set(frappe.get_list("Points Ledger Entry", pluck="member")), {o.member_b})
		with self.as_user(o.member_a_user):
			self.assertEqual(set(frappe.get_list("Points Ledger Entry", pluck="member")), {o.member_a})
		with self.as_user(o.committee_user):
			self.assertTrue(
				{o.member_a, o.member_a2, o.member_b}
				<= set(frappe.get_list("Points Ledger Entry", pluck="member"))
			)

	def test_evaluation_and_reward_entries_count_to_date_with_the_reward_cap(self) -> None:
		o = self.o
		ledger.post(
			[
				self.row("mid_year", 12, part="evaluation"),
				self.row("article_external", 5, part="reward"),
				self.row("commendation_regional", 4, part="reward"),
				self.row("commendation_company", 3, part="reward"),
			]
		)
		s = score(o.member_a, o.period)
		self.assertEqual((s.evaluation_points, s.reward_points, s.reward_excess), (12, 10, 2))
		with self.assertRaises(PointsInputError):
			ledger.post([self.row("article_external", 6, part="reward")])
		with self.assertRaises(PointsInputError):
			ledger.post([self.row("other", 11, part="reward")])

	def test_recompute_reads_the_same_number_of_queries_for_one_member_or_many(self) -> None:
		from unittest.mock import patch

		o = self.o
		members = (o.member_a, o.member_a2, o.member_b)
		ledger.post([self.row("SE-04", 1, member=m) for m in members])
		counts = []
		for pairs in ({(o.member_a, o.period)}, {(m, o.period) for m in members}):
			calls = []
			real_sql = frappe.db.sql
			with patch.object(
				frappe.db, "sql", side_effect=lambda *a, **k: calls.append(a[0]) or real_sql(*a, **k)
			):
				self.assertEqual(scores.recompute(pairs), 0)  # nothing changed: nothing written
			counts.append(len(calls))
		self.assertEqual(counts[0], counts[1])

	def test_a_source_documents_duplicate_check_reads_through_the_source_index(self) -> None:
		"""The check reads what the document posted, not its members' whole year (which grows all year)."""
		from unittest.mock import patch

		from party_points.party_points.doctype.points_ledger_entry.points_ledger_entry import SOURCE_INDEX

		self.assertTrue(frappe.db.has_index("tabPoints Ledger Entry", SOURCE_INDEX))
		sent, real_sql = [], frappe.db.sql
		with patch.object(frappe.db, "sql", side_effect=lambda *a, **k: sent.append(a) or real_sql(*a, **k)):
			ledger.post(
				[self.row("SE-04", 1)], source_doctype="Quantification Sheet", source_name="QS-INDEX-TEST"
			)
		(check,) = [a for a in sent if "source_name" in a[0] and "lock in share mode" in a[0]]
		plan = frappe.db.sql(f"explain {check[0]}", check[1] if len(check) > 1 else (), as_dict=True)
		self.assertIn(SOURCE_INDEX, (plan[0].possible_keys or "").split(","), plan)
