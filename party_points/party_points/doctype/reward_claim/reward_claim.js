// A reward (奖励积分): the catalogue comes from the Points Scheme of the date of the achievement. A
// catalogue reward needs its evidence before it goes for approval, and the form says so from the start.

frappe.ui.form.on("Reward Claim", {
	setup(frm) {
		frm.set_query("member", () => ({
			query: "party_points.desk.member_query",
			filters: frm.doc.claim_date ? { date: frm.doc.claim_date } : {},
		}));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.member) {
			frappe.db
				.get_value("Party Member", { user: frappe.session.user, status: "Active" }, "name")
				.then((r) => r.message?.name && frm.set_value("member", r.message.name));
		}
		frm.events.load_rewards(frm);
	},

	refresh(frm) {
		frm.events.show_requirement(frm);
	},

	claim_date(frm) {
		frm.events.load_rewards(frm);
	},

	evidence(frm) {
		frm.events.show_requirement(frm);
	},

	reward_type(frm) {
		const reward = frm.events.reward(frm);
		if (reward) {
			frm.set_value("needs_committee_approval", reward.needs_approval);
			if (!reward.variable) frm.set_value("points", reward.points);
		}
		frm.events.show_requirement(frm);
	},

	load_rewards(frm) {
		return frappe
			.xcall("party_points.desk.reward_type_options", {
				claim_date: frm.doc.claim_date || null,
			})
			.then((options) => {
				frm._rewards = options || [];
				set_scheme_options(frm, "reward_type", frm._rewards);
				frm.events.show_requirement(frm);
			});
	},

	reward(frm) {
		return (frm._rewards || []).find((r) => r.value === frm.doc.reward_type);
	},

	needs_evidence(frm) {
		const reward = frm.events.reward(frm);
		const needs_approval = reward ? reward.needs_approval : frm.doc.needs_committee_approval;
		return !!frm.doc.reward_type && !needs_approval;
	},

	show_requirement(frm) {
		const reward = frm.events.reward(frm);
		frm.toggle_enable("points", !reward || !!reward.variable);
		if (
			frm.doc.docstatus !== 0 ||
			!["Draft", "Rejected", undefined, ""].includes(frm.doc.status)
		) {
			frm.set_intro("");
			return;
		}
		if (frm.events.needs_evidence(frm) && !frm.doc.evidence) {
			frm.set_intro(""); // set_intro adds to what is shown
			frm.set_intro(
				__(
					"Attach the evidence of the reward (the article, the commendation) before you submit the claim: a catalogue reward is approved on its evidence."
				),
				"orange"
			);
		} else if (reward && reward.needs_approval) {
			frm.set_intro(""); // set_intro adds to what is shown
			frm.set_intro(
				__(
					"Describe the exemplary conduct and propose the points (at most {0}); the Party Committee approves them.",
					[reward.points]
				),
				"blue"
			);
		} else {
			frm.set_intro("");
		}
	},

	before_workflow_action(frm) {
		// Refuse at once, before the request, a claim that goes for approval without its evidence.
		const next = next_status(frm);
		if (
			["Proposed", "Approved"].includes(next) &&
			frm.events.needs_evidence(frm) &&
			!frm.doc.evidence
		) {
			frappe.dom.unfreeze();
			frm.selected_workflow_action = null;
			frm.scroll_to_field("evidence");
			frappe.msgprint({
				message: __("Attach the evidence of the reward"),
				title: __("Missing Evidence"),
				indicator: "orange",
			});
			// the action waits on this promise: it never settles, so nothing is sent (and nothing thrown)
			return new Promise(() => {});
		}
	},
});

function next_status(frm) {
	// The status the chosen workflow action sets (state names are the company's; the status is the rule's).
	const workflow = frappe.workflow.workflows[frm.doctype];
	if (!workflow || !frm.selected_workflow_action) return null;
	const transition = (workflow.transitions || []).find(
		(t) => t.state === frm.doc.workflow_state && t.action === frm.selected_workflow_action
	);
	const state =
		transition && (workflow.states || []).find((s) => s.state === transition.next_state);
	return state && state.update_field === "status" ? state.update_value : null;
}

function set_scheme_options(frm, fieldname, options) {
	// An Autocomplete fed from the scheme: the choices, and the label wherever the code is shown.
	const labels = Object.fromEntries((options || []).map((o) => [o.value, o.label]));
	const field = frm.fields_dict[fieldname];
	frm.set_df_property(fieldname, "options", options);
	frm.set_df_property(fieldname, "formatter", (value) =>
		frappe.utils.escape_html(value && labels[value] ? labels[value] : value || "")
	);
	if (field?.set_data) {
		field.set_data(options);
		field.refresh();
	}
}
