// Moving a whole branch's Member Scores by one workflow action, for a branch and period. The Member Score
// list and the Assessment Period form include this file (the server inlines it).
frappe.provide("party_points.desk");

party_points.desk.SCORE_METHODS = "party_points.party_points.doctype.member_score.member_score";

// Party Branches in the user's scope, described in the reader's language (desk.py)
party_points.desk.branch_filter = () => ({ query: "party_points.desk.branch_query" });

// The user's only Party Branch, when their scope has exactly one (a secretary's or recorder's).
party_points.desk.only_branch = () =>
	frappe.db
		.get_list("Party Organization", {
			filters: { organization_type: "Party Branch" },
			limit: 2,
		})
		.then((rows) => (rows.length === 1 ? rows[0].name : null));

// The newest period that has begun and is not verified yet.
party_points.desk.current_period = () =>
	frappe.db
		.get_list("Assessment Period", {
			filters: {
				stage: ["!=", "Verified"],
				start_date: ["<=", frappe.datetime.get_today()],
			},
			order_by: "start_date desc",
			limit: 1,
		})
		.then((rows) => (rows.length ? rows[0].name : null));

party_points.desk.move_branch_scores = function (opts = {}) {
	const esc = frappe.utils.escape_html;
	const dialog = new frappe.ui.Dialog({
		title: __("Move a Branch's Scores"),
		fields: [
			{
				fieldname: "party_branch",
				fieldtype: "Link",
				options: "Party Organization",
				label: __("Party Branch"),
				reqd: 1,
				get_query: party_points.desk.branch_filter,
				onchange: () => refresh(),
			},
			{
				fieldname: "assessment_period",
				fieldtype: "Link",
				options: "Assessment Period",
				label: __("Assessment Period"),
				reqd: 1,
				read_only: opts.assessment_period && opts.fixed_period ? 1 : 0,
				onchange: () => refresh(),
			},
			{ fieldname: "summary", fieldtype: "HTML" },
			{ fieldname: "action", fieldtype: "Select", label: __("Action"), reqd: 1 },
		],
		primary_action_label: __("Apply"),
		primary_action: (values) => apply(values),
	});

	let asked = 0;
	const refresh = () => {
		const { party_branch, assessment_period } = dialog.get_values(true) || {};
		const summary = dialog.get_field("summary");
		set_actions([]);
		if (!party_branch || !assessment_period) {
			summary.$wrapper.html("");
			return;
		}
		const mine = ++asked;
		frappe
			.xcall(`${party_points.desk.SCORE_METHODS}.branch_actions`, {
				party_branch,
				assessment_period,
			})
			.then((r) => {
				if (mine !== asked) return; // an older answer
				const stages = r.stages.map((s) => `${esc(s.label)}: ${s.count}`).join(", ");
				let html = r.total
					? __("{0} scores of {1} for {2} ({3}).", [
							r.total,
							esc(party_branch),
							esc(assessment_period),
							stages,
					  ])
					: __("{0} has no scores for {1} yet.", [
							esc(party_branch),
							esc(assessment_period),
					  ]);
				const own = r.actions.reduce((n, a) => Math.max(n, a.own), 0);
				if (own)
					html += " " + __("Your own score is left for someone else to file or verify.");
				if (r.total && !r.actions.length)
					html += " " + __("None of them can take an action of yours now.");
				summary.$wrapper.html(`<p class="text-muted">${html}</p>`);
				set_actions(r.actions);
			});
	};
	const set_actions = (actions) => {
		const field = dialog.get_field("action");
		field.df.options = actions.map((a) => ({
			value: a.action,
			label: __("{0} ({1} scores)", [a.label, a.count]),
		}));
		field.refresh();
		dialog.set_value("action", actions.length ? actions[0].action : "");
		dialog.get_primary_btn().prop("disabled", !actions.length);
	};
	const apply = (values) => {
		const label = __(values.action);
		frappe.confirm(
			__("Apply {0} to every score of {1} for {2} that can take it?", [
				esc(label),
				esc(values.party_branch),
				esc(values.assessment_period),
			]),
			() =>
				frappe
					.call({
						method: `${party_points.desk.SCORE_METHODS}.apply_to_branch`,
						args: values,
						freeze: true,
						freeze_message: __("Applying {0}…", [esc(label)]),
					})
					.then((r) => {
						dialog.hide();
						party_points.desk.show_branch_result(r.message);
						opts.on_done && opts.on_done(r.message);
					})
		);
	};

	dialog.show();
	const defaults = [
		opts.party_branch ? Promise.resolve(opts.party_branch) : party_points.desk.only_branch(),
		opts.assessment_period
			? Promise.resolve(opts.assessment_period)
			: party_points.desk.current_period(),
	];
	Promise.all(defaults).then(([party_branch, assessment_period]) =>
		dialog.set_values({ party_branch, assessment_period }).then(refresh)
	);
	return dialog;
};

// "File: 3 scores moved." Scores at another stage are counted; each one the action could not move (the
// user's own, a rule's refusal) is listed with the member and the reason.
party_points.desk.show_branch_result = function (result) {
	const esc = frappe.utils.escape_html;
	const moved = result.moved.length;
	const elsewhere = result.skipped.filter((s) => s.kind === "stage");
	const refused = result.skipped.filter((s) => s.kind !== "stage");
	let message = `<p>${__("{0}: {1} scores moved.", [esc(result.label), moved])}</p>`;
	if (elsewhere.length) {
		const stages = [...new Set(elsewhere.map((s) => s.stage))].map(esc).join(", ");
		message += `<p class="text-muted">${__(
			"{0} other scores are at a stage where {1} does not apply ({2}).",
			[elsewhere.length, esc(result.label), stages]
		)}</p>`;
	}
	if (refused.length) {
		const rows = refused
			.map(
				(s) =>
					`<tr><td><a href="/app/member-score/${encodeURIComponent(s.name)}">${esc(
						s.member_name || s.name
					)}</a></td><td>${esc(s.stage)}</td><td>${esc(s.reason)}</td></tr>`
			)
			.join("");
		message += `<p>${__("{0} scores could not be moved:", [refused.length])}</p>
			<table class="table table-bordered table-sm"><thead><tr><th>${__("Party Member")}</th>
			<th>${__("Stage")}</th><th>${__("Why")}</th></tr></thead><tbody>${rows}</tbody></table>`;
	}
	frappe.msgprint({
		title: __("Move a Branch's Scores"),
		message,
		indicator: refused.length ? (moved ? "orange" : "red") : "green",
		wide: refused.length > 0,
	});
};
