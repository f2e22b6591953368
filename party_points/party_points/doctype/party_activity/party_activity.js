// A meeting, lesson, activity day or service. The activity types come from the Points Scheme of the date
// (with what each attendance status earns), the attendees from the branch; Add Branch Members lists them
// all as Present so that only the exceptions are changed. Check-in QR Code shows the code members scan to
// put themselves on the attendance (party_points.portal.checkin_qr: a signed link that expires with the
// check-in window), with the link and the window.

frappe.ui.form.on("Party Activity", {
	setup(frm) {
		frm.set_query("party_branch", () => ({ query: "party_points.desk.branch_query" }));
		frm.set_query("member", "attendance", () => ({
			query: "party_points.desk.member_query",
			filters: {
				party_branch: frm.doc.party_branch,
				date: frm.doc.activity_date,
				exclude: (frm.doc.attendance || []).map((row) => row.member).filter(Boolean),
			},
		}));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.title && !frm.doc.amended_from) {
			// A blank form: Frappe fills every Time field with the time now; an activity's start and end
			// are when members may check in (left empty: the whole day), so they start empty.
			frm.doc.start_time = null;
			frm.doc.end_time = null;
		}
		if (frm.is_new() && !frm.doc.activity_date)
			frm.set_value("activity_date", frappe.datetime.get_today());
		frm.events.load_activity_types(frm);
	},

	refresh(frm) {
		if (frm.doc.docstatus !== 0 || !frm.perm[0]?.write) return;
		frm.add_custom_button(__("Add Branch Members"), () => frm.events.add_branch_members(frm));
		if (!frm.is_new()) {
			frm.add_custom_button(__("Check-in QR Code"), () => frm.events.show_checkin_qr(frm));
		}
		if (!frm.doc.attendance?.length) {
			frm.set_intro(""); // set_intro adds to what is shown
			frm.set_intro(
				__(
					"Choose the branch and the date, then Add Branch Members lists every member as Present: change only who was late, left early, absent or excused."
				),
				"blue"
			);
		} else {
			frm.set_intro("");
		}
	},

	activity_date(frm) {
		frm.events.load_activity_types(frm);
	},

	activity_type(frm) {
		frm.events.set_points(frm);
	},

	set_points(frm) {
		// what each attendance earns under the scheme (the server sets the same on save)
		const kind = (frm._activity_types || []).find((o) => o.value === frm.doc.activity_type);
		if (!kind) return;
		for (const row of frm.doc.attendance || []) {
			row.points = (kind.points || {})[row.status] || 0;
		}
		frm.refresh_field("attendance");
	},

	load_activity_types(frm) {
		return frappe
			.xcall("party_points.desk.activity_type_options", {
				activity_date: frm.doc.activity_date,
			})
			.then((options) => {
				frm._activity_types = options || [];
				set_scheme_options(frm, "activity_type", frm._activity_types);
			});
	},

	show_checkin_qr(frm) {
		if (frm.is_new() || frm.is_dirty()) {
			frappe.msgprint(__("Save the activity first"));
			return;
		}
		frappe
			.xcall("party_points.portal.checkin_qr", { activity: frm.doc.name })
			.then((qr) => {
				const esc = frappe.utils.escape_html;
				const window_text = qr.late_after
					? __("Check-in is open from {0} to {1}; after {2} it counts as Late.", [
							qr.opens,
							qr.closes,
							qr.late_after,
					  ])
					: __("Check-in is open from {0} to {1}.", [qr.opens, qr.closes]);
				const dialog = new frappe.ui.Dialog({
					title: __("Check-in QR Code"),
					fields: [{ fieldtype: "HTML", fieldname: "qr" }],
					primary_action_label: __("Copy Link"),
					primary_action: () => frappe.utils.copy_to_clipboard(qr.url),
				});
				dialog.fields_dict.qr.$wrapper.html(`
					<div class="pp-checkin-qr text-center">
						<img class="pp-checkin-qr-image" src="${esc(qr.image)}" alt="${esc(
					__("Check-in QR Code")
				)}" style="width: 100%; max-width: 340px; image-rendering: pixelated;">
						<p class="pp-checkin-window">${esc(window_text)}</p>
						<p class="pp-checkin-link small" style="word-break: break-all;">
							<a href="${esc(qr.url)}" target="_blank" rel="noopener">${esc(qr.url)}</a>
						</p>
						<p class="pp-checkin-attendees text-muted small">${esc(
							__("{0} on the attendance", [qr.attendees])
						)}</p>
					</div>`);
				// members' check-ins are saved on the server: show them on the form when the code is put away
				dialog.onhide = () => frm.reload_doc();
				dialog.show();
			});
	},

	add_branch_members(frm) {
		if (!frm.doc.party_branch || !frm.doc.activity_date) {
			frappe.msgprint(__("Choose the branch and the date first"));
			return;
		}
		frm.call({
			doc: frm.doc,
			method: "add_branch_members",
			args: { status: "Present" },
			freeze: true,
		}).then((r) => {
			for (const row of frm.doc.attendance || []) {
				if (row.member && row.member_name) {
					frappe.utils.add_link_title("Party Member", row.member, row.member_name);
				}
			}
			frm.refresh_field("attendance");
			frm.dirty();
			frm.set_intro("");
			frappe.show_alert({
				message: __("{0} members added as Present", [r.message || 0]),
				indicator: "green",
			});
		});
	},
});

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

frappe.ui.form.on("Party Activity Attendance", {
	status(frm) {
		frm.events.set_points(frm);
	},
	attendance_add(frm) {
		frm.events.set_points(frm);
	},
});
