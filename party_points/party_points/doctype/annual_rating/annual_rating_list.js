{% include "party_points/party_points/doctype/annual_rating/create_ratings.js" %}

frappe.listview_settings["Annual Rating"] = {
	add_fields: ["status", "grade", "workflow_state"],
	has_indicator_for_draft: true,
	has_indicator_for_cancelled: true,
	// With the default workflow the list shows its state; without one, the rating's status.
	get_indicator(doc) {
		const colour = { Draft: "gray", Proposed: "orange", Approved: "green", Cancelled: "red" }[
			doc.status
		];
		if (colour) return [__(doc.status), colour, `status,=,${doc.status}`];
	},
	onload(listview) {
		if (!frappe.model.can_create("Annual Rating")) return;
		listview.page.add_inner_button(__("Create Ratings"), () => {
			const filter = (field) => {
				const f = listview.filter_area.get().find((f) => f[1] === field && f[2] === "=");
				return f ? f[3] : null;
			};
			party_points.desk.create_ratings({
				party_branch: filter("party_branch"),
				year: filter("year"),
				on_done: () => listview.refresh(),
			});
		});
	},
};
