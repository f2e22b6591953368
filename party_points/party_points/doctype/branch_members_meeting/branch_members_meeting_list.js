frappe.listview_settings["Branch Members Meeting"] = {
	add_fields: ["quorum_reached", "scores_adopted", "docstatus"],
	get_indicator(doc) {
		if (doc.docstatus === 2) return [__("Cancelled"), "red", "docstatus,=,2"];
		if (doc.scores_adopted && doc.docstatus === 1)
			return [__("Scores Adopted"), "green", "scores_adopted,=,1"];
		if (!doc.quorum_reached) return [__("No Quorum"), "orange", "quorum_reached,=,0"];
		return doc.docstatus === 1
			? [__("Held"), "blue", "docstatus,=,1"]
			: [__("Draft"), "grey", "docstatus,=,0"];
	},
};
