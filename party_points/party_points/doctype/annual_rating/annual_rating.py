import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, today

from party_points import scope
from party_points.guards import refuse_own
from party_points.rating import compute_ratings
from party_points.scoring import ScoringError, TrailLine, YearResult
from party_points.utils import render, throw_scoring_error

FOLLOW_UP_DAYS = 30


class AnnualRating(Document):
	"""A member's year (年度评定): computed by the core, proposed by the branch, approved by the Party Committee."""

	@property
	def explanation(self) -> str:
		lines = [TrailLine(d["template"], tuple(d["params"].items())) for d in json.loads(self.trail or "[]")]
		return render(lines)

	def validate(self) -> None:
		if self.docstatus == 0 and not self.flags.precomputed:
			result = compute_ratings([self.member], cint(self.year)).get(self.member)
			if isinstance(result, ScoringError):
				throw_scoring_error(result)
			self.set_result(result)

	def set_result(self, result: YearResult) -> None:
		o = result.outcome
		self.update(
			{
				"daily_conduct": float(result.daily_conduct),
				"evaluation_points": float(result.evaluation),
				"reward_points": float(result.reward),
				"reward_excess": float(result.reward_excess),
				"total": float(result.total),
				"score_grade": result.score_grade,
				"grade": result.grade,
				"vetoed": int(result.vetoed),
				"quarters": ", ".join(f"Q{q}" for q in result.quarters),
				"award_level": o.award_level,
				"priority_promotion": int(o.priority_promotion),
				"admonition_talk": int(o.admonition_talk),
				"mentoring": int(o.mentoring),
				"up_two_grades": int(o.up_two_grades),
				"trail": json.dumps([line.to_dict() for line in result.trail], ensure_ascii=False),
			}
		)
		self.previous_grade = frappe.db.get_value(
			"Annual Rating", {"member": self.member, "year": cint(self.year) - 1, "docstatus": 1}, "grade"
		)

	def before_submit(self) -> None:
		refuse_own(self.member, self.doctype)

	def on_submit(self) -> None:
		self.create_follow_ups()

	def on_cancel(self) -> None:
		for name in frappe.get_all(
			"Follow-up Action", filters={"annual_rating": self.name, "status": "Open"}, pluck="name"
		):
			frappe.db.set_value("Follow-up Action", name, "status", "Cancelled")

	def create_follow_ups(self) -> None:
		"""The consequences that need someone to act: an admonition talk, and mentoring after two bad years."""
		secretary = frappe.db.get_value("Party Organization", self.party_branch, "secretary")
		for required, action in (
			(self.admonition_talk, "Admonition Talk"),
			(self.mentoring, "One-to-one Mentoring"),
		):
			if required and not frappe.db.exists(
				"Follow-up Action", {"annual_rating": self.name, "action_type": action}
			):
				frappe.get_doc(
					{
						"doctype": "Follow-up Action",
						"member": self.member,
						"annual_rating": self.name,
						"action_type": action,
						"person_in_charge": secretary,
						"due_date": add_days(today(), FOLLOW_UP_DAYS),
					}
				).insert(ignore_permissions=True)


@frappe.whitelist()
def create_branch_ratings(party_branch: str, year: int) -> list[str]:
	"""Draft ratings for every member of a branch who was a member in the year and has none yet."""
	frappe.has_permission("Annual Rating", "create", throw=True)
	allowed = scope.allowed_organizations()
	if allowed is not None and party_branch not in allowed:
		frappe.throw(_("{0} is not a branch you may rate").format(party_branch), exc=frappe.PermissionError)
	year = cint(year)
	rated = set(
		frappe.get_all("Annual Rating", filters={"year": year, "docstatus": ("<", 2)}, pluck="member")
	)
	members = [
		m
		for m in frappe.get_all("Party Member", filters={"party_branch": party_branch}, pluck="name")
		if m not in rated
	]
	created = []
	for member, result in compute_ratings(members, year).items():
		if isinstance(result, ScoringError):
			continue  # not a member in any quarter of the year
		doc = frappe.new_doc("Annual Rating")
		doc.update({"member": member, "year": year})
		doc.set_result(result)
		doc.flags.precomputed = True
		doc.insert()
		created.append(doc.name)
	return created
