frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Party Points Score Trend"] = {
	method: "party_points.dashboard.score_trend",
	filters: [],
};
