{% include "party_points/party_points/doctype/member_score/branch_actions.js" %}

frappe.listview_settings["Member Score"] = {
	add_fields: ["stage", "party_branch", "assessment_period", "workflow_state"],
	// With the default workflow the list shows its state (styled by the Workflow State, in the reader's
	// language); without an active workflow, or one that leaves the status alone, the stage shows here.
	get_indicator(doc) {
		const colour = {
			Draft: "gray",
			"Under Review": "orange",
			Adopted: "blue",
			"Public Notice": "light-blue",
			Filed: "blue",
			Verified: "green",
		}[doc.stage];
		if (colour) return [__(doc.stage), colour, `stage,=,${doc.stage}`];
	},

	onload(listview) {
		if (!frappe.model.can_write("Member Score")) return;
		const move = () => {
			const filter = (field) => {
				const f = listview.filter_area.get().find((f) => f[1] === field && f[2] === "=");
				return f ? f[3] : null;
			};
			// the selected rows' branch and period when they share them, else the list's filters
			const checked = listview.get_checked_items();
			const same = (field) =>
				checked.length && checked.every((d) => d[field] === checked[0][field]) ? checked[0][field] : null;
			party_points.desk.move_branch_scores({
				party_branch: same("party_branch") || filter("party_branch"),
				assessment_period: same("assessment_period") || filter("assessment_period"),
				on_done: () => listview.refresh(),
			});
		};
		listview.page.add_inner_button(__("Move a Branch's Scores"), move);
		listview.page.add_actions_menu_item(__("Move a Branch's Scores"), move, false);
		// Frappe's generic bulk workflow items act on the selected rows only (a page of them), one by one,
		// and offer actions whatever stage the rows are in; the branch action above replaces them.
		Object.values(listview.workflow_action_items || {}).forEach(($item) => $item.parent().remove());
		listview.workflow_action_items = {};
	},
};
