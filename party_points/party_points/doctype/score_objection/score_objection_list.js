// Objections: an open one holds the score back from filing until an officer answers it.
frappe.listview_settings["Score Objection"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		return doc.status === "Answered"
			? [__("Answered"), "green", "status,=,Answered"]
			: [__("Open"), "orange", "status,=,Open"];
	},
};
