frappe.ui.form.on("Quantification Sheet", {
	refresh(frm) {
		if (frm.doc.docstatus !== 0 || !frm.doc.party_branch || !frm.doc.assessment_period) return;
		frm.add_custom_button(__("Add Branch Members"), () => {
			frappe.prompt(
				[
					{ fieldname: "scoring_item", fieldtype: "Data", label: __("Scoring Item"), reqd: 1 },
					{ fieldname: "occurrences", fieldtype: "Int", label: __("Occurrences"), default: 1, reqd: 1 },
				],
				(values) => {
					frm.call("add_branch_members", values).then(() => frm.refresh_field("entries"));
				},
				__("Add a row for every member of the branch")
			);
		});
	},
});
