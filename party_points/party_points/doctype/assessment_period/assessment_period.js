frappe.ui.form.on("Assessment Period", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0]?.write) return;
		frm.add_custom_button(__("Rebuild Scores"), () => {
			frappe.confirm(
				__("Recompute every member's score of this period from the points ledger?"),
				() => frm.call("rebuild_scores")
			);
		});
	},
});
