// Members by status, alphabetically.
frappe.listview_settings["Party Member"] = {
	colours: { Active: "green", "Transferred Out": "blue", Left: "gray", Deceased: "darkgrey" },
	add_fields: ["status", "party_branch"],
	get_indicator(doc) {
		return [
			__(doc.status),
			frappe.listview_settings["Party Member"].colours[doc.status] || "gray",
			`status,=,${doc.status}`,
		];
	},
};
