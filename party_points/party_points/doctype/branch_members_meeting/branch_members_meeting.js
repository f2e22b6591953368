frappe.ui.form.on("Branch Members Meeting", {
	setup(frm) {
		frm.set_query("party_branch", () => ({ query: "party_points.desk.branch_query" }));
		frm.set_query("party_activity", () => ({
			filters: {
				activity_type: "Branch Members' Meeting",
				party_branch: frm.doc.party_branch || "",
				docstatus: ["<", 2],
			},
		}));
	},
	refresh(frm) {
		frm.set_intro("");
		if (frm.is_new() || !frm.doc.roster_size) return;
		if (frm.doc.quorum_reached) {
			frm.set_intro(
				__("Quorum reached: {0} of {1} members present ({2})", [
					frm.doc.present_count,
					frm.doc.roster_size,
					frm.doc.quorum_rule,
				]),
				"green"
			);
		} else {
			frm.set_intro(
				__("No quorum: {0} of {1} members present; {2} more were needed ({3})", [
					frm.doc.present_count,
					frm.doc.roster_size,
					frm.doc.members_short,
					frm.doc.quorum_rule,
				]),
				"red"
			);
		}
	},
	party_branch(frm) {
		if (frm.doc.party_activity) frm.set_value("party_activity", "");
	},
});
