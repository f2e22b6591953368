// Applications by their status; the workflow's state is shown when the workflow is active.
frappe.listview_settings["Quarterly Application"] = {
	colours: {
		Draft: "gray",
		"Pending Sign-off": "orange",
		"Pending Recorder": "yellow",
		Returned: "red",
		Approved: "green",
		Cancelled: "darkgrey",
	},
	add_fields: ["status", "member_name", "assessment_period", "department_head"],
	has_indicator_for_draft: true,
	has_indicator_for_cancelled: true,
	get_indicator(doc) {
		const status = doc.status || "Draft";
		return [
			__(status),
			frappe.listview_settings["Quarterly Application"].colours[status] || "gray",
			`status,=,${status}`,
		];
	},
};
