"""The general members' meeting (党员大会评定): it adopts a branch's scores before the public notice.

A *Branch Members Meeting* names the branch, the period whose scores it adopts, and the Party Activity
(type Branch Members' Meeting) that took its attendance. Nobody is typed twice: the attendance comes
from that activity, whose submission posts the attendance points by the scheme's rules, as for any
activity; the meeting itself posts nothing. Its roster is the branch's members who were members in the
period; the quorum is the core's rule (``scoring.meeting``) with the share set in Party Points Settings.

The rule the scores obey reads their semantic ``stage``, never a workflow state's name: a score enters
*Adopted* or *Public Notice* only when a submitted meeting of its branch and period reached its quorum
and adopted the scores by a resolution. It holds whatever the workflow looks like, so a company that
removes the meeting state from its workflow still needs the meeting before the notice (the domain's rule,
DOMAIN.md §3); a company whose branches do not hold this meeting switches the rule off in the settings,
a visible decision rather than a side effect of editing a workflow.
"""

import frappe
from frappe import _
from frappe.utils import cint, getdate, strip_html, today

from party_points.constants import (
	ADOPTED,
	FILED,
	MEETING,
	MEETING_ACTIVITY_TYPE,
	ORGANIZATION,
	PERIOD,
	PUBLIC_NOTICE,
	SCORE,
	VERIFIED,
)
from party_points.desk import branch_members
from party_points.exceptions import NoPeriodError
from party_points.scoring import ScoringError
from party_points.scoring.meeting import MORE_THAN, QuorumRule, attended, quorum
from party_points.utils import render, translate_scoring_error

SETTINGS = "Party Points Settings"
ACTIVITY = "Party Activity"
BRANCH = "Party Branch"
NOT_LISTED = "Not Listed"
"""The attendance of a member of the roster whom the activity does not list: absent."""
ADOPTED_STAGES = (ADOPTED, PUBLIC_NOTICE, FILED, VERIFIED)
"""A score in these stages relies on its branch's adopting meeting."""


class MeetingNotAdoptedError(frappe.ValidationError):
	"""Scores cannot be adopted or go on notice: no members' meeting of the branch adopted them."""


class QuorumNotReachedError(frappe.ValidationError):
	"""A meeting without its quorum cannot adopt the scores."""


class MeetingInputError(frappe.ValidationError):
	"""The meeting names a wrong activity, branch or period, or the quorum setting is not a share."""


class MeetingInUseError(frappe.ValidationError):
	"""Scores rely on this meeting's adoption: it cannot be cancelled or un-adopted."""


# Settings -------------------------------------------------------------------------------------------


def _settings() -> frappe._dict:
	"""The meeting's settings; a field an older site never saved takes its default (one query)."""
	return frappe.db.get_singles_dict(SETTINGS)


def meeting_required(values: dict | None = None) -> bool:
	value = (values if values is not None else _settings()).get("require_members_meeting")
	return True if value in (None, "") else bool(cint(value))


def quorum_rule(values: dict | None = None) -> QuorumRule:
	"""The quorum rule of the settings (default: more than 1/2 of the members in the period)."""
	values = values if values is not None else _settings()
	share = values.get("quorum_share") or "1/2"
	try:
		return QuorumRule.of(share, values.get("quorum_comparison") or MORE_THAN)
	except ScoringError as error:
		frappe.throw(
			_("Party Points Settings: {0}").format(translate_scoring_error(error)),
			exc=MeetingInputError,
			title=_("Quorum"),
		)


def rule_text(rule: QuorumRule) -> str:
	return render([rule.describe()])


# The meeting's record --------------------------------------------------------------------------------


def roster(branch: str, period: str) -> list[frappe._dict]:
	"""The branch's members who were members at some time in the period, by name (one query)."""
	start, end = frappe.db.get_value(PERIOD, period, ["start_date", "end_date"]) or (None, None)
	if not start:
		frappe.throw(_("Unknown Assessment Period {0}").format(period), exc=NoPeriodError)
	return branch_members(branch, start, end)


def check_branch(branch: str) -> None:
	if frappe.db.get_value(ORGANIZATION, branch, "organization_type") != BRANCH:
		frappe.throw(
			_("{0} is not a Party Branch; a members' meeting is held by a branch").format(branch),
			exc=MeetingInputError,
		)


def read_activity(doc) -> frappe._dict:
	"""The meeting's Party Activity: of type Branch Members' Meeting, of the meeting's branch, not cancelled."""
	activity = frappe.db.get_value(
		ACTIVITY,
		doc.party_activity,
		["name", "activity_type", "party_branch", "activity_date", "docstatus"],
		as_dict=True,
	)
	if not activity:
		frappe.throw(_("Unknown Party Activity {0}").format(doc.party_activity), exc=MeetingInputError)
	if activity.activity_type != MEETING_ACTIVITY_TYPE:
		frappe.throw(
			_("{0} is a {1}, not a {2}; choose the activity of the members' meeting").format(
				activity.name, _(activity.activity_type), _(MEETING_ACTIVITY_TYPE)
			),
			exc=MeetingInputError,
		)
	if activity.party_branch != doc.party_branch:
		frappe.throw(
			_("{0} was held by {1}, not by {2}").format(
				activity.name, activity.party_branch, doc.party_branch
			),
			exc=MeetingInputError,
		)
	if activity.docstatus == 2:
		frappe.throw(_("{0} is cancelled").format(activity.name), exc=MeetingInputError)
	other = frappe.db.exists(
		MEETING, {"party_activity": activity.name, "docstatus": ("<", 2), "name": ("!=", doc.name or "")}
	)
	if other:
		frappe.throw(
			_("The attendance of {0} is already the record of the members' meeting {1}").format(
				activity.name, other
			),
			exc=MeetingInputError,
		)
	return activity


def tally(doc) -> None:
	"""Fill the meeting's roster, attendance and quorum from its activity and the period's members.

	Present, Late and Left Early attended; Absent, Excused and members the activity does not list did not.
	People on the activity who were not members of the branch in the period do not count for the quorum.
	"""
	check_branch(doc.party_branch)
	activity = read_activity(doc)
	period = frappe.db.get_value(PERIOD, doc.assessment_period, ["name", "start_date"], as_dict=True)
	if not period:
		frappe.throw(_("Unknown Assessment Period {0}").format(doc.assessment_period), exc=NoPeriodError)
	doc.meeting_date = activity.activity_date
	if getdate(doc.meeting_date) < getdate(period.start_date):
		frappe.throw(
			_("The meeting of {0} was held before the period {1} began; it cannot adopt its scores").format(
				frappe.format(doc.meeting_date, "Date"), period.name
			),
			exc=MeetingInputError,
		)
	members = roster(doc.party_branch, doc.assessment_period)
	status_of = dict(
		frappe.get_all(
			"Party Activity Attendance",
			filters={"parent": activity.name, "parenttype": ACTIVITY},
			fields=["member", "status"],
			as_list=True,
		)
	)
	rule = quorum_rule()
	rows = []
	for member in members:
		status = status_of.get(member.name) or NOT_LISTED
		rows.append(
			{
				"member": member.name,
				"member_name": member.full_name,
				"attendance": status,
				"present": int(attended(status)),
			}
		)
	on_roster = {m.name for m in members}
	result = quorum(len(rows), sum(r["present"] for r in rows), rule)
	current = [(r.member, r.member_name, r.attendance, int(r.present or 0)) for r in doc.attendance]
	if current != [(r["member"], r["member_name"], r["attendance"], r["present"]) for r in rows]:
		doc.set("attendance", rows)  # (unchanged rows stay, so saving again records no change)
	doc.quorum_rule = rule_text(rule)
	doc.roster_size = result.members
	doc.present_count = result.present
	doc.absent_count = result.absent
	doc.quorum_needed = result.needed
	doc.quorum_reached = int(result.reached)
	doc.members_short = result.missing
	doc.others_present = sum(1 for m, s in status_of.items() if m not in on_roster and attended(s))


def shortfall_message(meeting) -> str:
	"""Who attended against the quorum, and how many more members were needed."""
	return _(
		"{0} of the {1} members of the period attended; the quorum ({2}) is {3}, so {4} more members were needed"
	).format(
		meeting.present_count,
		meeting.roster_size,
		meeting.quorum_rule,
		meeting.quorum_needed,
		meeting.members_short,
	)


def check_adoption(doc) -> None:
	"""Only a meeting with its quorum adopts the scores, and only by a resolution."""
	if not doc.scores_adopted:
		return
	if not doc.quorum_reached:
		frappe.throw(
			_("Without its quorum the meeting cannot adopt the scores: {0}").format(shortfall_message(doc)),
			exc=QuorumNotReachedError,
			title=_("No Quorum"),
		)
	if not strip_html(doc.resolution or "").strip():
		frappe.throw(
			_("Record the resolution that adopts the scores"), exc=MeetingInputError, title=_("Resolution")
		)
	other = frappe.db.get_value(
		MEETING,
		{
			"party_branch": doc.party_branch,
			"assessment_period": doc.assessment_period,
			"docstatus": 1,
			"scores_adopted": 1,
			"name": ("!=", doc.name or ""),
		},
	)
	if other:
		frappe.throw(
			_("The members' meeting {0} has already adopted the scores of {1} for {2}").format(
				other, doc.party_branch, doc.assessment_period
			),
			exc=MeetingInputError,
		)


def check_held(doc) -> None:
	"""On submission: the activity is submitted (its attendance is final) and the meeting has taken place."""
	if frappe.db.get_value(ACTIVITY, doc.party_activity, "docstatus") != 1:
		frappe.throw(
			_("Submit the Party Activity {0} first: its attendance is the meeting's record").format(
				doc.party_activity
			),
			exc=MeetingInputError,
		)
	if getdate(doc.meeting_date) > getdate(today()):
		frappe.throw(
			_("The meeting of {0} has not taken place yet").format(frappe.format(doc.meeting_date, "Date")),
			exc=MeetingInputError,
		)


def check_not_relied_on(doc) -> None:
	"""A meeting whose adoption the branch's scores rely on stays: send the scores back first."""
	if adopting_meeting(doc.party_branch, doc.assessment_period, exclude=doc.name):
		return
	relying = frappe.db.count(
		SCORE,
		{
			"party_branch": doc.party_branch,
			"assessment_period": doc.assessment_period,
			"stage": ("in", ADOPTED_STAGES),
		},
	)
	if relying:
		frappe.throw(
			_(
				"{0} scores of {1} for {2} rely on this meeting's adoption; send them back to review before the meeting's adoption is withdrawn"
			).format(relying, doc.party_branch, doc.assessment_period),
			exc=MeetingInUseError,
		)


# The rule the scores obey ------------------------------------------------------------------------------

MEETING_FIELDS = (
	"name",
	"meeting_date",
	"quorum_reached",
	"scores_adopted",
	"resolution",
	"roster_size",
	"present_count",
	"quorum_needed",
	"members_short",
	"quorum_rule",
)


def submitted_meetings(branch: str, period: str) -> list[frappe._dict]:
	"""The branch's submitted meetings for the period, newest first (one query)."""
	return frappe.get_all(
		MEETING,
		filters={"party_branch": branch, "assessment_period": period, "docstatus": 1},
		fields=list(MEETING_FIELDS),
		order_by="meeting_date desc, creation desc",
	)


def adopts(meeting: frappe._dict) -> bool:
	return bool(
		meeting.quorum_reached and meeting.scores_adopted and strip_html(meeting.resolution or "").strip()
	)


def adopting_meeting(branch: str, period: str, exclude: str | None = None) -> str | None:
	"""The submitted meeting that adopted the branch's scores of the period, if any."""
	for meeting in submitted_meetings(branch, period):
		if meeting.name != exclude and adopts(meeting):
			return meeting.name
	return None


def check_meeting_adopted(score) -> None:
	"""A Member Score enters Adopted or Public Notice only after its branch's members' meeting adopted it.

	Call it from the Member Score's stage check. It reads the stage, not the workflow: with the meeting
	state removed from the workflow, a score still goes on notice only after the meeting (unless the
	settings say the branches hold none). The refusal says why, and how many more members were needed.
	"""
	if score.stage not in (ADOPTED, PUBLIC_NOTICE):
		return
	if hasattr(score, "has_value_changed") and not score.is_new() and not score.has_value_changed("stage"):
		return
	values = _settings()
	if not meeting_required(values):
		return
	meetings = submitted_meetings(score.party_branch, score.assessment_period)
	if any(adopts(m) for m in meetings):
		return
	where = _(
		"The scores of {0} for {1} cannot go on public notice before the branch's members' meeting adopts them"
	).format(score.party_branch, score.assessment_period)
	latest = meetings[0] if meetings else None
	if latest is None:
		rule = quorum_rule(values)
		members = len(roster(score.party_branch, score.assessment_period))
		reason = _(
			"no members' meeting of the branch has been recorded for the period. Submit a Branch Members Meeting with its quorum ({0}: {1} of the {2} members) and a resolution adopting the scores"
		).format(rule_text(rule), rule.needed(members), members)
	elif not latest.quorum_reached:
		reason = _("the members' meeting {0} of {1} had no quorum: {2}. Hold the meeting again").format(
			latest.name,
			frappe.format(latest.meeting_date, "Date"),
			shortfall_message(latest),
		)
	else:
		reason = _(
			"the members' meeting {0} of {1} reached its quorum but has not adopted the scores: record its resolution adopting them"
		).format(latest.name, frappe.format(latest.meeting_date, "Date"))
	frappe.throw(_("{0}: {1}").format(where, reason), exc=MeetingNotAdoptedError, title=_("Members' Meeting"))
