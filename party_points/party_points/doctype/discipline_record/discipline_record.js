// A discipline record: the member from the user's scope. A submitted (confirmed) violation vetoes the year.

frappe.ui.form.on("Discipline Record", {
	setup(frm) {
		frm.set_query("member", () => ({ query: "party_points.desk.member_query" }));
	},

	refresh(frm) {
		if (frm.doc.docstatus === 0) {
			frm.set_intro(""); // set_intro adds to what is shown
			frm.set_intro(
				__(
					"Submitting confirms the violation: the member's year is then rated Unqualified whatever the score, when the scheme applies the veto."
				),
				"orange"
			);
		} else {
			frm.set_intro("");
		}
	},
});
