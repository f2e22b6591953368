// A branch's democratic evaluation (民主评议): the rounds come from the Points Scheme of the date held
// (a company may add its own), shown with their labels; the members from the branch.

frappe.ui.form.on("Democratic Evaluation", {
	setup(frm) {
		frm.set_query("party_branch", () => ({ query: "party_points.desk.branch_query" }));
		frm.set_query("member", "results", () => ({
			query: "party_points.desk.member_query",
			filters: {
				party_branch: frm.doc.party_branch,
				date: frm.doc.evaluation_date,
				exclude: (frm.doc.results || []).map((row) => row.member).filter(Boolean),
			},
		}));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.year) frm.set_value("year", moment().year());
		frm.events.load_rounds(frm);
	},

	refresh(frm) {
		if (frm.doc.docstatus !== 0 || !frm.perm[0]?.write) return;
		frm.add_custom_button(__("Add Branch Members"), () => {
			if (!frm.doc.party_branch || !frm.doc.evaluation_date) {
				frappe.msgprint(__("Choose the branch and the date first"));
				return;
			}
			frm.call({ doc: frm.doc, method: "add_branch_members", freeze: true }).then((r) => {
				for (const row of frm.doc.results || []) {
					if (row.member && row.member_name) {
						frappe.utils.add_link_title("Party Member", row.member, row.member_name);
					}
				}
				frm.refresh_field("results");
				frm.dirty();
				frappe.show_alert({
					message: __("{0} members added; give each a grade and a score", [
						r.message || 0,
					]),
					indicator: "green",
				});
			});
		});
	},

	evaluation_date(frm) {
		if (frm.doc.evaluation_date) {
			const year = moment(frm.doc.evaluation_date).year();
			if (year !== frm.doc.year) frm.set_value("year", year);
		}
		frm.events.load_rounds(frm);
	},

	year(frm) {
		if (!frm.doc.evaluation_date) frm.events.load_rounds(frm);
	},

	load_rounds(frm) {
		return frappe
			.xcall("party_points.desk.evaluation_round_options", {
				evaluation_date: frm.doc.evaluation_date || null,
				year: frm.doc.year || null,
			})
			.then((options) => {
				set_scheme_options(frm, "evaluation_round", options || []);
			});
	},
});

function set_scheme_options(frm, fieldname, options) {
	// An Autocomplete fed from the scheme: the choices, and the label wherever the code is shown.
	const labels = Object.fromEntries((options || []).map((o) => [o.value, o.label]));
	const field = frm.fields_dict[fieldname];
	frm.set_df_property(fieldname, "options", options);
	frm.set_df_property(fieldname, "formatter", (value) =>
		frappe.utils.escape_html(value && labels[value] ? labels[value] : value || "")
	);
	if (field?.set_data) {
		field.set_data(options);
		field.refresh();
	}
}
