// Evaluations by their status, the round shown with its label from the scheme.
frappe.listview_settings["Democratic Evaluation"] = {
	colours: { Draft: "gray", Proposed: "orange", Approved: "green", Cancelled: "darkgrey" },
	add_fields: ["status", "evaluation_round", "year"],
	has_indicator_for_draft: true,
	has_indicator_for_cancelled: true,
	get_indicator(doc) {
		const status = doc.status || "Draft";
		return [
			__(status),
			frappe.listview_settings["Democratic Evaluation"].colours[status] || "gray",
			`status,=,${status}`,
		];
	},
	formatters: {
		evaluation_round(value) {
			const label = (frappe.listview_settings["Democratic Evaluation"]._labels || {})[value];
			return frappe.utils.escape_html(label || value || "");
		},
	},
	onload(listview) {
		frappe.xcall("party_points.desk.evaluation_round_options").then((options) => {
			frappe.listview_settings["Democratic Evaluation"]._labels = Object.fromEntries(
				(options || []).map((o) => [o.value, o.label])
			);
			listview.refresh();
		});
	},
};
