// The Party Organization tree: committees at the top, their branches, the branches' groups. It opens on
// "All Party Organizations", so that an empty tree shows (Frappe's default root lookup fails on none), and
// New adds the kind of organization that belongs under the selected node.
const CHILD_TYPE = {
	"": "Party Committee",
	"Party Committee": "Party Branch",
	"Party Branch": "Party Group",
};

frappe.treeview_settings["Party Organization"] = {
	breadcrumb: "Party Points",
	get_tree_root: false,
	root_label: __("All Party Organizations"),
	disable_add_node: true,
	extend_toolbar: true,
	toolbar: [
		{
			label: __("Add Child"),
			condition: (node) => node.expandable && can_create(),
			click: (node) => add_organization(node),
			btnClass: "hidden-xs",
		},
	],

	onload(treeview) {
		treeview.root_value = "";
		treeview.make_tree();
		if (can_create()) {
			treeview.page.set_primary_action(
				__("New"),
				() =>
					add_organization(treeview.tree.get_selected_node() || treeview.tree.root_node),
				"add"
			);
		}
	},
};

function can_create() {
	return frappe.model.can_create("Party Organization");
}

function add_organization(node) {
	const treeview = frappe.views.trees["Party Organization"];
	const parent = node && !node.is_root ? node.data.value : "";
	const parent_type = parent
		? frappe.db
				.get_value("Party Organization", parent, "organization_type")
				.then((r) => r.message.organization_type)
		: Promise.resolve("");
	parent_type.then((type) => {
		const child_type = CHILD_TYPE[type];
		if (!child_type) {
			frappe.msgprint(__("A Party Group has no organizations under it."));
			return;
		}
		const types =
			type === "Party Committee" ? ["Party Branch", "Party Committee"] : [child_type];
		const dialog = new frappe.ui.Dialog({
			title: parent
				? __("New Organization under {0}", [frappe.utils.escape_html(parent)])
				: __("New Party Committee"),
			fields: [
				{
					fieldname: "organization_name",
					fieldtype: "Data",
					label: __("Organization Name"),
					reqd: 1,
				},
				{
					fieldname: "organization_type",
					fieldtype: "Select",
					label: __("Organization Type"),
					reqd: 1,
					options: types.map((t) => ({ value: t, label: __(t) })),
					default: child_type,
					read_only: types.length === 1 ? 1 : 0,
				},
			],
			primary_action_label: __("Create"),
			primary_action: (values) =>
				frappe.db
					.insert({
						doctype: "Party Organization",
						parent_party_organization: parent,
						...values,
					})
					.then((doc) => {
						dialog.hide();
						frappe.show_alert({
							message: __("{0} created", [frappe.utils.escape_html(doc.name)]),
							indicator: "green",
						});
						treeview.tree.load_children(node.is_root ? treeview.tree.root_node : node);
					}),
		});
		dialog.show();
	});
}
