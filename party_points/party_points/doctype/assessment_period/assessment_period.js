{% include "party_points/party_points/doctype/member_score/branch_actions.js" %}

const PERIOD_METHODS = "party_points.party_points.doctype.assessment_period.assessment_period";

frappe.ui.form.on("Assessment Period", {
	onload(frm) {
		if (frm.is_new()) {
			if (!frm.doc.year) frm.set_value("year", new Date().getFullYear());
			else fill_from_year(frm);
		}
	},

	year: (frm) => fill_from_year(frm),
	quarter: (frm) => fill_from_year(frm),

	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.perm[0]?.write) {
			frm.add_custom_button(__("Rebuild Scores"), () => {
				frappe.confirm(
					__("Recompute every member's score of this period from the points ledger?"),
					() => frm.call("rebuild_scores")
				);
			});
		}
		if (frappe.model.can_write("Member Score") && frm.doc.stage !== "Verified") {
			frm.add_custom_button(__("Move a Branch's Scores"), () =>
				party_points.desk.move_branch_scores({ assessment_period: frm.doc.name, fixed_period: true })
			);
		}
	},
});

// A new period shows the dates of its quarter and the active scheme of its year before it is saved.
function fill_from_year(frm) {
	if (!frm.is_new() || !frm.doc.year) return;
	frappe
		.xcall(`${PERIOD_METHODS}.period_defaults`, { year: frm.doc.year, quarter: frm.doc.quarter })
		.then((d) => {
			if (!d) return;
			frm.set_value({
				points_scheme: d.points_scheme || "",
				start_date: d.start_date || "",
				end_date: d.end_date || "",
			});
			if (d.message) frappe.show_alert({ message: d.message, indicator: "orange" });
		});
}
