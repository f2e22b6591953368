// Sheets: a draft is not yet in the ledger; a submitted sheet's entries are posted.
frappe.listview_settings["Quantification Sheet"] = {
	add_fields: ["docstatus", "total_points"],
	get_indicator(doc) {
		if (doc.docstatus === 1) return [__("Posted"), "green", "docstatus,=,1"];
	},
};
