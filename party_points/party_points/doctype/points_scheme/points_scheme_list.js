// A scheme's title, as the app created it ("Default points scheme"), reads in the reader's language; a title
// the company typed has no translation and shows as typed.
frappe.listview_settings["Points Scheme"] = {
	// the name (PS-2026, or the title and year a copy took) says nothing the title and year do not
	hide_name_column: true,
	formatters: {
		title(value) {
			return frappe.utils.escape_html(__(value || ""));
		},
	},
};
