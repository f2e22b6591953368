// The recorder's sheet (量化表): branch, period and members come from the scope, the scoring items from the
// period's Points Scheme (only those the recorder keeps on the sheet), each shown with its label.

frappe.ui.form.on("Quantification Sheet", {
	setup(frm) {
		frm.set_query("party_branch", () => ({ query: "party_points.desk.branch_query" }));
		frm.set_query("assessment_period", () => ({ filters: { stage: ["!=", "Verified"] } }));
		frm.set_query("member", "entries", () => ({
			query: "party_points.desk.member_query",
			filters: {
				party_branch: frm.doc.party_branch,
				assessment_period: frm.doc.assessment_period,
			},
		}));
	},

	refresh(frm) {
		frm.events.show_intro(frm);
		frm.events.load_items(frm); // after a save the grid's fields belong to the saved name
		if (frm.doc.docstatus !== 0 || !frm.perm[0]?.write) return;
		if (!frm.is_new()) {
			// the members x items grid (the quantification-grid page) edits this draft sheet
			frm.add_custom_button(__("Open Grid"), () =>
				frappe.set_route("quantification-grid", { sheet: frm.doc.name })
			);
		}
		frm.add_custom_button(__("Add Branch Members"), () => frm.events.add_branch_members(frm));
	},

	assessment_period(frm) {
		frm.events.load_items(frm);
	},

	party_branch(frm) {
		frm.events.show_intro(frm);
	},

	show_intro(frm) {
		if (frm.doc.docstatus === 0 && !(frm.doc.party_branch && frm.doc.assessment_period)) {
			frm.set_intro(""); // set_intro adds to what is shown
			frm.set_intro(
				__(
					"Choose the branch and the period; then Add Branch Members fills a row per member."
				),
				"blue"
			);
		} else {
			frm.set_intro("");
		}
	},

	load_items(frm) {
		const period = frm.doc.assessment_period;
		if (!period) {
			frm._sheet_items = [];
			return Promise.resolve([]);
		}
		const loaded =
			frm._items_period === period
				? Promise.resolve(frm._sheet_items)
				: frappe.xcall("party_points.desk.scoring_item_options", {
						assessment_period: period,
				  });
		return loaded.then((items) => {
			frm._items_period = period;
			frm._sheet_items = items || [];
			const labels = Object.fromEntries(frm._sheet_items.map((i) => [i.value, i.label]));
			set_grid_options(frm, "entries", "scoring_item", frm._sheet_items, (value) =>
				value && labels[value]
					? `${frappe.utils.escape_html(value)} · ${frappe.utils.escape_html(
							labels[value]
					  )}`
					: frappe.utils.escape_html(value || "")
			);
			return frm._sheet_items;
		});
	},

	add_branch_members(frm) {
		if (!(frm.doc.party_branch && frm.doc.assessment_period)) {
			frappe.msgprint(__("Choose the branch and the period first"));
			return;
		}
		const ask = (items) => {
			const known = items.map((i) => i.value);
			const dialog = new frappe.ui.Dialog({
				title: __("Add a row for every member of the branch"),
				fields: [
					{
						fieldname: "scoring_item",
						fieldtype: "Autocomplete",
						label: __("Scoring Item"),
						options: items,
						ignore_validation: 1, // keep what was typed, to say why it is refused
						reqd: 1,
					},
					{
						fieldname: "occurrences",
						fieldtype: "Int",
						label: __("Occurrences"),
						default: 1,
						reqd: 1,
					},
				],
				primary_action_label: __("Add"),
				primary_action(values) {
					if (known.length && !known.includes(values.scoring_item)) {
						// said in the dialog itself, which stays open for another choice
						const message = __("Unknown scoring item {0}; the sheet's items are {1}", [
							frappe.utils.escape_html(values.scoring_item),
							known.join(", "),
						]);
						dialog.set_df_property(
							"scoring_item",
							"description",
							`<span class="text-danger">${message}</span>`
						);
						return;
					}
					dialog.hide();
					frm.call("add_branch_members", values).then((r) => {
						for (const row of frm.doc.entries || []) {
							if (row.member && row.member_name) {
								frappe.utils.add_link_title(
									"Party Member",
									row.member,
									row.member_name
								);
							}
						}
						frm.refresh_field("entries");
						frappe.show_alert({
							message: __("{0} rows added", [r.message || 0]),
							indicator: "green",
						});
					});
				},
			});
			dialog.show();
		};
		(frm._sheet_items?.length
			? Promise.resolve(frm._sheet_items)
			: frm.events.load_items(frm)
		).then(ask);
	},
});

frappe.ui.form.on("Quantification Sheet Entry", {
	scoring_item(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		const item = (frm._sheet_items || []).find((i) => i.value === row.scoring_item);
		if (item) {
			frappe.model.set_value(cdt, cdn, "points", item.points * (row.occurrences || 0));
		}
	},
	occurrences(frm, cdt, cdn) {
		frm.script_manager.trigger("scoring_item", cdt, cdn);
	},
});

function set_grid_options(frm, table, fieldname, options, formatter) {
	// An Autocomplete column fed from the scheme: new rows, rows already drawn and their open editors.
	const grid = frm.fields_dict[table]?.grid;
	if (!grid) return;
	const docfield = frappe.meta.get_docfield(grid.doctype, fieldname, frm.doc.name);
	if (docfield) Object.assign(docfield, { options, formatter });
	for (const df of grid.docfields || []) {
		if (df.fieldname === fieldname) Object.assign(df, { options, formatter });
	}
	for (const row of grid.grid_rows || []) {
		for (const df of row.docfields || []) {
			if (df.fieldname === fieldname) Object.assign(df, { options, formatter });
		}
		const control = row.on_grid_fields_dict?.[fieldname];
		if (control?.set_data) control.set_data(options);
		const in_form = row.grid_form?.fields_dict?.[fieldname];
		if (in_form?.set_data) in_form.set_data(options);
	}
	grid.refresh();
}
