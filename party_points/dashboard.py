"""Number cards and dashboard chart sources of the Party Points workspace (branch-scoped like the reports)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Avg
from frappe.utils import getdate, today

from party_points import scope
from party_points.pending import pending_for


def current_period() -> str | None:
	day = getdate(today())
	return frappe.db.get_value("Assessment Period", {"start_date": ("<=", day), "end_date": (">=", day)})


@frappe.whitelist()
@frappe.read_only()
def average_score_this_quarter(filters: str | None = None) -> dict:
	period = current_period()
	score = frappe.qb.DocType("Member Score")
	query = (
		frappe.qb.from_(score)
		.select(Avg(score.daily_conduct))
		.where(score.assessment_period == (period or ""))
	)
	criterion = scope.score_condition(score)
	if criterion is not None:
		query = query.where(criterion)
	value = query.run()[0][0]
	return {"value": round(float(value or 0), 2), "fieldtype": "Float"}


@frappe.whitelist()
@frappe.read_only()
def pending_approval_count(filters: str | None = None) -> dict:
	"""What waits on the viewer, as the Pending Approvals report shows it."""
	return {"value": len(pending_for()), "fieldtype": "Int"}


@frappe.whitelist()
@frappe.read_only()
def score_trend(
	chart_name: str | None = None,
	chart: str | None = None,
	no_cache: int | None = None,
	filters: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
) -> dict:
	"""Average Daily Conduct per quarter, oldest first, over the branches the user may see."""
	score = frappe.qb.DocType("Member Score")
	query = (
		frappe.qb.from_(score)
		.select(score.assessment_period, Avg(score.daily_conduct).as_("average"))
		.groupby(score.assessment_period)
		.orderby(score.assessment_period)
	)
	criterion = scope.score_condition(score)
	if criterion is not None:
		query = query.where(criterion)
	rows = query.run(as_dict=True)[-8:]
	return {
		"labels": [r.assessment_period for r in rows],
		"datasets": [
			{"name": _("Average Daily Conduct"), "values": [round(float(r.average or 0), 2) for r in rows]}
		],
	}
