// A scheme's title, as the app created it ("Default points scheme"), reads in the reader's language; a title
// the company typed has no translation and shows as typed.
frappe.listview_settings["Points Scheme"] = {
	formatters: {
		title(value) {
			return frappe.utils.escape_html(__(value || ""));
		},
	},
};
