// Activities, newest first: a draft's attendance is not yet in the ledger; a submitted one's is posted.
frappe.listview_settings["Party Activity"] = {
	add_fields: ["docstatus", "activity_type", "activity_date"],
	get_indicator(doc) {
		if (doc.docstatus === 1) return [__("Posted"), "green", "docstatus,=,1"];
	},
	formatters: {
		activity_type(value) {
			return frappe.utils.escape_html(__(value || ""));
		},
	},
};
