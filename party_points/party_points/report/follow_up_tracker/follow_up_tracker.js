frappe.query_reports["Follow-up Tracker"] = {
	filters: [
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization" },
		{ fieldname: "status", label: __("Status"), fieldtype: "Select", options: "\nOpen\nDone\nCancelled", default: "Open" },
		{ fieldname: "action_type", label: __("Action"), fieldtype: "Select", options: "\nAdmonition Talk\nOne-to-one Mentoring" },
	],
};
