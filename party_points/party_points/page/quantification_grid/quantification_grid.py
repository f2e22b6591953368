"""The quantification sheet as the paper 量化表: a branch's members (rows) against the recorder-kept
scoring items (columns).

One request loads everything the page shows (members, items, the sheet's rows, what is already posted
for the quarter, and every member's quarter as the core scores it); one request saves the grid through
the sheet's own ``save()``, as the user, and answers with the same data read back. The page computes
its live figures with the same arithmetic, and shows the core's figures from these answers.
"""

import json
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import get_datetime

from party_points.constants import MEMBER
from party_points.exceptions import PointsInputError, WrongBranchError
from party_points.loaders import load_daily_sums, scheme_of_period
from party_points.party_points.doctype.quantification_sheet.quantification_sheet import SHEET_RECORDERS
from party_points.scoring import DAILY_CONDUCT, Entry, Scheme, score_quarter
from party_points.scoring.numbers import fmt
from party_points.scoring.scheme import ScoringItem

SHEET = "Quantification Sheet"
ACTIVE = "Active"


class SheetNotDraftError(frappe.ValidationError):
	"""Only a draft sheet is entered in the grid; a submitted one is corrected by cancel and amend."""


@frappe.whitelist()
def get_grid(sheet: str) -> dict:
	"""The grid of a draft sheet, for a user who may write it."""
	return grid_data(open_sheet(sheet))


@frappe.whitelist(methods=["POST"])
def save_grid(sheet: str, cells: str | dict, modified: str | None = None) -> dict:
	"""Replace the sheet's rows of the grid's members and items by ``cells`` ({member: {item: n}}) and save.

	Rows of other members or items are kept as they are; a row that stays keeps its name and remarks.
	"""
	doc = open_sheet(sheet)
	if modified and get_datetime(doc.modified) != get_datetime(modified):
		frappe.throw(
			_("{0} was changed by someone else after you opened the grid; reload it first").format(doc.name),
			exc=frappe.TimestampMismatchError,
		)
	items = grid_items(scheme_of_period(doc.assessment_period))
	members = grid_members(doc)
	wanted = read_cells(cells, members, items)

	shown_members = {m.name for m in members}
	shown_items = {i.code for i in items}
	existing = {}
	rows = []
	for row in doc.entries:
		if row.member in shown_members and row.scoring_item in shown_items:
			existing[(row.member, row.scoring_item)] = row
		else:
			rows.append(row)
	for member in members:
		for item in items:
			occurrences = wanted.get((member.name, item.code))
			if not occurrences:
				continue
			row = existing.get((member.name, item.code))
			if row is None:
				row = frappe._dict(member=member.name, member_name=member.full_name, scoring_item=item.code)
			row.occurrences = occurrences
			rows.append(row)
	if not rows:
		frappe.throw(_("Enter at least one occurrence before saving the sheet"), exc=PointsInputError)
	doc.set("entries", [])
	for idx, row in enumerate(rows, 1):
		row.idx = idx
		doc.append("entries", row)  # a kept row is the same object, so its name and remarks stay
	doc.save()
	return grid_data(doc)


def open_sheet(name: str):
	"""The sheet, if it exists, the user may write it and it is a draft; else a translated refusal."""
	if not name or not frappe.db.exists(SHEET, name):
		frappe.throw(_("There is no Quantification Sheet {0}").format(name), exc=frappe.DoesNotExistError)
	doc = frappe.get_doc(SHEET, name)
	readable = doc.has_permission("read")
	if not readable or (doc.docstatus == 0 and not doc.has_permission("write")):
		frappe.throw(
			_("You may not enter occurrences on the Quantification Sheet {0}").format(name),
			exc=frappe.PermissionError,
		)
	if doc.docstatus != 0:
		frappe.throw(
			_("{0} is submitted or cancelled: only a draft sheet can be entered in the grid").format(name),
			exc=SheetNotDraftError,
		)
	return doc


def grid_items(scheme: Scheme) -> list[ScoringItem]:
	"""The scheme's items kept by the recorder (or the committee), in the scheme's dimension order."""
	return [
		item
		for _dim, items in scheme.items_by_dimension
		for item in items
		if item.recorded_by in SHEET_RECORDERS
	]


def grid_members(doc) -> list[frappe._dict]:
	"""The branch's active members, and any member of the branch the sheet already has a row for."""
	on_sheet = sorted({row.member for row in doc.entries if row.member})
	pm = frappe.qb.DocType(MEMBER)
	shown = pm.status == ACTIVE
	if on_sheet:
		shown = shown | pm.name.isin(on_sheet)
	return (
		frappe.qb.from_(pm)
		.select(pm.name, pm.full_name, pm.status)
		.where(pm.party_branch == doc.party_branch)
		.where(shown)
		.orderby(pm.full_name, order=Order.asc)
		.orderby(pm.name, order=Order.asc)
	).run(as_dict=True)


def read_cells(cells: str | dict, members: list, items: list[ScoringItem]) -> dict[tuple[str, str], int]:
	"""The occurrences the user typed, checked before anything is written: the grid's members and items
	only, whole numbers, none below zero."""
	if isinstance(cells, str):
		try:
			cells = json.loads(cells or "{}")
		except ValueError:
			cells = None
	if not isinstance(cells, dict):
		frappe.throw(_("The grid's cells could not be read"), exc=PointsInputError)
	names = {m.name: m.full_name for m in members}
	codes = [i.code for i in items]
	out: dict[tuple[str, str], int] = {}
	for member, row in cells.items():
		if member not in names:
			frappe.throw(
				_(
					"{0} is not an active member of this sheet's branch; the grid takes only its members"
				).format(member),
				exc=WrongBranchError,
			)
		if not isinstance(row, dict):
			frappe.throw(_("The grid's cells could not be read"), exc=PointsInputError)
		for code, value in row.items():
			if code not in codes:
				frappe.throw(
					_("Unknown scoring item {0} for the quantification sheet; its items are {1}").format(
						code, ", ".join(codes)
					),
					exc=PointsInputError,
				)
			occurrences = whole_number(value)
			if occurrences is None:
				frappe.throw(
					_("{0}, {1}: occurrences must be a whole number, not {2}").format(
						names[member], code, value
					),
					exc=PointsInputError,
				)
			if occurrences < 0:
				frappe.throw(
					_("{0}, {1}: occurrences cannot be negative ({2})").format(names[member], code, value),
					exc=PointsInputError,
				)
			if occurrences:
				out[(member, code)] = occurrences
	return out


def whole_number(value) -> int | None:
	"""An int from an int or its text ('' and None are 0); None for anything else."""
	if value is None or value == "":
		return 0
	if isinstance(value, bool):
		return None
	if isinstance(value, int):
		return value
	if isinstance(value, float):
		return int(value) if value.is_integer() else None
	if isinstance(value, str):
		text = value.strip()
		if text.lstrip("+-").isdigit():
			return int(text)
	return None


def grid_data(doc) -> dict:
	"""Everything the page shows, in the reader's language; figures as exact decimal text."""
	scheme = scheme_of_period(doc.assessment_period)
	items = grid_items(scheme)
	members = grid_members(doc)
	shown = {m.name for m in members}
	grid_codes = {i.code for i in items}

	cells: dict[str, dict[str, int]] = {}
	other_rows = 0
	for row in doc.entries:
		if row.member in shown and row.scoring_item in grid_codes:
			cells.setdefault(row.member, {})[row.scoring_item] = int(row.occurrences or 0)
		else:
			other_rows += 1

	daily = load_daily_sums({doc.assessment_period: shown}, lock=False) if shown else {}
	posted: dict[str, dict[str, str]] = {}
	scores: dict[str, dict] = {}
	for member in members:
		already = daily.get((member.name, doc.assessment_period), [])
		if already:
			posted[member.name] = {e.item: fmt(e.points) for e in already}
		entries = list(already)
		for code, occurrences in cells.get(member.name, {}).items():
			item = scheme.item(code)
			entries.append(Entry(code, item.points * occurrences, occurrences=occurrences))
		scores[member.name] = core_figures(score_quarter(entries, scheme), grid_codes)

	return {
		"sheet": {
			"name": doc.name,
			"party_branch": doc.party_branch,
			"assessment_period": doc.assessment_period,
			"modified": str(doc.modified),
			"total_points": fmt(sheet_total(doc, scheme)),
			"other_rows": other_rows,
		},
		"dimensions": [
			{
				"code": dim.code,
				"label": _(dim.label),
				"start": fmt(dim.start),
				"cap": fmt(dim.cap),
				"items": [i.code for i in dim_items if i.code in grid_codes],
			}
			for dim, dim_items in scheme.items_by_dimension
		],
		"items": [
			{
				"code": item.code,
				"dimension": item.dimension,
				"label": _(item.label),
				"points": fmt(item.points),
				"limit": None if item.quarter_limit is None else fmt(item.quarter_limit),
				"grid": item.code in grid_codes,
			}
			for _dim, dim_items in scheme.items_by_dimension
			for item in dim_items
		],
		"daily_conduct_cap": fmt(scheme.cap(DAILY_CONDUCT)),
		"members": [{"name": m.name, "full_name": m.full_name, "status": m.status} for m in members],
		"cells": cells,
		"posted": posted,
		"scores": scores,
	}


def sheet_total(doc, scheme: Scheme) -> Decimal:
	"""The sheet's total as its controller stores it (every row's points per occurrence x occurrences), exactly."""
	total = Decimal(0)
	for row in doc.entries:
		item = scheme.item(row.scoring_item)
		if item is not None:
			total += item.points * int(row.occurrences or 0)
	return total


def core_figures(result, grid_codes: set[str]) -> dict:
	"""A member's quarter as the core scored it: each dimension's figures and the grid items' counted points."""
	return {
		"dimensions": {
			code: {
				"start": fmt(d.start),
				"additions": fmt(d.additions),
				"deductions": fmt(d.deductions),
				"raw": fmt(d.raw),
				"value": fmt(d.value),
				"cap": fmt(d.cap),
			}
			for code, d in result.dimensions.items()
		},
		"items": {
			code: {"raw": fmt(i.raw), "counted": fmt(i.counted)}
			for code, i in result.items.items()
			if code in grid_codes
		},
		"total": fmt(result.total),
	}
