frappe.query_reports["Quarterly Public Notice"] = {
	filters: [
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization", reqd: 1 },
		{ fieldname: "assessment_period", label: __("Assessment Period"), fieldtype: "Link", options: "Assessment Period", reqd: 1 },
	],
};
