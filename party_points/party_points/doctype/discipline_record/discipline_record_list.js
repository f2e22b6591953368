// Discipline records: a submitted record is a confirmed violation that vetoes the member's year.
frappe.listview_settings["Discipline Record"] = {
	add_fields: ["docstatus", "year"],
	get_indicator(doc) {
		if (doc.docstatus === 1) return [__("Confirmed"), "red", "docstatus,=,1"];
	},
};
