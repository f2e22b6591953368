import frappe
from frappe import _
from frappe.model.document import Document

from party_points import ledger
from party_points.constants import APPROVED, CORRECTING_ROLES, PROPOSED
from party_points.desk import codes_and_labels
from party_points.exceptions import PointsInputError
from party_points.guards import has_any_role, refuse_own, refuse_self_approval, status_changed_to
from party_points.loaders import load_effective_entries, scheme_of_period
from party_points.process import PostsPoints, period_for_date
from party_points.scoring import REWARD, ScoringError, claim_points, score_rewards, to_decimal
from party_points.scoring import RewardClaim as Claim
from party_points.utils import translate_scoring_error


class RewardClaim(PostsPoints, Document):
	"""A reward (奖励积分) with its evidence; "other" rewards need the Party Committee's approval."""

	def validate(self) -> None:
		self.assessment_period = period_for_date(self.claim_date).name
		self.set_points()
		refuse_self_approval(self, self.member, (APPROVED,))
		if (
			status_changed_to(self, APPROVED, PROPOSED)
			and not self.needs_committee_approval
			and not self.evidence
		):
			frappe.throw(_("Attach the evidence of the reward"), exc=frappe.MandatoryError)

	def set_points(self) -> None:
		scheme = scheme_of_period(self.assessment_period)
		reward = scheme.reward_type(self.reward_type or "")
		if reward is None:
			frappe.throw(
				_("Unknown reward {0}; the scheme's rewards are {1}").format(
					self.reward_type, codes_and_labels((r.code, r.label) for r in scheme.reward_types)
				),
				exc=PointsInputError,
				title=_("Unknown Reward"),
			)
		self.needs_committee_approval = int(reward.needs_approval)
		try:
			self.points = float(claim_points(scheme, reward.code, self.points if reward.variable else None))
		except ScoringError as error:
			frappe.throw(translate_scoring_error(error), exc=PointsInputError, title=_("Invalid Points"))

	def before_submit(self) -> None:
		refuse_own(self.member, self.doctype)
		if self.needs_committee_approval and not has_any_role(*CORRECTING_ROLES):
			frappe.throw(
				_("Only the Party Committee can approve {0}").format(self.reward_type),
				exc=frappe.PermissionError,
			)

	def on_submit(self) -> None:
		(name,) = ledger.post(
			[
				{
					"member": self.member,
					"assessment_period": self.assessment_period,
					"part": REWARD,
					"scoring_item": self.reward_type,
					"points": self.points,
					"remarks": self.description,
				}
			],
			source_doctype=self.doctype,
			source_name=self.name,
		)
		# The core applies the yearly cap over the year's claims in order; this claim is the last line.
		year = frappe.db.get_value("Assessment Period", self.assessment_period, "year")
		claims = [
			Claim(e.scoring_item, to_decimal(e.points), e.name)
			for e in load_effective_entries({self.member}, {year})[(self.member, year)]
			if e.part == REWARD
		]
		line = next(
			line
			for line in score_rewards(scheme_of_period(self.assessment_period), claims).lines
			if line.ref == name
		)
		self.db_set(
			{"ledger_entry": name, "counted_points": float(line.counted), "excess_points": float(line.excess)}
		)
