frappe.query_reports["Branch Points Ledger"] = {
	filters: [
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", reqd: 1, default: new Date().getFullYear() },
		{ fieldname: "assessment_period", label: __("Assessment Period"), fieldtype: "Link", options: "Assessment Period" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "daily_conduct" && data && data.member && data.assessment_period) {
			// Drill down to the ledger entries behind the figure.
			const route = `/app/points-ledger-entry?member=${encodeURIComponent(data.member)}&assessment_period=${encodeURIComponent(data.assessment_period)}`;
			return `<a href="${route}">${value}</a>`;
		}
		return value;
	},
};
