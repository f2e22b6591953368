// Party Members from Employees (ERPNext / HRMS), loaded through doctype_list_js for two lists:
// - Party Member: "Add from Employees" picks Employees by company, department or branch, or by name;
// - Employee: the bulk action "Create Party Members" takes the selected Employees.
// Both ask for the Party Branch (and group, joining date), show what would happen, then create the members
// with party_points.hrms.create_members_from_employees. Shown only to who may create Party Members and
// read Employees; the server checks both again. Each list's own settings are extended, never replaced.

(() => {
	const METHOD = "party_points.hrms.create_members_from_employees";

	const may_use = () =>
		frappe.model.can_create("Party Member") && frappe.model.can_read("Employee");

	function extend(doctype, install) {
		const settings = (frappe.listview_settings[doctype] = frappe.listview_settings[doctype] || {});
		if (settings.__party_points_hrms) return;
		settings.__party_points_hrms = true;
		const previous = settings.onload;
		settings.onload = function (listview) {
			if (previous) previous.apply(this, arguments);
			if (may_use()) install(listview);
		};
	}

	function branch_fields(with_selection) {
		const fields = [];
		if (with_selection) {
			fields.push(
				{
					fieldtype: "HTML",
					fieldname: "help",
					options: `<p class="text-muted small">${__(
						"Every active Employee of the company, department (with its sub-departments) or branch you choose, or the Employees you name."
					)}</p>`,
				},
				{ fieldtype: "Link", fieldname: "company", label: __("Company"), options: "Company" },
				{
					fieldtype: "Link",
					fieldname: "department",
					label: __("Department"),
					options: "Department",
					get_query: () => {
						const company = dialog.get_value("company");
						return { filters: company ? { company } : {} };
					},
				},
				{ fieldtype: "Link", fieldname: "branch", label: __("Employee Branch"), options: "Branch" },
				{
					fieldtype: "MultiSelectList",
					fieldname: "employees",
					label: __("Employees"),
					get_data: (txt) => frappe.db.get_link_options("Employee", txt, { status: "Active" }),
				},
				{ fieldtype: "Section Break" }
			);
		}
		fields.push(
			{
				fieldtype: "Link",
				fieldname: "party_branch",
				label: __("Party Branch"),
				options: "Party Organization",
				reqd: 1,
				get_query: () => ({ filters: { organization_type: "Party Branch" } }),
				onchange: () => dialog.set_value("party_group", null),
			},
			{
				fieldtype: "Link",
				fieldname: "party_group",
				label: __("Party Group"),
				options: "Party Organization",
				get_query: () => ({
					filters: {
						organization_type: "Party Group",
						parent_party_organization: dialog.get_value("party_branch") || "",
					},
				}),
			},
			{ fieldtype: "Column Break" },
			{
				fieldtype: "Date",
				fieldname: "join_date",
				label: __("Joined the Branch"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			}
		);
		return fields;
	}

	let dialog;

	function open_dialog({ employees = null, on_done = null }) {
		dialog = new frappe.ui.Dialog({
			title: employees
				? __("Create Party Members for {0} Employees", [employees.length])
				: __("Add Party Members from Employees"),
			fields: branch_fields(!employees),
			size: employees ? "small" : "large",
			primary_action_label: __("Preview"),
			primary_action(values) {
				const args = {
					party_branch: values.party_branch,
					party_group: values.party_group || null,
					join_date: values.join_date,
					employees: employees || (values.employees?.length ? values.employees : null),
					company: employees ? null : values.company || null,
					department: employees ? null : values.department || null,
					branch: employees ? null : values.branch || null,
				};
				run(args, true).then((preview) => confirm_and_create(args, preview, on_done));
			},
		});
		dialog.show();
	}

	function run(args, dry_run) {
		return frappe.xcall(METHOD, { ...args, dry_run: dry_run ? 1 : 0 }, "POST", {
			freeze: true,
			freeze_message: dry_run ? __("Checking the Employees…") : __("Creating the members…"),
		});
	}

	function confirm_and_create(args, preview, on_done) {
		const count = preview.created.length + preview.linked.length;
		if (!count) {
			frappe.msgprint({
				title: __("Nothing to create"),
				message: summary(preview),
				indicator: "orange",
			});
			return;
		}
		frappe.confirm(
			`<p>${__("Create {0} Party Members in {1}?", [
				count,
				frappe.utils.escape_html(args.party_branch),
			])}</p>${summary(preview)}`,
			() =>
				run(args, false).then((result) => {
					dialog.hide();
					frappe.msgprint({
						title: __("Party Members from Employees"),
						message: summary(result),
						indicator: result.created.length ? "green" : "orange",
					});
					if (on_done) on_done(result);
				})
		);
	}

	function summary(result) {
		const who = (row) => {
			const name = frappe.utils.escape_html(row.employee_name || row.employee);
			const member = row.member
				? ` → <a href="/app/party-member/${encodeURIComponent(
						row.member
				  )}">${frappe.utils.escape_html(row.member)}</a>`
				: "";
			return `${name} (${frappe.utils.escape_html(row.employee)})${member}`;
		};
		const part = (title, rows, line) =>
			rows.length
				? `<p><b>${title}</b></p><ul>${rows.map((r) => `<li>${line(r)}</li>`).join("")}</ul>`
				: "";
		const n_created = result.created.length;
		const n_linked = result.linked.length;
		return (
			part(
				result.dry_run ? __("To create: {0}", [n_created]) : __("Created: {0}", [n_created]),
				result.created,
				who
			) +
			part(
				result.dry_run ? __("To link: {0}", [n_linked]) : __("Linked: {0}", [n_linked]),
				result.linked,
				who
			) +
			part(
				__("Skipped: {0}", [result.skipped.length]),
				result.skipped,
				(r) => `${who(r)}: ${frappe.utils.escape_html(r.reason)}`
			)
		);
	}

	extend("Party Member", (listview) => {
		listview.page.add_inner_button(__("Add from Employees"), () =>
			open_dialog({ on_done: () => listview.refresh() })
		);
	});

	extend("Employee", (listview) => {
		listview.page.add_action_item(__("Create Party Members"), () => {
			const employees = listview.get_checked_items(true);
			if (!employees.length) {
				frappe.msgprint(__("Select the Employees first"));
				return;
			}
			open_dialog({ employees, on_done: () => listview.clear_checked_items() });
		});
	});
})();
