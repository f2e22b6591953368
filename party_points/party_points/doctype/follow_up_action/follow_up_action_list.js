// Follow-ups by due date, the open ones first; an open one past its due date is red.
frappe.listview_settings["Follow-up Action"] = {
	add_fields: ["status", "due_date"],
	filters: [["status", "=", "Open"]],
	get_indicator(doc) {
		if (doc.status === "Open") {
			const overdue = doc.due_date && doc.due_date < frappe.datetime.get_today();
			return overdue
				? [__("Overdue"), "red", `status,=,Open|due_date,<,${frappe.datetime.get_today()}`]
				: [__("Open"), "orange", "status,=,Open"];
		}
		if (doc.status === "Done") return [__("Done"), "green", "status,=,Done"];
		return [__(doc.status), "darkgrey", `status,=,${doc.status}`];
	},
};
