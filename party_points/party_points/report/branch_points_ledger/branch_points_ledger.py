"""Branch Points Ledger (积分台账): members × dimensions for a period, or × quarters with the grade for a year."""

from collections import defaultdict

import frappe
from frappe import _

from party_points.loaders import get_scheme
from party_points.rating import compute_ratings
from party_points.reports import column, member_columns, period_scores, scoped, year_of
from party_points.scoring import ScoringError


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.get("assessment_period"):
		return period_view(filters)
	return year_view(filters)


def period_view(filters: dict):
	period = frappe.db.get_value(
		"Assessment Period", filters.assessment_period, ["name", "points_scheme"], as_dict=True
	)
	scheme = get_scheme(period.points_scheme)
	rows = period_scores(period.name, lambda query, score: scoped(query, score.party_branch, filters))
	for row in rows.values():
		row["stage"] = _(row["stage"])
		row["assessment_period"] = period.name
	columns = [
		*member_columns(),
		*[column(_(d.label), d.code, "Float", width=110) for d in scheme.dimensions],
		column(_("Daily Conduct"), "daily_conduct", "Float", width=110),
		column(_("Democratic Evaluation (Year to Date)"), "evaluation_points", "Float", width=110),
		column(_("Reward (Year to Date)"), "reward_points", "Float", width=110),
		column(_("Stage"), "stage", width=110),
	]
	data = list(rows.values())
	chart = {
		"data": {
			"labels": [_(d.label) for d in scheme.dimensions],
			"datasets": [
				{
					"name": _("Average"),
					"values": [
						round(sum(r.get(d.code) or 0 for r in data) / len(data), 2) if data else 0
						for d in scheme.dimensions
					],
				}
			],
		},
		"type": "bar",
	}
	return columns, data, None, chart


def year_view(filters: dict):
	year = year_of(filters)
	score = frappe.qb.DocType("Member Score")
	query = (
		frappe.qb.from_(score)
		.select(score.member, score.member_name, score.party_branch, score.quarter, score.daily_conduct)
		.where(score.year == year)
		.orderby(score.party_branch)
		.orderby(score.member_name)
	)
	rows: dict[str, dict] = {}
	for r in scoped(query, score.party_branch, filters).run(as_dict=True):
		row = rows.setdefault(
			r.member, {"member": r.member, "member_name": r.member_name, "party_branch": r.party_branch}
		)
		row[f"q{r.quarter}"] = r.daily_conduct
	results = compute_ratings(list(rows), year)
	for member, row in rows.items():
		result = results.get(member)
		if result is None or isinstance(result, ScoringError):
			continue
		row.update(
			{
				"daily_conduct": float(result.daily_conduct),
				"evaluation_points": float(result.evaluation),
				"reward_points": float(result.reward),
				"total": float(result.total),
				"grade": _(result.grade),
			}
		)
	columns = [
		*member_columns(),
		*[column(_("Q{0}").format(q), f"q{q}", "Float", width=80) for q in (1, 2, 3, 4)],
		column(_("Daily Conduct (Mean of Quarters)"), "daily_conduct", "Float", width=110),
		column(_("Democratic Evaluation"), "evaluation_points", "Float", width=110),
		column(_("Reward"), "reward_points", "Float", width=90),
		column(_("Annual Score"), "total", "Float", width=100),
		column(_("Grade"), "grade", width=120),
	]
	data = list(rows.values())
	averages = defaultdict(list)
	for row in data:
		for q in (1, 2, 3, 4):
			if row.get(f"q{q}") is not None:
				averages[q].append(row[f"q{q}"])
	chart = {
		"data": {
			"labels": [_("Q{0}").format(q) for q in (1, 2, 3, 4)],
			"datasets": [
				{
					"name": _("Average Daily Conduct"),
					"values": [
						round(sum(averages[q]) / len(averages[q]), 2) if averages[q] else 0
						for q in (1, 2, 3, 4)
					],
				}
			],
		},
		"type": "line",
	}
	return columns, data, None, chart
