import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, strip_html, today

from party_points import notifications
from party_points.constants import FINAL_STAGES, MEMBER, PUBLIC_NOTICE, SCORE
from party_points.exceptions import NoticeNotOverError, OpenObjectionError, ScoreComputedError
from party_points.guards import notice_days, refuse_own
from party_points.loaders import get_scheme
from party_points.meeting import check_meeting_adopted
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

	def onload(self) -> None:
		self.set_onload("explanation", self.explanation)

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
		check_meeting_adopted(self)
		if self.stage == PUBLIC_NOTICE:
			self.notice_end = add_days(today(), notice_days())
		if self.stage in FINAL_STAGES:
			if not self.notice_end:
				frappe.throw(
					_(
						"{0} has not been on public notice yet; it can be filed or verified only after its notice has ended"
					).format(self.name),
					exc=NoticeNotOverError,
				)
			if getdate(today()) < getdate(self.notice_end):
				frappe.throw(
					_(
						"The public notice of {0} runs until {1}; it can be filed or verified only from that day on"
					).format(self.name, frappe.format(self.notice_end, "Date")),
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


SAVEPOINT = "party_points_branch_score"


def _branch_scores(party_branch: str, assessment_period: str) -> list[frappe._dict]:
	"""The branch's scores of the period that the user may see, in member order (one query)."""
	frappe.has_permission(SCORE, "write", throw=True)
	return frappe.get_list(
		SCORE,
		filters={"party_branch": party_branch, "assessment_period": assessment_period},
		fields=["name", "member", "member_name", "stage", "workflow_state", "owner"],
		order_by="member_name asc, name asc",
		limit_page_length=0,
	)


def _workflow():
	from frappe.model.workflow import get_workflow, get_workflow_name

	if not get_workflow_name(SCORE):
		frappe.throw(_("Member Score has no active workflow"), exc=frappe.ValidationError)
	return get_workflow(SCORE)


def _stage_of_state(workflow) -> dict[str, str | None]:
	"""Each workflow state's Member Score stage (the value its Update Field sets)."""
	return {s.state: s.update_value if s.update_field == "stage" else None for s in workflow.states}


def _own_members(user: str | None = None) -> set[str]:
	return set(frappe.get_all(MEMBER, filters={"user": user or frappe.session.user}, pluck="name"))


def _refusal(
	score: frappe._dict, transition, stage_of: dict, own: set[str], workflow=None
) -> tuple[str, str] | None:
	"""Why this score cannot take the transition, before anything is tried: ``(kind, reason)`` with kind
	"stage" (not at a stage for it), "own" (the user's own score) or "rule"; None when it may be tried."""
	if transition is None:
		stage = _(score.stage or score.workflow_state or "")
		if workflow and any(
			t.state == score.workflow_state and t.action == score.action for t in workflow.transitions
		):
			return "rule", _("Your role may not apply {0} to a score at the stage {1}").format(
				_(score.action), stage
			)
		return "stage", _("{0} is not available from the stage {1}").format(_(score.action), stage)
	if score.member in own and stage_of.get(transition.next_state) in FINAL_STAGES:
		return "own", _("Your own score is left for someone else to file or verify")
	user = frappe.session.user
	if not transition.allow_self_approval and user != "Administrator" and score.owner == user:
		return "own", _("Self approval is not allowed")
	return None


def _transition_for(workflow, state: str | None, action: str, roles: set[str]):
	return next(
		(t for t in workflow.transitions if t.state == state and t.action == action and t.allowed in roles),
		None,
	)


@frappe.whitelist()
def branch_actions(party_branch: str, assessment_period: str) -> dict:
	"""The workflow actions the user may apply to at least one score of a branch and period.

	Returns ``{"total": n, "stages": [{"stage", "label", "count"}], "actions": [{"action", "label",
	"count", "own"}]}``: ``count`` scores can take the action, ``own`` more are the user's own and are
	left for someone else. Conditional transitions are checked on each score; the others by its state.
	"""
	from frappe.model.workflow import is_transition_condition_satisfied

	scores = _branch_scores(party_branch, assessment_period)
	workflow = _workflow()
	stage_of = _stage_of_state(workflow)
	roles, own = set(frappe.get_roles()), _own_members()
	actions: dict[str, dict] = {}
	for transition in workflow.transitions:
		if transition.allowed not in roles:
			continue
		entry = actions.setdefault(
			transition.action,
			{"action": transition.action, "label": _(transition.action), "count": 0, "own": 0},
		)
		for score in scores:
			if score.workflow_state != transition.state:
				continue
			refused = _refusal(frappe._dict(score, action=transition.action), transition, stage_of, own)
			if refused is not None:
				entry["own"] += refused[0] == "own"
				continue
			if transition.condition and not is_transition_condition_satisfied(
				transition, frappe.get_doc(SCORE, score.name)
			):
				continue
			entry["count"] += 1
	stages: dict[str, int] = {}
	for score in scores:
		stages[score.stage] = stages.get(score.stage, 0) + 1
	return {
		"total": len(scores),
		"stages": [{"stage": s, "label": _(s), "count": n} for s, n in stages.items()],
		"actions": [a for a in actions.values() if a["count"]],
	}


@frappe.whitelist()
def apply_to_branch(party_branch: str, assessment_period: str, action: str) -> dict:
	"""Apply one workflow action (e.g. Publish Notice) to every score of a branch and period that can take it.

	Each score moves in a savepoint of its own: when a rule refuses one (the notice has not ended, an
	objection is open...), that score alone is rolled back, with the rule's message, and the others go on.
	The acting user's own score is left for someone else to file or verify.

	Returns ``{"action", "label", "moved": [names], "skipped": [{"name", "member_name", "stage", "kind",
	"reason"}]}``; ``kind`` is "stage" (not at a stage the action leaves), "own" or "rule".
	"""
	from frappe.model.workflow import apply_workflow

	scores = _branch_scores(party_branch, assessment_period)
	workflow = _workflow()
	stage_of = _stage_of_state(workflow)
	roles, own = set(frappe.get_roles()), _own_members()
	moved, skipped = [], []
	for score in scores:
		transition = _transition_for(workflow, score.workflow_state, action, roles)
		refused = _refusal(frappe._dict(score, action=action), transition, stage_of, own, workflow)
		if refused is None:
			reason = _try_transition(score.name, action, apply_workflow)
			refused = None if reason is None else ("rule", reason)
		if refused is None:
			moved.append(score.name)
		else:
			skipped.append(
				{
					"name": score.name,
					"member_name": score.member_name,
					"stage": _(score.stage or ""),
					"kind": refused[0],
					"reason": refused[1],
				}
			)
	if moved and frappe.db.get_value(SCORE, moved[0], "stage") == PUBLIC_NOTICE:
		notifications.notice_to_secretary(party_branch, assessment_period)
	return {"action": action, "label": _(action), "moved": moved, "skipped": skipped}


def _try_transition(name: str, action: str, apply_workflow) -> str | None:
	"""Apply the action to one score in a savepoint; on a refusal roll it back and return the message."""
	messages = len(frappe.local.message_log)
	frappe.db.savepoint(SAVEPOINT)
	try:
		apply_workflow(frappe.get_doc(SCORE, name), action)
	except (frappe.ValidationError, frappe.PermissionError) as error:
		frappe.db.rollback(save_point=SAVEPOINT)
		logged = frappe.local.message_log[messages:]
		del frappe.local.message_log[messages:]  # the reason goes into the result, not into a dialog
		text = str(error) or (logged[-1].get("message") if logged else "")
		return strip_html(text).strip() or _("Refused: {0}").format(type(error).__name__)
	frappe.db.release_savepoint(SAVEPOINT)
	return None


def on_doctype_update() -> None:
	"""The reports and the quarter close read a period's scores by branch; this index also serves lookups by
	period alone, so the period field has no index of its own (one index fewer to keep at every write)."""
	frappe.db.add_index("Member Score", ["assessment_period", "party_branch"])
