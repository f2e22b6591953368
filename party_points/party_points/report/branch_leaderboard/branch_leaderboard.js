frappe.query_reports["Branch Leaderboard"] = {
	filters: [
		{
			fieldname: "view",
			label: __("Ranking"),
			fieldtype: "Select",
			options: [
				{ value: "Members", label: __("Members in Their Branch") },
				{ value: "Branches", label: __("Branch Against Branch") },
			],
			default: "Members",
			reqd: 1,
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			reqd: 1,
			default: new Date().getFullYear(),
		},
		{
			fieldname: "assessment_period",
			label: __("Quarter (Assessment Period)"),
			fieldtype: "Link",
			options: "Assessment Period",
			get_query: () => ({ filters: { year: frappe.query_report.get_filter_value("year") } }),
		},
		{
			fieldname: "party_branch",
			label: __("Party Branch"),
			fieldtype: "Link",
			options: "Party Organization",
			get_query: () => ({ query: "party_points.desk.branch_query" }),
		},
	],
};
