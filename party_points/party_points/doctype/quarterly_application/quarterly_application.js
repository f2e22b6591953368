// The member's quarterly application (积分申请表): a period still open, the member's own record, and a
// department head who holds that role and is not the applicant.

frappe.ui.form.on("Quarterly Application", {
	setup(frm) {
		frm.set_query("member", () => ({ query: "party_points.desk.member_query" }));
		frm.set_query("assessment_period", () =>
			frm.is_new()
				? { filters: { stage: "Open" } }
				: { filters: { stage: ["!=", "Verified"] } }
		);
		frm.set_query("department_head", () => ({
			query: "party_points.desk.department_head_query",
			filters: { member: frm.doc.member },
		}));
	},

	onload(frm) {
		if (!frm.is_new()) return;
		if (!frm.doc.member) {
			frappe.db
				.get_value("Party Member", { user: frappe.session.user, status: "Active" }, "name")
				.then((r) => r.message?.name && frm.set_value("member", r.message.name));
		}
		if (!frm.doc.assessment_period) {
			frappe.db
				.get_list("Assessment Period", {
					filters: { stage: "Open" },
					fields: ["name"],
					order_by: "start_date desc",
					limit: 1,
				})
				.then((rows) => rows.length && frm.set_value("assessment_period", rows[0].name));
		}
	},

	refresh(frm) {
		frm.events.show_intro(frm);
	},

	member(frm) {
		if (frm.doc.department_head) {
			frappe.db.get_value("Party Member", frm.doc.member, "user").then((r) => {
				if (r.message?.user && r.message.user === frm.doc.department_head) {
					frm.set_value("department_head", null);
				}
			});
		}
	},

	show_intro(frm) {
		const head = frm.doc.department_head ? frappe.user.full_name(frm.doc.department_head) : "";
		const intro = {
			Draft: [
				__(
					"List the quarter's work tasks and give your Work Achievement self-score (0–20); then Submit for Sign-off."
				),
				"blue",
			],
			"Pending Sign-off": [
				__("Waiting for the sign-off of {0}, the department head", [head]),
				"orange",
			],
			"Pending Recorder": [__("Signed off; waiting for the branch recorder"), "orange"],
			Returned: [
				__("Returned: {0}", [frappe.utils.escape_html(frm.doc.return_reason || "")]),
				"red",
			],
		}[frm.doc.status || "Draft"];
		frm.set_intro(""); // set_intro adds to what is shown
		if (intro) frm.set_intro(intro[0], intro[1]);
	},
});
