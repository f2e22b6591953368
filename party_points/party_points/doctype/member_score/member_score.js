frappe.ui.form.on("Member Score", {
	refresh(frm) {
		const on_notice =
			frm.doc.stage === "Public Notice" &&
			frm.doc.notice_end &&
			frm.doc.notice_end > frappe.datetime.get_today();
		if (on_notice && frappe.model.can_create("Score Objection")) {
			frm.add_custom_button(__("Object"), () => object_to(frm));
		}
		show_explanation(frm);
		link_dimensions_to_ledger(frm);
	},
});

function object_to(frm) {
	frappe.prompt(
		[
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("What Is Wrong and Why"),
				reqd: 1,
				description: __(
					"The score goes back to the branch committee for review, and an officer answers your objection."
				),
			},
		],
		({ reason }) =>
			frappe
				.call({
					method: "party_points.party_points.doctype.score_objection.score_objection.lodge",
					args: { member_score: frm.doc.name, reason },
					freeze: true,
				})
				.then((r) => {
					frappe.show_alert({
						message: __("Objection {0} lodged", [r.message]),
						indicator: "green",
					});
					frappe.set_route("Form", "Score Objection", r.message);
				}),
		__("Object to the score of {0}", [
			frappe.utils.escape_html(frm.doc.member_name || frm.doc.member),
		]),
		__("Object")
	);
}

function show_explanation(frm) {
	// The stored `explanation` column is not what people read: the controller's `explanation` property
	// renders the trail in the reader's language (sent in __onload).
	const text = frm.doc.__onload && frm.doc.__onload.explanation;
	frm.toggle_display("explanation", false);
	if (!text) return;
	const lines = text
		.split("\n")
		.filter(Boolean)
		.map((line) => `<li>${frappe.utils.escape_html(line)}</li>`)
		.join("");
	frm.dashboard.add_section(
		`<ul class="pp-explanation" style="margin: 0; padding-left: 1.2em">${lines}</ul>`,
		__("How It Was Calculated")
	);
	frm.dashboard.show();
}

function link_dimensions_to_ledger(frm) {
	const grid = frm.fields_dict.dimensions && frm.fields_dict.dimensions.grid;
	if (!grid) return;
	// the scheme's dimension labels in the reader's language
	grid.update_docfield_property("label", "formatter", (value) => __(value || ""));
	// each dimension's figure opens the ledger entries behind it (a plain link: the desk's router takes it)
	grid.update_docfield_property("points", "formatter", (value, df, options, doc) => {
		const shown = format_number(value || 0, null, 2);
		if (!doc || !doc.dimension || !frm.doc.member) return shown;
		const query = new URLSearchParams({
			member: frm.doc.member,
			assessment_period: frm.doc.assessment_period,
			dimension: doc.dimension,
		});
		return `<a class="pp-ledger-link" href="/app/points-ledger-entry?${query}"
			title="${__("Ledger entries behind this figure")}">${shown}</a>`;
	});
	// caught before the grid row's own click (which opens the row editor)
	if (!grid.wrapper[0].__pp_ledger) {
		grid.wrapper[0].__pp_ledger = true;
		grid.wrapper[0].addEventListener(
			"click",
			(event) => {
				const link = event.target.closest(".pp-ledger-link");
				if (!link) return;
				event.preventDefault();
				event.stopPropagation();
				const query = new URLSearchParams(link.getAttribute("href").split("?")[1]);
				frappe.set_route("List", "Points Ledger Entry", {
					member: query.get("member"),
					assessment_period: query.get("assessment_period"),
					dimension: ["=", query.get("dimension")],
				});
			},
			true
		);
	}
	grid.refresh();
}
