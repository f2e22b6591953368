"""Messages through Frappe's email queue: returned applications, published scores, objections, reminders,
and the scheduled digests.

A digest is built for each recipient as that user, by Frappe's own report runner, so it holds exactly
what the recipient sees of the report in the desk: a branch's officers get their branch, a department
head what waits on them.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.desk.query_report import run as run_report
from frappe.translate import get_user_lang
from frappe.utils import get_url, get_url_to_form, getdate, today

from party_points.constants import (
	BRANCH_SECRETARY,
	DEPARTMENT_HEAD,
	OPEN,
	PARTY_COMMITTEE,
	PARTY_RECORDER,
	PERIOD,
)
from party_points.pending import pending_approvals, waiting_on


def can_send() -> bool:
	"""A site without an outgoing email account still works; it just sends nothing."""
	return bool(frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}))


def send(recipients: list[str | None], subject: str, message: str, doc=None) -> None:
	recipients = sorted({r for r in recipients if r and r not in ("Administrator", "Guest")})
	if not recipients or not can_send():
		return
	frappe.sendmail(
		recipients=recipients,
		subject=subject,
		message=message,
		reference_doctype=doc.doctype if doc else None,
		reference_name=doc.name if doc else None,
		now=False,
	)


def link(doc) -> str:
	return f'<a href="{get_url_to_form(doc.doctype, doc.name)}">{doc.name}</a>'


def application_returned(doc) -> None:
	user = frappe.db.get_value("Party Member", doc.member, "user")
	send(
		[user],
		_("Your quarterly application {0} was returned").format(doc.name),
		_("Your application for {0} was returned: {1}").format(doc.assessment_period, doc.return_reason)
		+ "<br>"
		+ link(doc),
		doc,
	)


def scores_published(scores: list) -> None:
	"""One message per member whose score went on public notice."""
	users = dict(
		frappe.get_all(
			"Party Member",
			filters={"name": ("in", [s.member for s in scores] or [""])},
			fields=["name", "user"],
			as_list=True,
		)
	)
	for score in scores:
		send(
			[users.get(score.member)],
			_("Your score for {0} is on public notice").format(score.assessment_period),
			_("Your Daily Conduct for {0} is {1}. You may object until {2}.").format(
				score.assessment_period, score.daily_conduct, frappe.format(score.notice_end, "Date")
			)
			+ "<br>"
			+ link(score),
			score,
		)


def objection_received(objection) -> None:
	branch = (
		frappe.db.get_value(
			"Party Organization", objection.party_branch, ["secretary", "recorder"], as_dict=True
		)
		or {}
	)
	send(
		[branch.get("secretary"), branch.get("recorder")],
		_("Objection to the score of {0}").format(objection.member),
		_("{0} objects to the score {1}: {2}").format(
			objection.raised_by, objection.member_score, objection.reason
		)
		+ "<br>"
		+ link(objection),
		objection,
	)


def send_reminders() -> None:
	"""Daily: members who have not applied as the quarter ends, and approvals waiting too long."""
	settings = frappe.get_cached_doc("Party Points Settings")
	remind_members_to_apply(settings.application_reminder_days or 7)
	remind_approvers(settings.approval_reminder_days or 3)


def remind_members_to_apply(days_before: int) -> int:
	day = getdate(today())
	period = frappe.db.get_value(
		PERIOD,
		{"start_date": ("<=", day), "end_date": (">=", day), "stage": OPEN},
		["name", "end_date"],
		as_dict=True,
	)
	if not period or (getdate(period.end_date) - day).days > days_before:
		return 0
	applied = frappe.get_all(
		"Quarterly Application",
		filters={"assessment_period": period.name, "docstatus": ("<", 2)},
		pluck="member",
	)
	members = frappe.get_all(
		"Party Member",
		filters={"status": "Active", "user": ("is", "set"), "name": ("not in", applied or [""])},
		fields=["name", "user"],
	)
	for member in members:
		send(
			[member.user],
			_("Please submit your quarterly application for {0}").format(period.name),
			_("The quarter {0} ends on {1}; your application has not been submitted yet.").format(
				period.name, frappe.format(period.end_date, "Date")
			),
		)
	return len(members)


def remind_approvers(days: int) -> int:
	waiting = pending_approvals(days)
	owners = waiting_on(waiting)
	for doc in waiting:
		send(
			owners[(doc.doctype, doc.name)],
			_("{0} {1} is waiting for you").format(_(doc.doctype), doc.name),
			_("{0} {1} has been waiting since {2}.").format(
				_(doc.doctype), doc.name, frappe.format(doc.modified, "Datetime")
			),
		)
	return len(waiting)


@contextmanager
def acting_as(user: str):
	"""Run as ``user``, in their language, and come back to the session as it was."""
	session, form_dict, lang = frappe.session.user, frappe.local.form_dict, frappe.local.lang
	frappe.set_user(user)
	frappe.local.lang = get_user_lang(user)
	frappe.local.lang_full_dict = None
	try:
		yield
	finally:
		frappe.set_user(session)
		frappe.local.form_dict, frappe.local.lang = form_dict, lang
		frappe.local.lang_full_dict = None


def report_mail(user: str, report: str, filters: dict, subject: str, *args: str) -> bool:
	"""Email ``user`` the report as they would see it in the desk, in their language; nothing when they may
	not run it or it has no rows. ``subject`` is translated, then filled in with ``args``. Returns whether a
	message was queued."""
	if not can_send():
		return False
	email = frappe.db.get_value("User", {"name": user, "enabled": 1}, "email")
	if not email or user in ("Administrator", "Guest"):
		return False
	with acting_as(user):
		try:
			result = run_report(report, filters=filters, ignore_prepared_report=True)
		except frappe.PermissionError:
			frappe.clear_messages()
			return False
		rows = [r for r in result.get("result") or [] if isinstance(r, dict)]
		if not rows:
			return False
		columns = [c for c in result["columns"] if isinstance(c, dict)]
		subject = _(subject).format(*args)
		message = frappe.render_template(
			"party_points/templates/emails/report_digest.html",
			{
				"title": _(report),
				"subject": subject,
				"columns": columns,
				"rows": rows,
				"format": lambda value, column: frappe.format(value, column),
				"report_url": get_url(f"/app/query-report/{report}"),
			},
		)
		frappe.sendmail(recipients=[email], subject=subject, message=message, now=False)
	return True


def role_users(roles: tuple[str, ...]) -> list[str]:
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	query = (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.role.isin(roles))
		.where(has_role.parenttype == "User")
		.where(user.enabled == 1)
		.where(user.name.notin(["Administrator", "Guest"]))
	)
	return sorted(query.run(pluck=True))


DIGESTS = {
	# settings field: (report, subject, roles whose users receive it, its filters)
	"email_pending_approvals": (
		"Pending Approvals",
		"What waits for your approval",
		(PARTY_RECORDER, BRANCH_SECRETARY, PARTY_COMMITTEE, DEPARTMENT_HEAD),
		lambda: {},
	),
	"email_rating_to_committee": (
		"Annual Rating Summary",
		"Annual Rating Summary",
		(PARTY_COMMITTEE, BRANCH_SECRETARY),
		lambda: {"year": getdate(today()).year},
	),
}


def send_digest(setting: str) -> list[str]:
	"""One digest to each of its recipients, built as that user; returns who got one."""
	if not frappe.db.get_single_value("Party Points Settings", setting):
		return []
	report, subject, roles, filters = DIGESTS[setting]
	return [user for user in role_users(roles) if report_mail(user, report, filters(), subject)]


def send_weekly_digests() -> None:
	send_digest("email_pending_approvals")


def send_monthly_digests() -> None:
	send_digest("email_rating_to_committee")


def notice_to_secretary(party_branch: str, assessment_period: str) -> None:
	"""When a branch's notice opens, its secretary gets the Quarterly Public Notice as they see it."""
	if not frappe.db.get_single_value("Party Points Settings", "email_notice_to_secretary"):
		return
	secretary = frappe.db.get_value("Party Organization", party_branch, "secretary")
	if secretary:
		report_mail(
			secretary,
			"Quarterly Public Notice",
			{"party_branch": party_branch, "assessment_period": assessment_period},
			"Quarterly Public Notice of {0} for {1}",
			party_branch,
			assessment_period,
		)
