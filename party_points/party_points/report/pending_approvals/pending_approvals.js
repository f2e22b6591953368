frappe.query_reports["Pending Approvals"] = {
	filters: [
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization" },
		{
			fieldname: "show_all",
			label: __("Everything Pending, Not Only What Waits on Me"),
			fieldtype: "Check",
			default: 0,
		},
	],
};
