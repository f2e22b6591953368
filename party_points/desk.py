"""What the desk's pickers offer: options fed by the Points Scheme, and Link filters that need the scope.

The form scripts call these. Scheme options carry the code (the value saved) and its label in the
reader's language; an unknown or inactive code is not offered, and the controllers still refuse it
(their messages list the valid codes with :func:`codes_and_labels`). Link queries read only what the
user may see: the branches of their scope (``scope.allowed_organizations``), and for a plain member
their own record.
"""

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.query_builder.functions import IfNull
from frappe.utils import cint, getdate, today

from party_points import scope
from party_points.constants import DEPARTMENT_HEAD, MEMBER, ORGANIZATION, PERIOD, SCORE
from party_points.loaders import get_scheme, scheme_name_for_year
from party_points.scoring import Scheme
from party_points.scoring.scheme import THREE_MEETINGS_ONE_LESSON

BRANCH = "Party Branch"
GROUP = "Party Group"
ACTIVE = "Active"

SHEET_RECORDERS = ("recorder", "committee")
"""The items a recorder keeps on the quantification sheet; the others come from applications and activities."""

STANDARD_ACTIVITY_TYPES = (
	*THREE_MEETINGS_ONE_LESSON,
	"Party Activity Day",
	"Theme Activity",
	"Volunteer Service",
	"Model Post",
	"Vanguard Team",
	"Technical Innovation",
	"Rationalisation Proposal",
)
"""The kinds of activity every scheme offers (DOMAIN.md §5); a scheme adds its own through its activity rules."""


# What a scheme offers (plain functions, shared with the controllers) ------------------------------


def sheet_items(scheme: Scheme) -> tuple:
	"""The scoring items a recorder enters on the quantification sheet, in scheme order."""
	return tuple(item for item in scheme.items if item.recorded_by in SHEET_RECORDERS)


def activity_types(scheme: Scheme) -> list[str]:
	"""The standard kinds of activity, then the ones the scheme's activity rules add, each once."""
	out = list(STANDARD_ACTIVITY_TYPES)
	for rule in scheme.activity_rules:
		if rule.activity_type not in out:
			out.append(rule.activity_type)
	return out


def codes_and_labels(pairs) -> str:
	"""``code (label)`` for each (code, label), the label in the reader's language; the code alone when the
	label says the same. For messages that list the valid codes."""
	out = []
	for code, label in pairs:
		shown = _(label) if label else ""
		out.append(code if not shown or shown == code else f"{code} ({shown})")
	return ", ".join(out)


def scheme_of(period: str | None = None, day=None, year: int | None = None) -> Scheme | None:
	"""The scheme a document is scored by: its period's, else the scheme of the period covering ``day``,
	else the year's (see ``loaders.scheme_name_for_year``). None when there is none."""
	name = None
	if period:
		name = frappe.db.get_value(PERIOD, period, "points_scheme")
	elif day:
		day = getdate(day)
		name = frappe.db.get_value(
			PERIOD, {"start_date": ("<=", day), "end_date": (">=", day)}, "points_scheme"
		) or scheme_name_for_year(day.year)
	else:
		name = scheme_name_for_year(cint(year) or getdate(today()).year)
	return get_scheme(name) if name else None


def branch_members(branch: str, start_date, end_date) -> list[frappe._dict]:
	"""The branch's members at some time between the two dates (joined by the end, not left before the
	start), by name: who a sheet or an activity of the branch lists."""
	pm = frappe.qb.DocType(MEMBER)
	return (
		frappe.qb.from_(pm)
		.select(pm.name, pm.full_name)
		.where(pm.party_branch == branch)
		.where(IfNull(pm.join_date, "1900-01-01") <= getdate(end_date))
		.where(IfNull(pm.leave_date, "9999-12-31") >= getdate(start_date))
		.orderby(pm.full_name)
		.orderby(pm.name)
	).run(as_dict=True)


def drop_empty_rows(doc, table: str, *fields: str) -> None:
	"""Take out the rows with none of ``fields`` set (the empty first row a new form starts with) and number
	the rest again, before a button fills the table."""
	doc.set(table, [row for row in doc.get(table) if any(row.get(f) for f in fields)])
	for idx, row in enumerate(doc.get(table), 1):
		row.idx = idx


def _points(value) -> str:
	return f"{float(value):+g}"


def _number(value) -> str:
	return f"{float(value):g}"


def _can_read(doctype: str) -> None:
	if frappe.session.user == "Guest":
		raise frappe.PermissionError
	frappe.has_permission(doctype, "read", throw=True)


# Scheme options (Autocomplete fields and prompts) ----------------------------------------------------


@frappe.whitelist()
def scoring_item_options(assessment_period: str) -> list[dict]:
	"""The items the quantification sheet takes (recorded by the recorder or the committee)."""
	_can_read("Quantification Sheet")
	scheme = scheme_of(period=assessment_period)
	if scheme is None:
		return []
	out = []
	for item in sheet_items(scheme):
		dimension = scheme.dimension(item.dimension)
		description = _("{0} · {1} · {2} points each").format(
			item.code, _(dimension.label) if dimension else item.dimension, _points(item.points)
		)
		if item.quarter_limit is not None:
			description += " · " + _("at most {0} a quarter").format(_number(item.quarter_limit))
		out.append(
			{
				"value": item.code,
				"label": _(item.label),
				"description": description,
				"points": float(item.points),
				"quarter_limit": None if item.quarter_limit is None else float(item.quarter_limit),
				"dimension": item.dimension,
			}
		)
	return out


@frappe.whitelist()
def reward_type_options(claim_date: str | None = None) -> list[dict]:
	"""The reward catalogue of the scheme that applies on the date of the achievement."""
	_can_read("Reward Claim")
	scheme = scheme_of(day=claim_date or today())
	if scheme is None:
		return []
	out = []
	for reward in scheme.reward_types:
		if reward.variable or reward.needs_approval:
			description = _("up to {0} points; the branch proposes, the Party Committee approves").format(
				_number(reward.points)
			)
		else:
			description = _("{0} points; needs evidence and the branch secretary's approval").format(
				_number(reward.points)
			)
		out.append(
			{
				"value": reward.code,
				"label": _(reward.label),
				"description": description,
				"points": float(reward.points),
				"variable": int(reward.variable),
				"needs_approval": int(reward.needs_approval),
			}
		)
	return out


@frappe.whitelist()
def evaluation_round_options(evaluation_date: str | None = None, year: int | None = None) -> list[dict]:
	"""The evaluation rounds of the scheme that applies on the date held (else of the year)."""
	_can_read("Democratic Evaluation")
	scheme = scheme_of(day=evaluation_date) if evaluation_date else scheme_of(year=year)
	if scheme is None:
		return []
	out = []
	for rnd in scheme.evaluation_rounds:
		description = _("counts {0}%").format(_number(rnd.weight * 100))
		if rnd.due:
			description += " · " + _("held on or before {0}").format(rnd.due)
		out.append(
			{
				"value": rnd.code,
				"label": _(rnd.label),
				"description": description,
				"weight": float(rnd.weight),
			}
		)
	return out


@frappe.whitelist()
def activity_type_options(activity_date: str | None = None) -> list[dict]:
	"""The kinds of activity, each with what its attendance earns under the scheme of the date."""
	_can_read("Party Activity")
	scheme = scheme_of(day=activity_date or today())
	if scheme is None:
		return [{"value": kind, "label": _(kind), "description": ""} for kind in STANDARD_ACTIVITY_TYPES]
	earns: dict[str, list[str]] = {}
	points: dict[str, dict[str, float]] = {}
	for rule in scheme.activity_rules:
		item = scheme.item(rule.item)
		if item is not None:
			earns.setdefault(rule.activity_type, []).append(
				_("{0}: {1} {2}").format(_(rule.status), item.code, _points(item.points))
			)
			points.setdefault(rule.activity_type, {})[rule.status] = float(item.points)
	return [
		{
			"value": kind,
			"label": _(kind),
			"description": " · ".join(earns[kind]) if kind in earns else _("attendance only, no points"),
			"points": points.get(kind, {}),
		}
		for kind in activity_types(scheme)
	]


# Link queries ----------------------------------------------------------------------------------------


def _filters(filters) -> frappe._dict:
	if isinstance(filters, str):
		filters = frappe.parse_json(filters)
	return frappe._dict(filters or {})


def _organizations(kind: str, txt: str, start: int, page_len: int, parent: str | None = None) -> list:
	allowed = scope.allowed_organizations()
	if allowed == []:
		return []
	org = frappe.qb.DocType(ORGANIZATION)
	query = (
		frappe.qb.from_(org)
		.select(org.name, org.parent_party_organization)
		.where(org.organization_type == kind)
		.where(org.name.like(f"%{txt or ''}%"))
		.orderby(org.name)
		.limit(page_len)
		.offset(start)
	)
	if allowed is not None:
		query = query.where(org.name.isin(allowed))
	if parent:
		query = query.where(org.parent_party_organization == parent)
	return [(name, _(kind), parent_org) for name, parent_org in query.run()]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def branch_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | str | None = None
):
	"""Party Branches in the user's scope."""
	_can_read(ORGANIZATION)
	return _organizations(BRANCH, txt, start, page_len)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def organization_query(
	doctype: str,
	txt: str,
	searchfield: str,
	start: int,
	page_len: int,
	filters: dict | list | str | None = None,
	reference_doctype: str | None = None,
):
	"""Every Link to a Party Organization that sets no query of its own (hooks.standard_queries): what
	Frappe's search would offer (the filters given, the user's permissions), with the organisation's type
	in the reader's language as its description ("党支部", not "Party Branch")."""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError
	if not frappe.has_permission(ORGANIZATION, "select") and not frappe.has_permission(ORGANIZATION, "read"):
		return []
	like = f"%{txt or ''}%"
	rows = frappe.get_list(
		ORGANIZATION,
		filters=filters if isinstance(filters, list) else _filters(filters),
		or_filters=[["name", "like", like], ["organization_name", "like", like]],
		fields=["name", "organization_type", "parent_party_organization"],
		order_by="name asc",
		start=cint(start),
		page_length=cint(page_len) or 10,
		reference_doctype=reference_doctype,
	)
	return [
		(row.name, _(row.organization_type) if row.organization_type else "", row.parent_party_organization)
		for row in rows
	]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def group_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | str | None = None
):
	"""Party Groups of the chosen branch (``filters.party_branch``), in the user's scope."""
	_can_read(ORGANIZATION)
	branch = _filters(filters).party_branch
	if not branch:
		return []
	return _organizations(GROUP, txt, start, page_len, parent=branch)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def member_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | str | None = None
):
	"""Members of a branch the user may see, who are members on a date or in a period.

	``filters``: ``party_branch``; ``date`` or ``assessment_period`` (members at some time in it; without
	either, the Active ones); ``exclude`` (members already on the document).
	"""
	_can_read(MEMBER)
	f = _filters(filters)
	pm = frappe.qb.DocType(MEMBER)
	query = (
		frappe.qb.from_(pm)
		.select(pm.name, pm.full_name, pm.party_group, pm.status)
		.where(Criterion.any([pm.name.like(f"%{txt or ''}%"), pm.full_name.like(f"%{txt or ''}%")]))
		.orderby(pm.full_name)
		.orderby(pm.name)
		.limit(page_len)
		.offset(start)
	)
	allowed = scope.allowed_organizations()
	if allowed == []:
		query = query.where(pm.name.isin(scope.own_member_names() or [""]))
	elif allowed is not None:
		query = query.where(pm.party_branch.isin(allowed))
	if f.party_branch:
		query = query.where(pm.party_branch == f.party_branch)
	window = None
	if f.assessment_period:
		window = frappe.db.get_value(PERIOD, f.assessment_period, ["start_date", "end_date"])
	elif f.date:
		window = (getdate(f.date), getdate(f.date))
	if window:
		start_date, end_date = window
		query = query.where(IfNull(pm.join_date, "1900-01-01") <= end_date).where(
			IfNull(pm.leave_date, "9999-12-31") >= start_date
		)
	else:
		query = query.where(pm.status == ACTIVE)
	exclude = [m for m in (f.exclude or []) if m]
	if exclude:
		query = query.where(pm.name.notin(exclude))
	return [
		(name, full_name, group or "", "" if status == ACTIVE else _(status))
		for name, full_name, group, status in query.run()
	]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def department_head_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | str | None = None
):
	"""Enabled users with the Department Head role, never the applicant (``filters.member``'s user)."""
	_can_read("Quarterly Application")
	f = _filters(filters)
	excluded = {frappe.db.get_value(MEMBER, f.member, "user")} if f.member else set()
	if not f.member:  # a member applying for themselves has not chosen the member yet
		excluded.add(frappe.session.user)
	excluded.discard(None)
	user = frappe.qb.DocType("User")
	role = frappe.qb.DocType("Has Role")
	query = (
		frappe.qb.from_(user)
		.join(role)
		.on((role.parent == user.name) & (role.parenttype == "User"))
		.select(user.name, user.full_name)
		.distinct()
		.where(role.role == DEPARTMENT_HEAD)
		.where(user.enabled == 1)
		.where(Criterion.any([user.name.like(f"%{txt or ''}%"), user.full_name.like(f"%{txt or ''}%")]))
		.orderby(user.full_name)
		.limit(page_len)
		.offset(start)
	)
	if excluded:
		query = query.where(user.name.notin(sorted(excluded)))
	return query.run()


# The Party Member form ------------------------------------------------------------------------------


@frappe.whitelist()
def member_quarter_totals(member: str, limit: int = 12) -> dict:
	"""The member's Daily Conduct total of each quarter with a score (the newest ``limit``), for the chart
	on the Party Member form: only what the user may read."""
	frappe.get_doc(MEMBER, member).check_permission("read")
	rows = frappe.get_list(
		SCORE,
		filters={"member": member},
		fields=["assessment_period", "daily_conduct", "stage"],
		order_by="year desc, quarter desc",
		limit_page_length=max(1, min(cint(limit) or 12, 40)),
	)
	rows.reverse()
	return {
		"labels": [row.assessment_period for row in rows],
		"datasets": [{"name": _("Daily Conduct"), "values": [row.daily_conduct or 0 for row in rows]}],
		"stages": [_(row.stage) for row in rows],
	}
