frappe.query_reports["Annual Rating Summary"] = {
	filters: [
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", reqd: 1, default: new Date().getFullYear() },
		{ fieldname: "party_branch", label: __("Party Branch"), fieldtype: "Link", options: "Party Organization" },
	],
};
