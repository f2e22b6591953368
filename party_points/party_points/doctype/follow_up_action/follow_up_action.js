// A follow-up (谈话教育, 一对一帮扶): the member from the user's scope; whoever holds it is a desk user.

frappe.ui.form.on("Follow-up Action", {
	setup(frm) {
		frm.set_query("member", () => ({ query: "party_points.desk.member_query" }));
		frm.set_query("person_in_charge", () => ({
			filters: { enabled: 1, user_type: "System User" },
		}));
	},

	refresh(frm) {
		if (
			frm.doc.status === "Open" &&
			frm.doc.due_date &&
			frm.doc.due_date < frappe.datetime.get_today()
		) {
			frm.set_intro(""); // set_intro adds to what is shown
			frm.set_intro(
				__("Overdue since {0}", [frappe.datetime.str_to_user(frm.doc.due_date)]),
				"red"
			);
		} else {
			frm.set_intro("");
		}
	},

	status(frm) {
		if (frm.doc.status === "Done" && !frm.doc.completed_on) {
			frm.set_value("completed_on", frappe.datetime.get_today());
		}
	},
});
