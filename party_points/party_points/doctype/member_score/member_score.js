frappe.ui.form.on("Member Score", {
	refresh(frm) {
		const on_notice =
			frm.doc.stage === "Public Notice" &&
			frm.doc.notice_end &&
			frm.doc.notice_end > frappe.datetime.get_today();
		if (on_notice && frappe.model.can_create("Score Objection")) {
			frm.add_custom_button(__("Object"), () => object_to(frm));
		}
	},
});

function object_to(frm) {
	frappe.prompt(
		[
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("What Is Wrong and Why"),
				reqd: 1,
				description: __(
					"The score goes back to the branch committee for review, and an officer answers your objection."
				),
			},
		],
		({ reason }) =>
			frappe
				.call({
					method: "party_points.party_points.doctype.score_objection.score_objection.lodge",
					args: { member_score: frm.doc.name, reason },
					freeze: true,
				})
				.then((r) => {
					frappe.show_alert({
						message: __("Objection {0} lodged", [r.message]),
						indicator: "green",
					});
					frappe.set_route("Form", "Score Objection", r.message);
				}),
		__("Object to the score of {0}", [
			frappe.utils.escape_html(frm.doc.member_name || frm.doc.member),
		]),
		__("Object")
	);
}
