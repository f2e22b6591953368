frappe.query_reports["Scheme What-If"] = {
	filters: [
		{
			fieldname: "points_scheme",
			label: __("Draft Points Scheme"),
			fieldtype: "Link",
			options: "Points Scheme",
			reqd: 1,
		},
		{
			fieldname: "year",
			label: __("Past Year"),
			fieldtype: "Int",
			reqd: 1,
			default: new Date().getFullYear() - 1,
		},
		{
			fieldname: "party_branch",
			label: __("Party Branch"),
			fieldtype: "Link",
			options: "Party Organization",
			get_query: () => ({ query: "party_points.desk.branch_query" }),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && ["difference", "grade_change"].includes(column.fieldname) && data[column.fieldname]) {
			const colour = data[column.fieldname] > 0 ? "green" : "red";
			return `<span style="color: var(--${colour}-600)">${value}</span>`;
		}
		return value;
	},
};
