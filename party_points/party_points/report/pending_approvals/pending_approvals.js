frappe.query_reports["Pending Approvals"] = {
	filters: [
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization" },
	],
};
