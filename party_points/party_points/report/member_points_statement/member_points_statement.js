frappe.query_reports["Member Points Statement"] = {
	filters: [
		// not reqd: Frappe throws "Filter missing" while a required filter is empty (the member's own is
		// filled in on load, an officer picks one); without a member the report asks for one
		{ fieldname: "member", label: __("Party Member"), fieldtype: "Link", options: "Party Member" },
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", reqd: 1, default: new Date().getFullYear() },
	],

	onload(report) {
		if (report.get_filter_value("member")) return;
		// A member given in the route reaches the Link filter only after the Link's check, once the first run
		// (without it) has gone out: run again when it is there.
		frappe.after_ajax(() => {
			if (report.get_filter_value("member")) {
				report.refresh();
				return;
			}
			// a member opens their own statement (the server shows it too when no member is chosen)
			frappe.db
				.get_value("Party Member", { user: frappe.session.user }, "name")
				.then(({ message }) => message && message.name && report.set_filter_value("member", message.name));
		});
	},

	formatter(value, row, column, data, default_formatter) {
		// a source the reader may not open is shown as text, not as a link
		if (column.fieldname === "source_name" && data && data.source_doctype && !frappe.model.can_read(data.source_doctype)) {
			return frappe.utils.escape_html(value || "");
		}
		return default_formatter(value, row, column, data);
	},
};
