// Ledger entries, newest first: what still counts (an addition or a deduction), what was reversed and the
// reversing entries themselves.
frappe.listview_settings["Points Ledger Entry"] = {
	add_fields: ["points", "is_reversed", "reverses", "part"],
	get_indicator(doc) {
		if (doc.reverses) return [__("Reversal"), "orange", "reverses,is,set"];
		if (doc.is_reversed) return [__("Reversed"), "gray", "is_reversed,=,1"];
		return doc.points < 0
			? [__("Deduction"), "red", "points,<,0"]
			: [__("Addition"), "green", "points,>=,0"];
	},
	formatters: {
		part(value) {
			return frappe.utils.escape_html(__(value || ""));
		},
	},
};
