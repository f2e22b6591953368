frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Party Points Branch Leaderboard"] = {
	method: "party_points.leaderboard.branch_chart",
	filters: [],
};
