"""Projected annual grades, loaded for many members at once, and the quarterly notice when one is below Qualified.

The projection itself is a rule of the core (:func:`party_points.scoring.project_year`). This service
loads what it needs in a fixed number of queries, whatever the number of members: the year's Member
Scores of the closed quarters (a quarter whose period is still Open is not scored yet), the year's
evaluation and reward entries from the ledger (read as the annual rating reads them), and the confirmed
violations. The member's page and the notice use the same figures.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import add_days, get_url, get_url_to_form, getdate, today

from party_points import notifications
from party_points.constants import MEMBER, OPEN, PERIOD, SCORE
from party_points.loaders import (
	MEMBER_FILTER_LIMIT,
	get_periods,
	load_effective_entries,
	posted,
	quarters_of_years,
	scheme_for_year,
)
from party_points.scoring import (
	EVALUATION,
	QUALIFIED,
	REWARD,
	NotRatedError,
	Projection,
	fmt,
	grade_rank,
	membership_quarters,
	project_year,
	render_trail,
	score_quarter,
	to_decimal,
)

NOTICE_TYPE = "Alert"
"""The desk notification's type (Frappe sends no email of its own for it: the notice sends its own)."""
MEMBER_PAGE = "/points"


def closed_quarters(year: int) -> set[int]:
	"""The quarters of the year whose period has been closed (its stage is past Open): those are scored."""
	return {p.quarter for p in get_periods(year=year).values() if p.stage != OPEN}


def load_projections(members: dict[str, frappe._dict], year: int) -> dict[str, Projection]:
	"""Each member's projection of the year (members with no quarter of membership in it are left out).

	``members`` are Party Member rows with ``join_date`` and ``leave_date``. A fixed number of queries.
	"""
	if not members:
		return {}
	scheme = scheme_for_year(year)
	closed = closed_quarters(year)
	names = set(members)
	filters = {"year": year, "quarter": ("in", sorted(closed) or [0])}
	if len(names) <= MEMBER_FILTER_LIMIT:
		filters["member"] = ("in", sorted(names))
	totals: dict[str, dict[int, object]] = defaultdict(dict)
	for row in frappe.get_all(SCORE, filters=filters, fields=["member", "quarter", "daily_conduct"]):
		if row.member in names:
			totals[row.member][int(row.quarter)] = to_decimal(row.daily_conduct or 0)
	entries = load_effective_entries(names, {year}, (EVALUATION, REWARD))
	quarter_of = quarters_of_years([year])
	violations = set(
		frappe.get_all(
			"Discipline Record",
			filters={"member": ("in", sorted(names)), "year": year, "docstatus": 1},
			pluck="member",
		)
	)
	empty = None  # what a closed quarter without a score counts: the starting values (computed when needed)
	out: dict[str, Projection] = {}
	for name, member in members.items():
		quarters = membership_quarters(
			year,
			getdate(member.join_date) if member.join_date else None,
			getdate(member.leave_date) if member.leave_date else None,
		)
		scored = dict(totals.get(name, {}))
		for quarter in closed & set(quarters) - set(scored):
			empty = empty if empty is not None else score_quarter((), scheme).total
			scored[quarter] = empty
		try:
			out[name] = project_year(
				scheme,
				year,
				scored,
				quarters,
				posted(entries.get((name, year), []), quarter_of),
				violation=name in violations,
			)
		except NotRatedError:
			continue
	return out


def below_qualified(projection: Projection | None) -> bool:
	return bool(projection and projection.grade and grade_rank(projection.grade) > grade_rank(QUALIFIED))


def projection_lines(projection: Projection, lang: str | None = None) -> list[str]:
	"""The projection explained, line by line, in ``lang`` (default: the current language)."""
	return render_trail(list(projection.trail), lambda text: _(text, lang=lang)).split("\n")


# The quarterly notice --------------------------------------------------------------------------------


def current_period(day=None) -> frappe._dict | None:
	day = getdate(day or today())
	return frappe.db.get_value(
		PERIOD,
		{"start_date": ("<=", day), "end_date": (">=", day)},
		["name", "year", "quarter", "start_date", "end_date"],
		as_dict=True,
	)


def send_projection_notices(day=None) -> list[str]:
	"""Daily (the notice goes out at most once a quarter): tell every active member whose projected grade is
	below Qualified, and their branch secretary, with the figures of the projection. Returns the members told.

	A member is told once per Assessment Period: the desk notification of the period is the record of it,
	so a second run in the same quarter tells nobody twice.
	"""
	period = current_period(day)
	if not period:
		return []
	members = {
		m.name: m
		for m in frappe.get_all(
			MEMBER,
			filters={"status": "Active"},
			fields=["name", "full_name", "user", "party_branch", "join_date", "leave_date"],
		)
	}
	projections = load_projections(members, int(period.year))
	due = sorted(name for name, projection in projections.items() if below_qualified(projection))
	if not due:
		return []
	told = set(
		frappe.get_all(
			"Notification Log",
			filters={
				"document_type": MEMBER,
				"document_name": ("in", due),
				"type": NOTICE_TYPE,
				"link": ("in", [member_link(period.name), *(secretary_link(m) for m in due)]),
				"creation": ("between", [period.start_date, add_days(period.end_date, 1)]),
			},
			pluck="document_name",
		)
	)
	branches = {members[name].party_branch for name in due}
	secretaries = dict(
		frappe.get_all(
			"Party Organization",
			filters={"name": ("in", sorted(branches))},
			fields=["name", "secretary"],
			as_list=True,
		)
	)
	users = {members[n].user for n in due if members[n].user} | {s for s in secretaries.values() if s}
	emails = dict(
		frappe.get_all(
			"User",
			filters={"name": ("in", sorted(users) or [""]), "enabled": 1},
			fields=["name", "email"],
			as_list=True,
		)
	)
	sent = []
	for name in due:
		if name in told:
			continue
		member, projection = members[name], projections[name]
		recipients = []
		if member.user in emails:
			recipients.append((member.user, False))
		secretary = secretaries.get(member.party_branch)
		if secretary in emails and secretary != member.user:
			recipients.append((secretary, True))
		for user, is_secretary in recipients:
			tell(user, emails[user], member, projection, period, is_secretary)
		if recipients:
			sent.append(name)
	return sent


def member_link(period: str) -> str:
	return f"{MEMBER_PAGE}?quarter={period}"


def secretary_link(member: str) -> str:
	return f"/app/party-member/{member}"


def tell(
	user: str,
	email: str | None,
	member: frappe._dict,
	projection: Projection,
	period: frappe._dict,
	is_secretary: bool,
) -> None:
	"""One recipient's desk notification and email, in their language, with the projection's figures."""
	lang = get_user_lang(user)
	grade = _(projection.grade, lang=lang)
	if is_secretary:
		subject = _("Projected annual grade of {0} for {1}: {2}", lang=lang).format(
			member.full_name, projection.year, grade
		)
		intro = _(
			"{0} of {1} is heading for {2} this year ({3} points projected). As of {4}:", lang=lang
		).format(member.full_name, member.party_branch, grade, fmt(projection.score), period.name)
		link, url = secretary_link(member.name), get_url_to_form(MEMBER, member.name)
	else:
		subject = _("Your projected annual grade for {0} is {1}", lang=lang).format(projection.year, grade)
		intro = _("Your year is heading for {0} ({1} points projected). As of {2}:", lang=lang).format(
			grade, fmt(projection.score), period.name
		)
		link, url = member_link(period.name), get_url(member_link(period.name))
	lines = projection_lines(projection, lang)
	message = (
		f"<p>{frappe.utils.escape_html(intro)}</p><ul>"
		+ "".join(f"<li>{frappe.utils.escape_html(line)}</li>" for line in lines)
		+ f'</ul><p><a href="{url}">{frappe.utils.escape_html(_("See the details", lang=lang))}</a></p>'
	)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": NOTICE_TYPE,
			"document_type": MEMBER,
			"document_name": member.name,
			"subject": subject,
			"email_content": message,
			"link": link,
		}
	).insert(ignore_permissions=True)
	notifications.send([email], subject, message)
