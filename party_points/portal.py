"""The members' own page (``/points``) and QR check-in to activities: what a Party Member sees and does from a phone.

Controllers layer. Everything read is the logged-in member's own record (and, during a public notice,
their branch's notice, through the same permission hooks as the desk). Every write goes through the
DocType controllers and workflows as the user, as the desk does: an application is inserted and moved by
its workflow's "submit for sign-off" transition, a reward claim with its evidence (a private file attached
to the claim) by its "submit" transition, an objection is inserted as the user. The one exception is the
check-in: a member may not edit an activity, so the signed code of the activity stands for the recorder's
permission, for the member's own attendance row only; the activity's controller still validates it.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from mimetypes import guess_type
from urllib.parse import quote

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions, get_workflow_name
from frappe.utils import cint, flt, get_timedelta, get_url, getdate, now_datetime, today

from party_points import hrms
from party_points.constants import (
	DEPARTMENT_HEAD,
	DRAFT,
	MEMBER,
	OPEN,
	PENDING_SIGN_OFF,
	PERIOD,
	PERIOD_STAGES,
	PROPOSED,
	PUBLIC_NOTICE,
	RETURNED,
	SCORE,
)
from party_points.exceptions import PointsInputError, WrongBranchError
from party_points.loaders import (
	get_scheme,
	load_effective_entries,
	posted,
	quarters_of_years,
	scheme_for_year,
)
from party_points.projections import (
	below_qualified,
	closed_quarters,
	current_period,
	load_projections,
	projection_lines,
)
from party_points.scoring import (
	DAILY_CONDUCT,
	EVALUATION,
	REWARD,
	application_item,
	fmt,
	membership_quarters,
	round2,
	score_quarter,
	to_decimal,
	was_member,
	year_to_date,
)
from party_points.workflow import workflow_state_for

APPLICATION = "Quarterly Application"
CLAIM = "Reward Claim"
OBJECTION = "Score Objection"
ACTIVITY = "Party Activity"
FOLLOW_UP = "Follow-up Action"
TASK_COMPLETION = ("Completed", "In Progress", "Not Completed")
MAX_TASKS = 30
EDITABLE_APPLICATION = (DRAFT, RETURNED)


class NotAPartyMemberError(frappe.PermissionError):
	"""The logged-in user is no Party Member (or is a Guest)."""


class NotYourRecordError(frappe.PermissionError):
	"""A member acting on another member's record from the page."""


class ApplicationLockedError(frappe.ValidationError):
	"""The application has gone on to sign-off or approval and can no longer be changed by the member."""


class EvidenceError(frappe.ValidationError):
	"""Evidence missing, or of a kind of file that is not accepted."""


class InvalidCheckinCodeError(frappe.PermissionError):
	"""A check-in code that is forged, malformed or out of date."""


class CheckinNotOpenError(frappe.ValidationError):
	pass


class CheckinExpiredError(frappe.ValidationError):
	pass


class AttendanceClosedError(frappe.ValidationError):
	"""The activity was submitted or cancelled: its attendance no longer changes."""


class AlreadyCheckedInError(frappe.ValidationError):
	pass


# The member ------------------------------------------------------------------------------------------


def own_member(user: str | None = None) -> frappe._dict:
	"""The logged-in user's Party Member record (the active one first, then the newest); refuses anyone else."""
	user = user or frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in to see your points"), exc=NotAPartyMemberError, title=_("Not Logged In"))
	rows = frappe.get_all(
		MEMBER,
		filters={"user": user},
		fields=[
			"name",
			"full_name",
			"party_branch",
			"party_group",
			"status",
			"join_date",
			"leave_date",
			"user",
			*(("employee",) if frappe.get_meta(MEMBER).has_field("employee") else ()),  # with ERPNext / HRMS
		],
	)
	if not rows:
		frappe.throw(
			_(
				"Your login is not linked to a Party Member record, so there are no points to show. Ask your branch secretary to link it."
			),
			exc=NotAPartyMemberError,
			title=_("Not a Party Member"),
		)
	rows.sort(key=lambda r: (r.status == "Active", str(r.join_date or "")), reverse=True)
	return rows[0]


def own_member_names(user: str | None = None) -> list[str]:
	return frappe.get_all(MEMBER, filters={"user": user or frappe.session.user}, pluck="name")


def page_period() -> frappe._dict | None:
	"""The quarter the page shows: the period covering today, else the latest one that has started."""
	period = current_period()
	if period is None:
		period = frappe.db.get_value(
			PERIOD,
			{"start_date": ("<=", today())},
			["name", "year", "quarter", "start_date", "end_date"],
			as_dict=True,
			order_by="start_date desc",
		)
	if period is None:
		return None
	period.update(frappe.db.get_value(PERIOD, period.name, ["stage", "points_scheme"], as_dict=True) or {})
	period.quarter, period.year = cint(period.quarter), cint(period.year)
	return period


def _number(value) -> str:
	return fmt(round2(to_decimal(value or 0)))


def _date(value) -> str:
	return frappe.format(value, "Date") if value else ""


# The page's data ---------------------------------------------------------------------------------------


@frappe.whitelist()
def get_page_data() -> dict:
	"""Everything the member's page shows, in the member's language (the page renders it in one request)."""
	member = own_member()
	period = page_period()
	data = {
		"member": {
			"name": member.name,
			"full_name": member.full_name,
			"branch": member.party_branch,
			"group": member.party_group,
			"status": _(member.status),
		},
		"period": None,
	}
	if period is None:
		return data
	scheme = get_scheme(period.points_scheme)
	data["period"] = {
		"name": period.name,
		"year": period.year,
		"quarter": period.quarter,
		"stage": period.stage,
		"stage_label": _(period.stage),
		"stages": [
			{"label": _(stage), "done": index < reached, "current": index == reached}
			for reached in (PERIOD_STAGES.index(period.stage) if period.stage in PERIOD_STAGES else -1,)
			for index, stage in enumerate(PERIOD_STAGES)
		],
		"start": _date(period.start_date),
		"end": _date(period.end_date),
	}
	data["quarter"] = this_quarter(member, period, scheme)
	data["year"] = year_so_far(member, period.year)
	data["application"] = application_data(member, period, scheme)
	data["rewards"] = rewards_data(member, period.year)
	data["notice"] = notice_data(member, period)
	data["follow_ups"] = follow_ups(member)
	return data


def this_quarter(member: frappe._dict, period: frappe._dict, scheme) -> dict:
	"""The quarter's dimensions with their figures and caps, the Daily Conduct total, the explanation."""
	name = frappe.db.get_value(SCORE, {"member": member.name, "assessment_period": period.name})
	cap = scheme.cap(DAILY_CONDUCT)
	if name:
		score = frappe.get_doc(SCORE, name)
		score.check_permission("read")
		dimensions = [
			{
				"label": _(row.label or row.dimension),
				"points": _number(row.points),
				"cap": _number(row.cap),
				"start": _number(row.start),
				"additions": _number(row.additions),
				"deductions": _number(row.deductions),
				"share": min(100, round(100 * flt(row.points) / flt(row.cap))) if flt(row.cap) else 0,
			}
			for row in score.dimensions
		]
		return {
			"score": score.name,
			"stage": score.stage,
			"stage_label": _(score.stage),
			"notice_end": _date(score.notice_end),
			"daily_conduct": _number(score.daily_conduct),
			"cap": fmt(cap),
			"dimensions": dimensions,
			"explanation": [line for line in (score.explanation or "").split("\n") if line.strip()],
		}
	# Nothing recorded yet: the starting values, as the quarter close would give them.
	empty = score_quarter((), scheme)
	return {
		"score": None,
		"stage": None,
		"stage_label": "",
		"notice_end": "",
		"daily_conduct": fmt(empty.total),
		"cap": fmt(cap),
		"dimensions": [
			{
				"label": _(d.label),
				"points": fmt(empty.value(d.code)),
				"cap": fmt(d.cap),
				"start": fmt(d.start),
				"additions": "0",
				"deductions": "0",
				"share": min(100, round(100 * empty.value(d.code) / d.cap)) if d.cap else 0,
			}
			for d in scheme.dimensions
		],
		"explanation": [
			_("Nothing has been recorded for you this quarter yet; each dimension shows its starting value.")
		],
	}


def year_so_far(member: frappe._dict, year: int) -> dict:
	"""Each quarter's Daily Conduct, and the evaluation and reward points it brought (the capped excess apart),
	with the projection of the year."""
	scheme = scheme_for_year(year)
	quarters = membership_quarters(
		year,
		getdate(member.join_date) if member.join_date else None,
		getdate(member.leave_date) if member.leave_date else None,
	)
	scores = {
		cint(row.quarter): row
		for row in frappe.get_list(
			SCORE,
			filters={"member": member.name, "year": year},
			fields=["quarter", "daily_conduct", "stage"],
		)
	}
	closed = closed_quarters(year)
	entries = posted(
		load_effective_entries({member.name}, {year}, (EVALUATION, REWARD)).get((member.name, year), []),
		quarters_of_years([year]),
	)
	projection = load_projections({member.name: member}, year).get(member.name)
	mean = _number(projection.mean) if projection and projection.mean is not None else None
	empty_total = score_quarter((), scheme).total
	rows, before = [], None
	for quarter in (1, 2, 3, 4):
		upto = year_to_date(scheme, entries, quarters or (quarter,), quarter)
		evaluation = round2(upto.evaluation.points) - (round2(before.evaluation.points) if before else 0)
		reward = round2(upto.rewards.counted) - (round2(before.rewards.counted) if before else 0)
		excess = round2(upto.rewards.excess) - (round2(before.rewards.excess) if before else 0)
		before = upto
		score = scores.get(quarter)
		if score is None and quarter in closed and quarter in quarters:
			# a closed quarter with nothing recorded counts the starting values, here as in the rating
			score = frappe._dict(daily_conduct=float(empty_total), stage="")
		rows.append(
			{
				"quarter": quarter,
				"label": _("Q{0}").format(quarter),
				"member": quarter in quarters,
				"scored": quarter in closed and quarter in quarters,
				"daily_conduct": _number(score.daily_conduct) if score else None,
				"daily_value": flt(score.daily_conduct) if score else None,
				"projected": mean if projection and quarter in projection.remaining else None,
				"projected_value": flt(projection.mean)
				if projection and quarter in projection.remaining
				else None,
				"evaluation": fmt(evaluation),
				"reward": fmt(reward),
				"excess": fmt(excess),
				"has_excess": excess > 0,
				"stage": _(score.stage) if score else "",
			}
		)
	return {
		"year": year,
		"cap": flt(scheme.cap(DAILY_CONDUCT)),
		"quarters": rows,
		"projection": projection_data(projection),
	}


def projection_data(projection) -> dict | None:
	if projection is None:
		return None
	next_target = projection.next_target
	return {
		"score": fmt(projection.score) if projection.score is not None else None,
		"grade": projection.grade,
		"grade_label": _(projection.grade) if projection.grade else "",
		"below_qualified": below_qualified(projection),
		"daily_conduct": fmt(projection.daily_conduct) if projection.daily_conduct is not None else None,
		"evaluation": fmt(projection.evaluation),
		"evaluation_so_far": fmt(projection.evaluation_so_far),
		"evaluation_basis": projection.evaluation_basis,
		"reward": fmt(projection.reward),
		"reward_excess": fmt(projection.reward_excess),
		"vetoed": projection.vetoed,
		"next": {
			"grade_label": _(next_target.grade),
			"score": fmt(next_target.score),
			"per_quarter": fmt(next_target.per_quarter) if next_target.reachable else None,
			"quarters": len(projection.remaining),
		}
		if next_target
		else None,
		"lines": projection_lines(projection),
	}


def application_data(member: frappe._dict, period: frappe._dict, scheme) -> dict:
	"""The quarter's application (if any) with its status and the department head's remarks."""
	item = application_item(scheme)
	limit = item.quarter_limit if item.quarter_limit is not None else scheme.dimension(item.dimension).cap
	rows = frappe.get_list(
		APPLICATION,
		filters={"member": member.name, "assessment_period": period.name, "docstatus": ("<", 2)},
		pluck="name",
		order_by="creation desc",
		limit_page_length=1,
	)
	out = {
		"limit": fmt(limit),
		"item_label": _(scheme.dimension(item.dimension).label)
		if scheme.dimension(item.dimension)
		else _(item.label),
		"can_apply": period.stage == OPEN,
		"heads": department_heads(),
		# HRMS's head (reports-to, then the department's approver) for an employee, else the last one used
		"default_head": (member.get("employee") and hrms.suggest_department_head(member.name).user)
		or last_department_head(member.name),
		"completions": [{"value": c, "label": _(c)} for c in TASK_COMPLETION],
		"doc": None,
	}
	if not rows:
		return out
	doc = frappe.get_doc(APPLICATION, rows[0])
	doc.check_permission("read")
	out["doc"] = {
		"name": doc.name,
		"status": doc.status,
		"status_label": _(doc.status),
		"editable": doc.docstatus == 0 and doc.status in EDITABLE_APPLICATION and period.stage == OPEN,
		"self_score": fmt(to_decimal(doc.self_score or 0)),
		"department_head": doc.department_head,
		"department_head_name": frappe.utils.get_fullname(doc.department_head) if doc.department_head else "",
		"tasks": [{"task": t.task, "completion": t.completion, "label": _(t.completion)} for t in doc.tasks],
		"tasks_completed": bool(doc.tasks_completed),
		"quality": _(doc.quality) if doc.quality else "",
		"approved_score": fmt(to_decimal(doc.approved_score)) if doc.signed_off_by else "",
		"head_remarks": doc.head_remarks or "",
		"signed_off_on": frappe.format(doc.signed_off_on, "Datetime") if doc.signed_off_on else "",
		"return_reason": doc.return_reason if doc.status == RETURNED else "",
	}
	return out


def department_heads() -> list[dict]:
	"""Enabled users with the Department Head role, never the member themselves (one query)."""
	user = frappe.qb.DocType("User")
	role = frappe.qb.DocType("Has Role")
	rows = (
		frappe.qb.from_(user)
		.join(role)
		.on((role.parent == user.name) & (role.parenttype == "User"))
		.select(user.name, user.full_name)
		.distinct()
		.where(role.role == DEPARTMENT_HEAD)
		.where(user.enabled == 1)
		.where(user.name != frappe.session.user)
		.orderby(user.full_name)
		.limit(500)
	).run(as_dict=True)
	return [{"value": r.name, "label": r.full_name or r.name} for r in rows]


def last_department_head(member: str) -> str | None:
	rows = frappe.get_list(
		APPLICATION,
		filters={"member": member},
		pluck="department_head",
		order_by="creation desc",
		limit_page_length=1,
	)
	return rows[0] if rows else None


def reward_types(scheme) -> list[dict]:
	"""The catalogue rewards a member claims with evidence (other exemplary conduct is the branch's proposal)."""
	return [
		{"code": r.code, "label": _(r.label), "points": fmt(r.points)}
		for r in scheme.reward_types
		if not r.variable and not r.needs_approval
	]


def rewards_data(member: frappe._dict, year: int) -> dict:
	scheme = scheme_for_year(year)
	claims = frappe.get_list(
		CLAIM,
		filters={"member": member.name, "claim_date": ("between", [f"{year}-01-01", f"{year}-12-31"])},
		fields=[
			"name",
			"reward_type",
			"points",
			"status",
			"counted_points",
			"excess_points",
			"claim_date",
			"evidence",
			"docstatus",
		],
		order_by="claim_date desc, creation desc",
		limit_page_length=50,
	)
	labels = {r.code: _(r.label) for r in scheme.reward_types}
	return {
		"types": reward_types(scheme),
		"today": today(),
		"claims": [
			{
				"name": c.name,
				"label": labels.get(c.reward_type, c.reward_type),
				"points": _number(c.points),
				"status": c.status,
				"status_label": _(c.status),
				"counted": _number(c.counted_points) if c.docstatus == 1 else "",
				"excess": _number(c.excess_points) if c.docstatus == 1 and flt(c.excess_points) else "",
				"date": _date(c.claim_date),
				"evidence": c.evidence or "",
			}
			for c in claims
		],
	}


def notice_data(member: frappe._dict, period: frappe._dict) -> dict:
	"""During the public notice: the branch's notice, the member's own score and whether they may object."""
	rows = frappe.get_list(
		SCORE,
		filters={
			"party_branch": member.party_branch,
			"assessment_period": period.name,
			"stage": PUBLIC_NOTICE,
		},
		fields=["name", "member", "member_name", "daily_conduct", "notice_end"],
		order_by="daily_conduct desc, member_name asc",
		limit_page_length=0,
	)
	own = frappe.get_list(
		SCORE,
		filters={"member": member.name, "assessment_period": period.name},
		fields=["name", "stage", "notice_end", "daily_conduct"],
		limit_page_length=1,
	)
	own = own[0] if own else None
	objections = frappe.get_list(
		OBJECTION,
		filters={"member": member.name, "assessment_period": period.name},
		fields=["name", "status", "reason", "answer", "creation"],
		order_by="creation desc",
	)
	board, rank, previous = [], 0, None
	for position, row in enumerate(rows, start=1):
		if row.daily_conduct != previous:
			rank, previous = position, row.daily_conduct
		board.append(
			{
				"rank": rank,
				"member_name": row.member_name,
				"daily_conduct": _number(row.daily_conduct),
				"is_me": row.member == member.name,
			}
		)
	ends = [getdate(r.notice_end) for r in rows if r.notice_end]
	can_object = bool(
		own
		and own.stage == PUBLIC_NOTICE
		and (not own.notice_end or getdate(today()) < getdate(own.notice_end))
	)
	return {
		"open": bool(rows) or bool(objections),
		"ends": _date(max(ends)) if ends else "",
		"board": board,
		"own_score": own.name if own else None,
		"own_stage_label": _(own.stage) if own else "",
		"can_object": can_object,
		"objections": [
			{
				"name": o.name,
				"status_label": _("Answered") if o.status == "Answered" else _("Awaiting an answer"),
				"answered": o.status == "Answered",
				"reason": o.reason,
				"answer": o.answer or "",
				"date": _date(o.creation),
			}
			for o in objections
		],
	}


def follow_ups(member: frappe._dict) -> list[dict]:
	"""The follow-up actions (admonition talk, mentoring) that concern the member, with their dates."""
	rows = frappe.get_all(
		FOLLOW_UP,
		filters={"member": ("in", own_member_names() or [""]), "status": ("!=", "Cancelled")},
		fields=["name", "action_type", "due_date", "status", "person_in_charge", "completed_on"],
		order_by="due_date asc",
	)
	return [
		{
			"name": r.name,
			"action_label": _(r.action_type),
			"due": _date(r.due_date),
			"status_label": _(r.status),
			"done": r.status == "Done",
			"overdue": r.status == "Open" and r.due_date and getdate(r.due_date) < getdate(today()),
			"person": frappe.utils.get_fullname(r.person_in_charge) if r.person_in_charge else "",
			"completed_on": _date(r.completed_on),
		}
		for r in rows
	]


# Writes ------------------------------------------------------------------------------------------------


def _transition_to(doc, field: str, value: str) -> str | None:
	"""The workflow action available to the user that moves ``doc`` into the state setting ``field`` to
	``value`` (state and action names are the company's to change); None without a workflow."""
	if not get_workflow_name(doc.doctype):
		return None
	target = workflow_state_for(doc.doctype, field, value)
	for transition in get_transitions(doc):
		if transition.next_state == target:
			return transition.action
	frappe.throw(
		_("You cannot move {0} to {1} now").format(doc.name, _(value)),
		exc=frappe.PermissionError,
	)


def _move(doc, field: str, value: str):
	action = _transition_to(doc, field, value)
	if action is None:
		doc.set(field, value)
		doc.save()
		return doc
	return apply_workflow(doc, action)


@frappe.whitelist()
def save_application(
	tasks: list | str, self_score: float, department_head: str, submit: int | str = 0
) -> dict:
	"""Save the quarter's application (a new one, or the member's draft or returned one) and, with
	``submit``, send it for the department head's sign-off. ``tasks``: [{"task", "completion"}]."""
	member = own_member()
	period = page_period()
	if period is None:
		frappe.throw(_("There is no assessment period to apply for"), exc=frappe.ValidationError)
	tasks = frappe.parse_json(tasks) if isinstance(tasks, str) else tasks
	rows = [
		{"task": (t.get("task") or "").strip(), "completion": t.get("completion") or "Completed"}
		for t in (tasks or [])
		if (t.get("task") or "").strip()
	]
	if not rows:
		frappe.throw(_("List at least one work task of the quarter"), exc=frappe.MandatoryError)
	if len(rows) > MAX_TASKS:
		frappe.throw(_("List at most {0} tasks").format(MAX_TASKS), exc=frappe.ValidationError)
	for row in rows:
		if row["completion"] not in TASK_COMPLETION:
			frappe.throw(_("Unknown completion {0}").format(row["completion"]), exc=frappe.ValidationError)
	existing = frappe.get_list(
		APPLICATION,
		filters={"member": member.name, "assessment_period": period.name, "docstatus": 0},
		pluck="name",
		limit_page_length=1,
	)
	if existing:
		doc = frappe.get_doc(APPLICATION, existing[0])
		if doc.status not in EDITABLE_APPLICATION:
			frappe.throw(
				_("Your application {0} is {1}; it can no longer be changed").format(doc.name, _(doc.status)),
				exc=ApplicationLockedError,
			)
	else:
		doc = frappe.new_doc(APPLICATION)
		doc.member = member.name
		doc.assessment_period = period.name
	doc.department_head = department_head
	doc.self_score = flt(self_score)
	doc.set("tasks", rows)
	doc.save()
	if cint(submit):
		doc = _move(doc, "status", PENDING_SIGN_OFF)
	return {"name": doc.name, "status": doc.status, "status_label": _(doc.status)}


@frappe.whitelist(methods=["POST"])
def claim_reward(reward_type: str, claim_date: str, description: str) -> dict:
	"""Claim a catalogue reward with its evidence, sent as the multipart file ``evidence``: the claim is
	created, the file attached to it as a private file, and the claim submitted for the secretary's approval."""
	member = own_member()
	if getdate(claim_date) > getdate(today()):
		frappe.throw(_("The date of the achievement cannot be in the future"), exc=frappe.ValidationError)
	scheme = scheme_for_year(getdate(claim_date).year)
	if reward_type not in {r["code"] for r in reward_types(scheme)}:
		frappe.throw(
			_(
				"{0} cannot be claimed here; other exemplary conduct is proposed by your branch committee"
			).format(reward_type),
			exc=PointsInputError,
		)
	upload = (frappe.request.files or {}).get("evidence") if frappe.request else None
	if upload is None or not upload.filename:
		frappe.throw(_("Attach the evidence of the reward"), exc=EvidenceError)
	content = upload.stream.read()
	if not content:
		frappe.throw(_("The evidence file is empty"), exc=EvidenceError)
	from frappe.handler import ALLOWED_MIMETYPES

	if guess_type(upload.filename)[0] not in ALLOWED_MIMETYPES:
		frappe.throw(_("Attach a photo (JPG, PNG) or a PDF or office document"), exc=EvidenceError)
	doc = frappe.get_doc(
		{
			"doctype": CLAIM,
			"member": member.name,
			"claim_date": claim_date,
			"reward_type": reward_type,
			"description": (description or "").strip(),
		}
	).insert()
	evidence = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": upload.filename,
			"attached_to_doctype": CLAIM,
			"attached_to_name": doc.name,
			"attached_to_field": "evidence",
			"is_private": 1,
			"content": content,
		}
	).insert()
	doc = frappe.get_doc(CLAIM, doc.name)  # attaching touched it (its comments): read it again
	doc.evidence = evidence.file_url
	doc.save()
	doc = _move(doc, "status", PROPOSED)
	return {"name": doc.name, "status": doc.status, "status_label": _(doc.status), "evidence": doc.evidence}


@frappe.whitelist(methods=["POST"])
def lodge_objection(member_score: str, reason: str) -> dict:
	"""Object to one's own score while it is on public notice; the objection reopens it for review."""
	own_member()
	if frappe.db.get_value(SCORE, member_score, "member") not in set(own_member_names()):
		frappe.throw(_("You can object only to your own score here"), exc=NotYourRecordError)
	doc = frappe.get_doc(
		{"doctype": OBJECTION, "member_score": member_score, "reason": (reason or "").strip()}
	)
	doc.insert()
	return {"name": doc.name, "status_label": _(doc.status)}


# QR check-in -------------------------------------------------------------------------------------------

DEFAULT_OPENS_BEFORE = 30
"""Minutes before the start at which check-in opens."""
DEFAULT_GRACE = 10
"""Minutes after the start after which a check-in counts as Late."""
TOKEN_PURPOSE = b"party_points.checkin:"


@dataclass(frozen=True)
class Window:
	opens: datetime
	starts: datetime | None
	late_after: datetime | None
	closes: datetime


def _setting(field: str, default: int) -> int:
	"""A check-in setting of Party Points Settings, or its default while the settings have never saved it (a
	site from before the setting; a saved 0 stays 0). Read raw, as an unsaved Int of a Single would read 0."""
	value = frappe.db.get_singles_dict("Party Points Settings").get(field)
	return default if value is None or value == "" else cint(value)


def checkin_window(doc) -> Window:
	"""When members may check in to the activity: from ``opens before`` minutes before its start to its end;
	Late after the start plus the grace. Without a start time, the whole day of the activity, nobody Late."""
	day = datetime.combine(getdate(doc.activity_date), datetime.min.time())
	start = doc.get("start_time")
	end = doc.get("end_time")
	starts = day + get_timedelta(start) if start not in (None, "") else None
	if starts is not None:
		opens = starts - timedelta(minutes=_setting("checkin_opens_before_minutes", DEFAULT_OPENS_BEFORE))
		late_after = starts + timedelta(minutes=_setting("checkin_grace_minutes", DEFAULT_GRACE))
	else:
		opens, late_after = day, None
	if end in (None, ""):
		closes = day + timedelta(days=1, seconds=-1)  # the end of the activity's day
	else:
		closes = day + get_timedelta(end)
		if starts is not None and closes <= starts:  # ends after midnight
			closes += timedelta(days=1)
	return Window(opens, starts, late_after, closes)


def _signature(payload: str) -> str:
	from frappe.utils.verified_command import get_secret

	digest = hmac.new(get_secret().encode(), TOKEN_PURPOSE + payload.encode(), hashlib.sha256).digest()
	return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def checkin_token(activity: str, closes: datetime) -> str:
	"""A code for the activity, signed with the site's secret, that expires when the window closes."""
	payload = f"{activity}.{closes.strftime('%Y%m%d%H%M%S')}"
	return f"{payload}.{_signature(payload)}"


def read_token(token: str) -> tuple[str, datetime]:
	"""The activity and expiry of a genuine code; InvalidCheckinCodeError for anything else."""
	try:
		activity, stamp, signature = (token or "").strip().rsplit(".", 2)
		closes = datetime.strptime(stamp, "%Y%m%d%H%M%S")
	except ValueError:
		closes = None
	if closes is None or not hmac.compare_digest(signature, _signature(f"{activity}.{stamp}")):
		frappe.throw(
			_("This check-in code is not valid. Scan the code shown at the activity again."),
			exc=InvalidCheckinCodeError,
			title=_("Invalid Code"),
		)
	return activity, closes


def checkin_url(token: str) -> str:
	return get_url(f"/checkin?t={quote(token, safe='')}")


def _fmt_time(value: datetime | None, day=None) -> str:
	"""A time of the check-in window: the hour alone on the activity's day, else the date and hour."""
	if not value:
		return ""
	if day is not None and value.date() == getdate(day):
		return value.strftime("%H:%M")
	return f"{frappe.format(value.date(), 'Date')} {value.strftime('%H:%M')}"


def _check(token: str, for_update: bool = False) -> tuple:
	"""Every check before a check-in, in order; returns (activity doc, member, window, status)."""
	own_member()  # a Guest or a user who is no Party Member is told so first
	name, closes = read_token(token)
	if not frappe.db.exists(ACTIVITY, name):
		frappe.throw(
			_("This check-in code is not valid. Scan the code shown at the activity again."),
			exc=InvalidCheckinCodeError,
			title=_("Invalid Code"),
		)
	doc = frappe.get_doc(ACTIVITY, name, for_update=for_update)
	window = checkin_window(doc)
	if window.closes != closes:
		frappe.throw(
			_("This check-in code is out of date: the activity's times have changed. Scan the current code."),
			exc=InvalidCheckinCodeError,
			title=_("Invalid Code"),
		)
	if doc.docstatus != 0:
		frappe.throw(_("The attendance of {0} is closed").format(doc.title), exc=AttendanceClosedError)
	now = now_datetime()
	if now > window.closes:
		frappe.throw(
			_("The check-in to {0} closed at {1}").format(doc.title, _fmt_time(window.closes)),
			exc=CheckinExpiredError,
			title=_("Check-in Closed"),
		)
	if now < window.opens:
		frappe.throw(
			_("The check-in to {0} opens at {1}").format(doc.title, _fmt_time(window.opens)),
			exc=CheckinNotOpenError,
			title=_("Not Open Yet"),
		)
	day = getdate(doc.activity_date)
	records = frappe.get_all(
		MEMBER,
		filters={"user": frappe.session.user, "party_branch": doc.party_branch},
		fields=["name", "full_name", "join_date", "leave_date"],
	)
	record = next(
		(
			r
			for r in records
			if was_member(
				getdate(r.join_date) if r.join_date else None,
				getdate(r.leave_date) if r.leave_date else None,
				day,
				day,
			)
		),
		None,
	)
	if record is None:
		frappe.throw(
			_("Only members of {0} can check in to this activity").format(doc.party_branch),
			exc=WrongBranchError,
			title=_("Another Branch"),
		)
	listed = next((row for row in doc.attendance if row.member == record.name), None)
	if listed is not None:
		frappe.throw(
			_("You are already on the attendance of {0} ({1})").format(doc.title, _(listed.status)),
			exc=AlreadyCheckedInError,
			title=_("Already Checked In"),
		)
	status = "Late" if window.late_after is not None and now > window.late_after else "Present"
	return doc, record, window, status


def _activity_info(doc, window: Window) -> dict:
	return {
		"activity": doc.name,
		"title": doc.title,
		"activity_type": _(doc.activity_type),
		"branch": doc.party_branch,
		"date": _date(doc.activity_date),
		"starts": _fmt_time(window.starts, doc.activity_date),
		"late_after": _fmt_time(window.late_after, doc.activity_date),
		"closes": _fmt_time(window.closes, doc.activity_date),
	}


def preview_check_in(token: str) -> dict:
	"""What a check-in with this code would do, writing nothing: {"ok", "message", activity info}."""
	try:
		doc, member, window, status = _check(token)
	except (frappe.ValidationError, frappe.PermissionError) as error:
		frappe.clear_messages()
		return {"ok": False, "message": str(error), "error": type(error).__name__}
	return {
		"ok": True,
		"status": status,
		"status_label": _(status),
		"member_name": member.full_name,
		**_activity_info(doc, window),
	}


@frappe.whitelist(methods=["POST"])
def check_in(token: str) -> dict:
	"""Check the logged-in member in to the activity of a signed code: Present, or Late after the grace.

	Refused, with nothing written, for a forged or out-of-date code, outside the window, for a member of
	another branch, a second check-in, or an activity already submitted. The row is added through the
	activity's own controller (a draft activity's attendance), so submitting it posts the points as ever.
	"""
	doc, member, window, status = _check(token, for_update=True)
	doc.append(
		"attendance",
		{
			"member": member.name,
			"member_name": member.full_name,
			"status": status,
			"checked_in_at": now_datetime(),
		},
	)
	doc.flags.ignore_permissions = True  # the signed code stands for the recorder's permission, for this row
	doc.save()
	return {
		"status": status,
		"status_label": _(status),
		"member_name": member.full_name,
		**_activity_info(doc, window),
	}


@frappe.whitelist()
def checkin_qr(activity: str) -> dict:
	"""The QR code of an activity's check-in, for the secretary or recorder who may edit the activity."""
	import pyqrcode

	doc = frappe.get_doc(ACTIVITY, activity)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("The attendance of {0} is closed").format(doc.title), exc=AttendanceClosedError)
	window = checkin_window(doc)
	if now_datetime() > window.closes:
		frappe.throw(
			_("The check-in to {0} closed at {1}").format(doc.title, _fmt_time(window.closes)),
			exc=CheckinExpiredError,
		)
	url = checkin_url(checkin_token(doc.name, window.closes))
	# SVG, as Frappe's own two-factor QR codes: pyqrcode is Frappe's dependency, PNG would need pypng too
	stream = BytesIO()
	pyqrcode.create(url, error="M").svg(stream, scale=6, quiet_zone=4, background="#fff", omithw=True)
	image = base64.b64encode(stream.getvalue()).decode()
	return {
		"url": url,
		"image": f"data:image/svg+xml;base64,{image}",
		"opens": _fmt_time(window.opens, doc.activity_date),
		"late_after": _fmt_time(window.late_after, doc.activity_date),
		"closes": _fmt_time(window.closes, doc.activity_date),
		"attendees": len(doc.attendance),
	}
