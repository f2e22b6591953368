// The Employee form (ERPNext / HRMS), loaded through doctype_js: a Party Points section above the
// connections with the member record, this quarter's score and the last annual grade. The server renders
// it only for a user who may read that member (party_points.hrms.employee_points); everybody else gets
// nothing, the same as for an Employee who is not a member.

frappe.ui.form.on("Employee", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read("Party Member")) return;
		const employee = frm.doc.name;
		frappe.xcall("party_points.hrms.employee_points", { employee }).then((data) => {
			if (!data || frm.doc.name !== employee) return; // nothing to show, or another Employee by now
			frm.dashboard.add_section(data.html, __("Party Points"));
			frm.dashboard.show();
		});
	},
});
