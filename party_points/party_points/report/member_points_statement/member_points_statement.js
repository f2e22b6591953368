frappe.query_reports["Member Points Statement"] = {
	filters: [
		{ fieldname: "member", label: __("Party Member"), fieldtype: "Link", options: "Party Member", reqd: 1 },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", reqd: 1, default: new Date().getFullYear() },
	],
};
