frappe.ui.form.on("Points Ledger Entry", {
	setup(frm) {
		// new entries go only into periods that are not verified
		frm.set_query("assessment_period", () => ({ filters: { stage: ["!=", "Verified"] } }));
	},

	onload(frm) {
		// The form's request key: a save sent twice (a double click, a retry after a lost answer) posts once.
		if (frm.is_new() && !frm.doc.request_id) {
			frm.doc.request_id = `desk-${frappe.utils.get_random(24)}`;
		}
		editable_when_new(frm);
	},

	// A new entry: the parts and the chosen item by their names in the period's scheme, as they are picked.
	assessment_period: show_labels,
	scoring_item: show_labels,

	refresh(frm) {
		if (editable_when_new(frm)) {
			frm.refresh_header();
			frm.refresh_fields();
		}
		show_source_doctype(frm);
		show_labels(frm);
		if (frm.is_new()) return;
		if (frm.doc.reverses) {
			frm.set_intro(__("This entry reverses {0}.", [link(frm.doc.reverses)]), "blue");
		} else if (frm.doc.is_reversed) {
			frm.set_intro(
				__("This entry was reversed by {0}.", [link(frm.doc.reversed_by)]),
				"orange"
			);
		} else if (frappe.model.can_create("Points Ledger Entry")) {
			frm.add_custom_button(__("Reverse"), () => reverse(frm));
		}
	},
});

// Nobody changes a posted entry (a correction is a reversal), so the roles that post have create but no
// write permission, and Frappe's form edits a new document only with write: a new entry's form takes the
// user's create as write, on this form's own copy of the permissions. Returns whether it had to.
function editable_when_new(frm) {
	if (!frm.is_new() || !frm.perm?.[0]?.create || frm.perm[0].write) return false;
	frm.perm = frm.perm.map((p) => ({ ...p }));
	frm.perm[0].write = 1;
	return true;
}

// The source's DocType by its name in the reader's language ("党员活动"): Frappe translates a Link's value
// only when the reader may open the linked record, and nobody but an administrator reads DocTypes. (Set on
// the form's own copy of the field: the copy made for each document does not keep a function.)
function show_source_doctype(frm) {
	const field = frm.fields_dict.source_doctype;
	if (!field || field.df.formatter) return;
	field.df.formatter = (value) => frappe.utils.escape_html(__(value || ""));
	frm.refresh_field("source_doctype");
}

function link(name) {
	return name
		? `<a href="/app/points-ledger-entry/${encodeURIComponent(
				name
		  )}">${frappe.utils.escape_html(name)}</a>`
		: "";
}

// A correction is a reversing entry with a reason; the original is marked reversed, never edited.
function reverse(frm) {
	frappe.prompt(
		[
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Reason"),
				reqd: 1,
				description: __(
					"A reversing entry of {0} points is posted for {1}, and the score is recomputed.",
					[
						-frm.doc.points,
						frappe.utils.escape_html(frm.doc.member_name || frm.doc.member),
					]
				),
			},
		],
		({ reason }) =>
			frm
				.call({ doc: frm.doc, method: "reverse", args: { reason }, freeze: true })
				.then((r) => {
					frappe.show_alert(
						{
							message: __("Reversed by the entry {0}", [link(r.message)]),
							indicator: "green",
						},
						10
					);
					frm.reload_doc();
				}),
		__("Reverse this entry"),
		__("Reverse")
	);
}

// The part, dimension and item are codes (daily_conduct, study, SE-04, mid_year): show their labels.
function show_labels(frm) {
	if (!frm.doc.assessment_period) return;
	frappe
		.xcall(
			"party_points.party_points.doctype.assessment_period.assessment_period.scheme_labels",
			{
				assessment_period: frm.doc.assessment_period,
			}
		)
		.then((labels) => {
			if (!labels || !labels.parts) return;
			frm.set_df_property(
				"part",
				"options",
				Object.entries(labels.parts).map(([value, label]) => ({ value, label }))
			);
			// A posted entry's fields are read-only, and a read-only Select shows its value: show the label.
			const part = frm.fields_dict.part;
			if (part) {
				part.df.formatter = (value) =>
					frappe.utils.escape_html(labels.parts[value] || __(value || ""));
				frm.refresh_field("part");
			}
			frm.set_df_property(
				"dimension",
				"description",
				labels.dimensions[frm.doc.dimension] || ""
			);
			frm.set_df_property(
				"scoring_item",
				"description",
				labels.items[frm.doc.scoring_item] || ""
			);
		});
}
