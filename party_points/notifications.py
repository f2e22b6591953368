"""Messages through Frappe's email queue: returned applications, published scores, objections, reminders."""

import frappe
from frappe import _
from frappe.utils import add_days, get_url_to_form, getdate, today


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
		"Assessment Period",
		{"start_date": ("<=", day), "end_date": (">=", day), "stage": "Open"},
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


WAITING = {
	"Quarterly Application": ("status", ("Pending Sign-off", "Pending Recorder")),
	"Reward Claim": ("status", ("Proposed",)),
	"Annual Rating": ("status", ("Proposed",)),
	"Democratic Evaluation": ("status", ("Proposed",)),
	"Member Score": ("stage", ("Under Review", "Filed")),
}


def pending_approvals(older_than_days: int = 0) -> list[frappe._dict]:
	"""Everything waiting on someone, and since when (one query per kind of document)."""
	cutoff = add_days(today(), -older_than_days)
	rows = []
	for doctype, (field, statuses) in WAITING.items():
		extra = ["department_head"] if doctype == "Quarterly Application" else []
		for doc in frappe.get_all(
			doctype,
			filters={field: ("in", statuses), "docstatus": 0, "modified": ("<=", cutoff + " 23:59:59")},
			fields=["name", f"{field} as status", "modified", "party_branch", *extra],
		):
			doc.doctype = doctype
			rows.append(doc)
	return rows


def waiting_on(rows: list[frappe._dict]) -> dict[tuple[str, str], list[str]]:
	"""Who each pending document waits on: the named department head, the branch's officers, or the committee."""
	branches = {
		b.name: b
		for b in frappe.get_all(
			"Party Organization",
			filters={"name": ("in", list({r.party_branch for r in rows}) or [""])},
			fields=["name", "secretary", "recorder"],
		)
	}
	committee = sorted(
		set(
			frappe.get_all(
				"Has Role", filters={"role": "Party Committee", "parenttype": "User"}, pluck="parent"
			)
		)
		- {"Administrator"}
	)
	out = {}
	for row in rows:
		branch = branches.get(row.party_branch) or frappe._dict()
		if row.status == "Pending Sign-off":
			users = [row.department_head]
		elif row.status == "Pending Recorder":
			users = [branch.recorder]
		elif row.doctype == "Annual Rating" or row.status == "Filed":
			users = committee
		else:
			users = [branch.secretary, *(committee if row.doctype == "Reward Claim" else [])]
		out[(row.doctype, row.name)] = [u for u in users if u]
	return out


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


def notice_to_secretary(party_branch: str, assessment_period: str) -> None:
	"""When a branch's notice opens, its secretary gets the Quarterly Public Notice as it stands."""
	if not frappe.db.get_single_value("Party Points Settings", "email_notice_to_secretary"):
		return
	from party_points.party_points.report.quarterly_public_notice.quarterly_public_notice import execute

	secretary = frappe.db.get_value("Party Organization", party_branch, "secretary")
	columns, data, *_rest = execute({"party_branch": party_branch, "assessment_period": assessment_period})
	header = "".join(f"<th>{c['label']}</th>" for c in columns)
	body = "".join(
		"<tr>" + "".join(f"<td>{frappe.format(row.get(c['fieldname']), c)}</td>" for c in columns) + "</tr>"
		for row in data
	)
	send(
		[secretary],
		_("Quarterly Public Notice of {0} for {1}").format(party_branch, assessment_period),
		f"<table border='1' cellpadding='4'><tr>{header}</tr>{body}</table>",
	)
