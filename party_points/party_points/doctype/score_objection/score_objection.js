const OFFICER_ROLES = ["Branch Secretary", "Party Committee", "Party Points Manager"];

frappe.ui.form.on("Score Objection", {
	setup(frm) {
		// only scores on public notice can be objected to (a member sees their own and their branch's)
		frm.set_query("member_score", () => ({ filters: { stage: "Public Notice" } }));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.member_score && frappe.user.has_role("Party Member")) {
			frappe
				.xcall(
					"party_points.party_points.doctype.score_objection.score_objection.score_to_object_to"
				)
				.then((name) => name && frm.set_value("member_score", name));
		}
	},

	refresh(frm) {
		const officer = frappe.user.has_role(OFFICER_ROLES);
		frm.toggle_enable("member_score", frm.is_new());
		frm.toggle_enable("reason", frm.is_new() || (!officer && frm.doc.status === "Open"));
		frm.toggle_display("answer", !frm.is_new());
		frm.toggle_enable("answer", officer && !frm.is_new());
		if (frm.is_new()) {
			frm.set_intro(
				__(
					"Say what is wrong with the score and why. The score goes back to the branch committee for review, and an officer answers you."
				),
				"blue"
			);
		} else if (frm.doc.status === "Open" && officer) {
			frm.set_intro(
				__(
					"Answer the objection; the score can be filed only when every objection is answered."
				),
				"orange"
			);
		}
	},
});
