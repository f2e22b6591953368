{% include "party_points/party_points/doctype/annual_rating/create_ratings.js" %}

// Which kind of organization each kind belongs to (party_organization.py: PARENT_TYPES).
const PARENT_TYPES = {
	"Party Committee": ["Party Committee"],
	"Party Branch": ["Party Committee"],
	"Party Group": ["Party Branch"],
};

frappe.ui.form.on("Party Organization", {
	setup(frm) {
		frm.set_query("parent_party_organization", () => ({
			filters: {
				organization_type: ["in", PARENT_TYPES[frm.doc.organization_type] || []],
				name: ["!=", frm.doc.name || ""],
			},
		}));
		// officers are desk users (a Table MultiSelect takes its query on the table field itself)
		for (const field of ["secretary", "recorder", "committee_members"]) {
			frm.set_query(field, () => ({ filters: { enabled: 1, user_type: "System User" } }));
		}
	},

	refresh(frm) {
		if (
			!frm.is_new() &&
			frm.doc.organization_type === "Party Branch" &&
			frappe.model.can_create("Annual Rating")
		) {
			frm.add_custom_button(__("Create Ratings"), () =>
				party_points.desk.create_ratings({ party_branch: frm.doc.name, fixed_branch: true })
			);
		}
	},

	organization_type(frm) {
		const allowed = PARENT_TYPES[frm.doc.organization_type] || [];
		if (!frm.doc.parent_party_organization) return;
		frappe.db
			.get_value("Party Organization", frm.doc.parent_party_organization, "organization_type")
			.then(({ message }) => {
				if (message && !allowed.includes(message.organization_type)) {
					frm.set_value("parent_party_organization", "");
				}
			});
	},
});
