// Ledger entries, newest first: what still counts (an addition or a deduction), what was reversed and the
// reversing entries themselves.

// The three parts of the annual score are fixed codes of the scoring core; the list shows their names.
const PARTS = {
	daily_conduct: __("Daily Conduct"),
	evaluation: __("Democratic Evaluation"),
	reward: __("Reward"),
};

frappe.listview_settings["Points Ledger Entry"] = {
	add_fields: ["points", "is_reversed", "reverses", "part"],
	onload(listview) {
		// The Part filter offers the names, not the codes.
		const field = listview.page.fields_dict.part;
		if (!field) return;
		field.df.options = [
			{ value: "", label: "" },
			...Object.entries(PARTS).map(([value, label]) => ({ value, label })),
		];
		field.set_options(field.get_value());
	},
	get_indicator(doc) {
		if (doc.reverses) return [__("Reversal"), "orange", "reverses,is,set"];
		if (doc.is_reversed) return [__("Reversed"), "gray", "is_reversed,=,1"];
		return doc.points < 0
			? [__("Deduction"), "red", "points,<,0"]
			: [__("Addition"), "green", "points,>=,0"];
	},
	formatters: {
		part(value) {
			return frappe.utils.escape_html(PARTS[value] || __(value || ""));
		},
	},
};
