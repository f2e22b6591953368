import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, today

from party_points import notifications
from party_points.constants import FINAL_STAGES, PUBLIC_NOTICE
from party_points.exceptions import NoticeNotOverError, OpenObjectionError, ScoreComputedError
from party_points.guards import notice_days, refuse_own
from party_points.loaders import get_scheme
from party_points.scoring import score_trail
from party_points.utils import render

COMPUTED = (
	"daily_conduct",
	"evaluation_points",
	"reward_points",
	"reward_excess",
	"trail",
	"entry_count",
	"member",
)


class MemberScore(Document):
	"""A member's points for one period, recomputed from the ledger by the service, never typed in.

	Its ``stage`` is moved by the configurable workflow; the rules below hold whatever the states are called.
	"""

	@property
	def explanation(self) -> str:
		scheme = frappe.db.get_value("Assessment Period", self.assessment_period, "points_scheme")
		return render(score_trail(json.loads(self.trail or "[]"), get_scheme(scheme) if scheme else None))

	def validate(self) -> None:
		if self.flags.from_ledger:
			return
		if self.is_new() or any(self.has_value_changed(f) for f in COMPUTED):
			frappe.throw(
				_("Member Scores are computed from the points ledger; post a ledger entry instead"),
				exc=ScoreComputedError,
			)
		self.validate_stage_change()

	def validate_stage_change(self) -> None:
		if not self.has_value_changed("stage"):
			return
		if self.stage == PUBLIC_NOTICE:
			self.notice_end = add_days(today(), notice_days())
		if self.stage in FINAL_STAGES:
			if not self.notice_end or getdate(today()) < getdate(self.notice_end):
				frappe.throw(
					_(
						"The public notice of {0} runs until {1}; it cannot be filed or verified before"
					).format(
						self.name,
						frappe.format(self.notice_end, "Date") if self.notice_end else _("it is published"),
					),
					exc=NoticeNotOverError,
				)
			if frappe.db.exists("Score Objection", {"member_score": self.name, "status": "Open"}):
				frappe.throw(
					_("{0} has an open objection; answer it first").format(self.name), exc=OpenObjectionError
				)
		if self.stage in FINAL_STAGES:
			refuse_own(self.member, self.doctype)

	def on_update(self) -> None:
		if self.stage == PUBLIC_NOTICE and self.has_value_changed("stage") and not self.flags.from_ledger:
			notifications.scores_published([self])

	def on_trash(self) -> None:
		frappe.throw(
			_("Member Scores cannot be deleted; they are rebuilt from the ledger"), exc=ScoreComputedError
		)


@frappe.whitelist()
def apply_to_branch(party_branch: str, assessment_period: str, action: str) -> list[str]:
	"""Apply one workflow action to every score of a branch and period that allows it (e.g. Publish Notice).

	The acting user's own score is left for someone else to file or verify.
	"""
	from frappe.model.workflow import apply_workflow, get_transitions

	own = set(frappe.get_all("Party Member", filters={"user": frappe.session.user}, pluck="name"))
	scores = frappe.get_list(
		"Member Score",
		filters={"party_branch": party_branch, "assessment_period": assessment_period},
		fields=["name", "member"],
	)
	moved = []
	for score in scores:
		doc = frappe.get_doc("Member Score", score.name)
		transition = next((t for t in get_transitions(doc) if t.action == action), None)
		if transition is None:
			continue
		next_stage = frappe.db.get_value(
			"Workflow Document State",
			{"parent": transition.parent, "state": transition.next_state},
			"update_value",
		)
		if score.member in own and next_stage in FINAL_STAGES:
			frappe.msgprint(_("Your own score {0} was left for someone else").format(score.name), alert=True)
			continue
		apply_workflow(doc, action)
		moved.append(score.name)
	if moved and frappe.db.get_value("Member Score", moved[0], "stage") == PUBLIC_NOTICE:
		notifications.notice_to_secretary(party_branch, assessment_period)
	return moved


def on_doctype_update() -> None:
	"""The reports and the quarter close read a period's scores by branch; this index also serves lookups by
	period alone, so the period field has no index of its own (one index fewer to keep at every write)."""
	frappe.db.add_index("Member Score", ["assessment_period", "party_branch"])
