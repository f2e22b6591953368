frappe.query_reports["Activity Participation"] = {
	filters: [
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", reqd: 1, default: new Date().getFullYear() },
		{ fieldname: "assessment_period", label: __("Assessment Period"), fieldtype: "Link", options: "Assessment Period" },
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "activity_type", label: __("Activity Type"), fieldtype: "Data" },
	],
};
