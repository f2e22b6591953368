// A Party Member: the branch from the user's scope, a group of that branch, the login (any enabled user,
// Website Users too), and a chart of the member's quarter totals (Daily Conduct of each scored quarter)
// above the connections.

frappe.ui.form.on("Party Member", {
	setup(frm) {
		frm.set_query("party_branch", () => ({ query: "party_points.desk.branch_query" }));
		frm.set_query("party_group", () => ({
			query: "party_points.desk.group_query",
			filters: { party_branch: frm.doc.party_branch },
		}));
		// Every enabled login, Website Users included: a member who only uses the members' page (/points)
		// needs no desk, and a fresh login without roles is a Website User. Frappe's user_query drops
		// Website Users unless told ignore_user_type (inside the filters; it honours it for System Users).
		frm.set_query("user", () => ({ filters: { ignore_user_type: 1 } }));
	},

	refresh(frm) {
		// said under the login's suggestions (instead of Frappe's "Filters applied for Ignore User Type = 1")
		frm.set_df_property(
			"user",
			"filter_description",
			__("Every enabled login, Website Users included")
		);
		if (!frm.is_new()) frm.events.render_quarter_chart(frm);
	},

	party_branch(frm) {
		if (frm.doc.party_group) frm.set_value("party_group", null);
	},

	render_quarter_chart(frm) {
		frappe
			.xcall("party_points.desk.member_quarter_totals", { member: frm.doc.name })
			.then((data) => {
				if (!data || !data.labels.length) return;
				const section = frm.dashboard.add_section(
					'<div class="pp-quarter-chart"></div>',
					__("Quarter Totals")
				);
				frm.dashboard.show(); // drawn into a visible section, or the chart has no width
				frm._quarter_chart = new frappe.Chart(section.find(".pp-quarter-chart")[0], {
					type: "bar",
					height: 220,
					colors: ["#e03636"],
					data: { labels: data.labels, datasets: data.datasets },
					barOptions: { spaceRatio: 0.6 },
					tooltipOptions: {
						formatTooltipY: (value) =>
							value == null ? "" : format_number(value, null, 2),
					},
				});
			});
	},
});
