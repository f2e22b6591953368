// Creating a branch's Annual Ratings for a year. The Annual Rating list and
// the Party Organization form include this file (the server inlines it).
frappe.provide("party_points.desk");

party_points.desk.create_ratings = function (opts = {}) {
	const esc = frappe.utils.escape_html;
	const dialog = new frappe.ui.Dialog({
		title: __("Create Ratings"),
		fields: [
			{
				fieldname: "party_branch",
				fieldtype: "Link",
				options: "Party Organization",
				label: __("Party Branch"),
				reqd: 1,
				read_only: opts.fixed_branch ? 1 : 0,
				default: opts.party_branch,
				get_query: () => ({ query: "party_points.desk.branch_query" }),
			},
			{
				fieldname: "year",
				fieldtype: "Int",
				label: __("Year"),
				reqd: 1,
				default: opts.year || new Date().getFullYear(),
			},
			{
				fieldname: "help",
				fieldtype: "HTML",
				options: `<p class="text-muted">${__(
					"Every member of the branch who was a member in the year and has no rating for it gets a draft Annual Rating, computed from their quarters, evaluations and rewards."
				)}</p>`,
			},
		],
		primary_action_label: __("Create Ratings"),
		primary_action: ({ party_branch, year }) =>
			frappe
				.call({
					method: "party_points.party_points.doctype.annual_rating.annual_rating.create_branch_ratings",
					args: { party_branch, year },
					freeze: true,
					freeze_message: __("Rating the members of {0}…", [esc(party_branch)]),
				})
				.then((r) => {
					dialog.hide();
					return report(party_branch, year, r.message || []);
				})
				.then(() => opts.on_done && opts.on_done()),
	});

	// How many were created, and when none was, why.
	const report = (party_branch, year, created) => {
		const where = [esc(party_branch), year];
		if (created.length) {
			frappe.msgprint({
				title: __("Create Ratings"),
				indicator: "green",
				message: __(
					"{0} Annual Ratings were created for {1}, {2}. Check them and propose them to the Party Committee.",
					[created.length, ...where]
				),
				primary_action: {
					label: __("Show Them"),
					action: () =>
						frappe.set_route("List", "Annual Rating", { party_branch, year }),
				},
			});
			return;
		}
		return Promise.all([
			frappe.db.count("Party Member", { filters: { party_branch } }),
			frappe.db.count("Annual Rating", {
				filters: { party_branch, year, docstatus: ["<", 2] },
			}),
		]).then(([members, rated]) => {
			let why;
			if (!members) why = __("{0} has no members.", [where[0]]);
			else if (rated) {
				why = __("{0} of the {1} members of {2} already have a rating for {3}.", [
					rated,
					members,
					...where,
				]);
				if (rated < members)
					why += " " + __("The others were not members during {0}.", [year]);
			} else
				why = __("None of the {0} members of {1} was a member during {2}.", [
					members,
					...where,
				]);
			frappe.msgprint({
				title: __("Create Ratings"),
				indicator: "orange",
				message: __("No rating was created.") + " " + why,
			});
		});
	};

	dialog.show();
	if (!opts.party_branch) {
		party_points.desk
			.only_branch_for_ratings()
			.then((name) => name && dialog.set_value("party_branch", name));
	}
	return dialog;
};

party_points.desk.only_branch_for_ratings = () =>
	frappe.db
		.get_list("Party Organization", {
			filters: { organization_type: "Party Branch" },
			limit: 2,
		})
		.then((rows) => (rows.length === 1 ? rows[0].name : null));
