// Reward claims by their status, the reward shown with its label from the scheme.
frappe.listview_settings["Reward Claim"] = {
	colours: {
		Draft: "gray",
		Proposed: "orange",
		Approved: "green",
		Rejected: "red",
		Cancelled: "darkgrey",
	},
	add_fields: ["status", "reward_type", "points", "needs_committee_approval", "evidence"],
	has_indicator_for_draft: true,
	has_indicator_for_cancelled: true,
	get_indicator(doc) {
		const status = doc.status || "Draft";
		return [
			__(status),
			frappe.listview_settings["Reward Claim"].colours[status] || "gray",
			`status,=,${status}`,
		];
	},
	formatters: {
		reward_type(value) {
			const label = (frappe.listview_settings["Reward Claim"]._labels || {})[value];
			return frappe.utils.escape_html(label || value || "");
		},
	},
	onload(listview) {
		frappe.xcall("party_points.desk.reward_type_options").then((options) => {
			frappe.listview_settings["Reward Claim"]._labels = Object.fromEntries(
				(options || []).map((o) => [o.value, o.label])
			);
			listview.refresh();
		});
	},
};
