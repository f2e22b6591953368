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
		} else {
			frm.events.suggest_department_head(frm);
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
		frm.events.suggest_department_head(frm);
	},

	department_head(frm) {
		// Typed or picked by hand unless it is what HRMS suggested; the server says so again on save.
		const suggested = frm.__suggested_head;
		if (!frm.doc.department_head) {
			frm.set_value("department_head_source", null);
		} else if (suggested && suggested.user === frm.doc.department_head) {
			frm.set_value("department_head_source", suggested.source);
		} else if (suggested) {
			frm.set_value("department_head_source", "Entered by Hand");
		}
	},

	// With ERPNext / HRMS: the head the member reports to, or the department's approver, filled in
	// when empty; who was passed over (no login, no Department Head role) is said under the field.
	suggest_department_head(frm) {
		if (!frm.doc.member || frm.doc.docstatus !== 0) return;
		const member = frm.doc.member;
		frappe
			.xcall("party_points.hrms.department_head_for", { member })
			.then((s) => {
				if (!s || frm.doc.member !== member) return;
				frm.__suggested_head = s.user ? s : null;
				if (s.user && !frm.doc.department_head) {
					frm.set_value("department_head", s.user);
				}
				const notes = (s.passed_over || []).map((n) => frappe.utils.escape_html(n));
				frm.set_df_property(
					"department_head",
					"description",
					s.user
						? [__("Suggested from HRMS ({0}): {1}", [__(s.source), s.full_name || s.user]), ...notes].join("<br>")
						: notes.join("<br>")
				);
			});
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
