// The quantification sheet as the paper 量化表: the branch's members against the recorder-kept items.
// Route: /app/quantification-grid?sheet=<Quantification Sheet>. One request loads the grid, one saves it.
// The live figures use the core's arithmetic (party_points/scoring/quarter.py score_quarter) in exact
// ten-thousandths; after loading and saving, the figures shown are the server's, scored by the core.

const GRID_METHOD = "party_points.party_points.page.quantification_grid.quantification_grid.";
const SCALE = 10000;

frappe.provide("party_points");

frappe.pages["quantification-grid"].on_page_load = (wrapper) => {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Quantification Grid"),
		single_column: true,
	});
	wrapper.quantification_grid = new party_points.QuantificationGrid(page);
	// the grid is wide: the page takes the window's width while it is shown
	$(wrapper).on("hide", () => document.body.classList.remove("pp-grid-wide"));
};

frappe.pages["quantification-grid"].on_page_show = (wrapper) => {
	document.body.classList.add("pp-grid-wide");
	wrapper.quantification_grid.show();
};

party_points.QuantificationGrid = class QuantificationGrid {
	constructor(page) {
		this.page = page;
		this.sheet = null;
		this.dirty = false;
		this.saving = false;
		this.$body = $(`<div class="pp-grid-page"></div>`).appendTo(page.main);
		this.bind_events();
		window.addEventListener("beforeunload", (e) => {
			if (this.dirty) {
				e.preventDefault();
				e.returnValue = "";
			}
		});
	}

	// Loading -----------------------------------------------------------------------------------

	show() {
		const options = frappe.route_options || {};
		const sheet = options.sheet || new URLSearchParams(window.location.search).get("sheet");
		frappe.route_options = null;
		if (!sheet) {
			this.sheet = null;
			this.show_message(
				__("Open a draft Quantification Sheet and choose Open Grid to enter it here."),
				true
			);
			return;
		}
		if (!window.location.search.includes("sheet=")) {
			const url = `/app/quantification-grid?sheet=${encodeURIComponent(sheet)}`;
			window.history.replaceState(window.history.state, "", url);
		}
		if (sheet === this.sheet && this.dirty) return; // keep what was typed
		this.sheet = sheet;
		this.load();
	}

	load() {
		this.show_message(__("Loading..."));
		return frappe.call({
			method: GRID_METHOD + "get_grid",
			args: { sheet: this.sheet },
			callback: (r) => this.render(r.message),
			error: () => this.show_message(__("The grid could not be opened.")),
		});
	}

	show_message(text, with_list = false) {
		this.data = null;
		this.set_dirty(false);
		this.set_actions(false);
		const list = with_list
			? `<p><a class="btn btn-default btn-sm" href="/app/quantification-sheet?docstatus=0">${frappe.utils.escape_html(
					__("Quantification Sheet")
			  )}</a></p>`
			: "";
		this.$body.html(
			`<div class="pp-grid-message text-muted"><p>${frappe.utils.escape_html(text)}</p>${list}</div>`
		);
	}

	set_actions(shown) {
		// Save, Open Sheet and Reload only while a sheet's grid is on the page
		this.page.clear_primary_action();
		this.page.clear_inner_toolbar();
		if (!shown) return;
		this.page.set_primary_action(__("Save"), () => this.save(), "es-line-success");
		this.page.add_inner_button(__("Open Sheet"), () => {
			this.confirm_discard(() => frappe.set_route("Form", "Quantification Sheet", this.sheet));
		});
		this.page.add_inner_button(__("Reload"), () => this.confirm_discard(() => this.load()));
	}

	// Rendering ---------------------------------------------------------------------------------

	render(data) {
		const t0 = performance.now();
		this.data = data;
		this.read_facts(data);
		this.$body.html(this.head_html(data) + this.table_html(data));
		this.table = this.$body.find("table.pp-grid")[0];
		this.status = this.$body.find(".pp-grid-status")[0];
		this.rows = Array.from(this.table.tBodies[0].rows);
		this.members.forEach((_m, m) => this.paint_member(m, data.scores[this.members[m].name]));
		this.paint_status();
		this.set_dirty(false);
		this.set_actions(true);
		this.render_ms = performance.now() - t0;
		this.$body.attr("data-render-ms", Math.round(this.render_ms));
	}

	read_facts(data) {
		this.items = data.items; // every scheme item, the grid's flagged with grid: true
		this.grid_items = this.items.filter((item) => item.grid);
		this.item_at = {};
		this.items.forEach((item) => {
			item.points_u = units(item.points);
			item.limit_u = item.limit === null ? null : units(item.limit);
			this.item_at[item.code] = item;
		});
		this.dimensions = data.dimensions.map((dim) => ({
			...dim,
			start_u: units(dim.start),
			cap_u: units(dim.cap),
			grid_items: this.grid_items.filter((item) => item.dimension === dim.code),
		}));
		this.members = data.members;
		this.values = this.members.map((member) => {
			const cells = data.cells[member.name] || {};
			return this.grid_items.map((item) => cells[item.code] || 0);
		});
		this.posted = this.members.map((member) => {
			const out = {};
			Object.entries(data.posted[member.name] || {}).forEach(([code, p]) => (out[code] = units(p)));
			return out;
		});
	}

	head_html(data) {
		const sheet = data.sheet;
		const esc = frappe.utils.escape_html;
		const kept = sheet.other_rows
			? `<div class="pp-grid-note">${esc(
					__("{0} rows of other members or items are kept as they are.", [sheet.other_rows])
			  )}</div>`
			: "";
		return `<div class="pp-grid-head">
			<div class="pp-grid-title">
				<a href="/app/quantification-sheet/${encodeURIComponent(sheet.name)}">${esc(sheet.name)}</a>
				<span class="text-muted">· ${esc(__("Party Branch"))}: ${esc(sheet.party_branch)}
				· ${esc(__("Assessment Period"))}: ${esc(sheet.assessment_period)}</span>
			</div>
			<div class="pp-grid-help text-muted">${esc(
				__(
					"Type each member's occurrences. Points, quarterly limits and subtotals follow as you type; nothing is written until you save. Subtotals include what is already posted for the quarter."
				)
			)}</div>
			${kept}
			<div class="pp-grid-status"></div>
		</div>`;
	}

	table_html(data) {
		const esc = frappe.utils.escape_html;
		const top = [`<th rowspan="2" class="pp-member-head">${esc(__("Member"))}</th>`];
		const sub = [];
		this.dimensions.forEach((dim) => {
			const span = dim.grid_items.length + 1;
			top.push(`<th colspan="${span}" class="pp-dim-head pp-dim-start">
				<div>${esc(dim.label)}</div>
				<div class="pp-head-fact">${esc(__("start {0} · cap {1}", [dim.start, dim.cap]))}</div>
			</th>`);
			dim.grid_items.forEach((item, k) => {
				const limit =
					item.limit === null
						? __("no quarterly limit")
						: __("limit {0} a quarter", [item.limit]);
				sub.push(`<th class="pp-item-head${k === 0 ? " pp-dim-start" : ""}" title="${esc(
					item.label
				)}">
					<div class="pp-item-label">${esc(item.label)}</div>
					<div class="pp-head-fact">${esc(item.code)} · ${esc(
					__("{0} each", [signed(item.points_u)])
				)}</div>
					<div class="pp-head-fact">${esc(limit)}</div>
				</th>`);
			});
			const note = dim.grid_items.length ? "" : ` title="${esc(__("Not kept on the sheet"))}"`;
			sub.push(`<th class="pp-sub-head${dim.grid_items.length ? "" : " pp-dim-start"}"${note}>${esc(
				__("Subtotal")
			)}</th>`);
		});
		top.push(`<th rowspan="2" class="pp-total-head">
			<div>${esc(__("Daily Conduct"))}</div>
			<div class="pp-head-fact">${esc(__("cap {0}", [data.daily_conduct_cap]))}</div>
		</th>`);

		const body = this.members.map((member, m) => {
			const cells = [
				`<th class="pp-member" scope="row"><div>${esc(member.full_name)}</div>
				<div class="pp-head-fact">${esc(member.name)}${
					member.status === "Active" ? "" : " · " + esc(__(member.status))
				}</div></th>`,
			];
			let i = 0;
			this.dimensions.forEach((dim) => {
				dim.grid_items.forEach((item, k) => {
					const value = this.values[m][i] || "";
					cells.push(`<td class="pp-cell${k === 0 ? " pp-dim-start" : ""}"><input
						class="pp-occ" data-m="${m}" data-i="${i}" value="${value}" inputmode="numeric"
						autocomplete="off" aria-label="${esc(member.full_name)} ${esc(item.code)}"><span
						class="pp-pts"></span>${this.posted_html(m, item)}</td>`);
					i++;
				});
				cells.push(
					`<td class="pp-sub${dim.grid_items.length ? "" : " pp-dim-start"}" data-dim="${esc(
						dim.code
					)}"></td>`
				);
			});
			cells.push(`<td class="pp-total"></td>`);
			return `<tr data-member="${esc(member.name)}">${cells.join("")}</tr>`;
		});
		if (!this.members.length) {
			body.push(
				`<tr><td colspan="${this.grid_items.length + this.dimensions.length + 2}" class="text-muted">${esc(
					__("The branch has no active members.")
				)}</td></tr>`
			);
		}
		return `<div class="pp-grid-wrap"><table class="pp-grid">
			<thead><tr>${top.join("")}</tr><tr>${sub.join("")}</tr></thead>
			<tbody>${body.join("")}</tbody>
		</table></div>`;
	}

	posted_html(m, item) {
		const posted = this.posted[m][item.code];
		if (!posted) return "";
		const text = __("{0} posted", [signed(posted)]);
		return `<div class="pp-posted">${frappe.utils.escape_html(text)}</div>`;
	}

	// The core's arithmetic ----------------------------------------------------------------------

	score(m) {
		// score_quarter: an item's points are summed, then held to its quarterly limit; each dimension is
		// its start plus the counted points, clamped to [0, cap]; the total adds the dimensions.
		const raw = Object.assign({}, this.posted[m]);
		this.grid_items.forEach((item, i) => {
			const n = this.values[m][i];
			if (n > 0) raw[item.code] = (raw[item.code] || 0) + n * item.points_u;
		});
		const items = {};
		const dimensions = {};
		let total = 0;
		this.dimensions.forEach((dim) => {
			let additions = 0;
			let deductions = 0;
			this.items.forEach((item) => {
				if (item.dimension !== dim.code || !(item.code in raw)) return;
				const points = raw[item.code];
				const limit = item.limit_u;
				const counted = limit === null ? points : clamp(points, -limit, limit);
				items[item.code] = { raw: points, counted };
				if (counted > 0) additions += counted;
				else deductions += counted;
			});
			const before = dim.start_u + additions + deductions;
			const value = clamp(before, 0, dim.cap_u);
			dimensions[dim.code] = { start: dim.start_u, additions, deductions, raw: before, value, cap: dim.cap_u };
			total += value;
		});
		return { items, dimensions, total };
	}

	from_server(figures) {
		// The core's figures (exact decimal text) in the units the page computes in.
		const dimensions = {};
		Object.entries(figures.dimensions).forEach(([code, d]) => {
			dimensions[code] = {};
			Object.entries(d).forEach(([key, value]) => (dimensions[code][key] = units(value)));
		});
		const items = {};
		Object.entries(figures.items).forEach(([code, i]) => {
			items[code] = { raw: units(i.raw), counted: units(i.counted) };
		});
		return { dimensions, items, total: units(figures.total) };
	}

	// Painting ----------------------------------------------------------------------------------

	paint_member(m, server) {
		let result = this.score(m);
		if (server) {
			const judged = this.from_server(server);
			if (!same_result(result, judged)) {
				console.warn("party_points: the grid's arithmetic differs from the core for", this.members[m].name);
			}
			result = judged; // the server is the judge
		}
		const row = this.rows[m];
		const inputs = row.querySelectorAll("input.pp-occ");
		this.grid_items.forEach((item, i) => this.paint_cell(inputs[i], m, i, item, result));
		row.querySelectorAll("td.pp-sub").forEach((td) => {
			const dim = this.dimensions.find((d) => d.code === td.dataset.dim);
			this.paint_subtotal(td, dim, result.dimensions[dim.code]);
		});
		const total = row.querySelector("td.pp-total");
		total.textContent = plain(result.total);
	}

	paint_cell(input, m, i, item, result) {
		const span = td_points(input);
		const td = input.parentElement;
		const n = this.values[m][i];
		td.classList.toggle("pp-invalid", Number.isNaN(n));
		td.classList.remove("pp-held");
		td.removeAttribute("title");
		if (Number.isNaN(n)) {
			span.textContent = "";
			td.title = __("Type a whole number of occurrences, 0 or more");
			return;
		}
		const posted = this.posted[m][item.code] || 0;
		const line = result.items[item.code];
		const notes = [];
		if (posted) notes.push(__("{0} already posted this quarter", [signed(posted)]));
		if (!n) {
			span.textContent = "";
		} else {
			span.textContent = signed(n * item.points_u);
		}
		if (n && line && line.counted !== line.raw) {
			// held to the quarterly limit: how much of this cell still counts
			const limit = item.limit_u;
			const counts = line.counted - clamp(posted, -limit, limit);
			td.classList.add("pp-held");
			span.textContent = `${signed(n * item.points_u)} → ${signed(counts)}`;
			notes.push(
				__("{0} in the quarter is held to the limit of {1}; this cell counts {2}", [
					signed(line.raw),
					plain(Math.abs(line.counted)),
					signed(counts),
				])
			);
		}
		if (notes.length) td.title = notes.join("\n");
	}

	paint_subtotal(td, dim, d) {
		td.textContent = plain(d.value);
		td.classList.toggle("pp-capped", d.raw > d.cap);
		td.classList.toggle("pp-floored", d.raw < 0);
		const lines = [
			__("{0}: start {1}, added {2}, deducted {3}, result {4} of {5}", [
				dim.label,
				plain(d.start),
				plain(d.additions),
				plain(-d.deductions),
				plain(d.value),
				plain(d.cap),
			]),
		];
		if (d.raw > d.cap) lines.push(__("{0} is above the cap, counted as {1}", [plain(d.raw), plain(d.cap)]));
		if (d.raw < 0) lines.push(__("{0} is below zero, counted as 0", [plain(d.raw)]));
		td.title = lines.join("\n");
	}

	paint_status() {
		let total = 0;
		let rows = 0;
		let invalid = 0;
		this.values.forEach((row) =>
			row.forEach((n, i) => {
				if (Number.isNaN(n)) invalid++;
				else if (n > 0) {
					rows++;
					total += n * this.grid_items[i].points_u;
				}
			})
		);
		const parts = [
			__("{0} members", [this.members.length]),
			__("{0} items", [this.grid_items.length]),
			__("{0} rows", [rows]),
			__("Sheet total {0} points", [plain(total)]),
		];
		let html = parts.map((p) => frappe.utils.escape_html(p)).join(" · ");
		if (invalid) {
			html += ` · <span class="pp-status-invalid">${frappe.utils.escape_html(
				__("{0} cells are not whole numbers", [invalid])
			)}</span>`;
		}
		this.status.innerHTML = html;
		this.status.dataset.sheetTotal = plain(total);
	}

	// Typing ------------------------------------------------------------------------------------

	bind_events() {
		this.$body.on("input", "input.pp-occ", (e) => {
			const input = e.currentTarget;
			const m = Number(input.dataset.m);
			const i = Number(input.dataset.i);
			this.values[m][i] = read_occurrences(input.value);
			this.paint_member(m, null);
			this.paint_status();
			this.set_dirty(true);
		});
		this.$body.on("focus", "input.pp-occ", (e) => e.currentTarget.select());
		this.$body.on("keydown", "input.pp-occ", (e) => {
			const step = { Enter: e.shiftKey ? -1 : 1, ArrowDown: 1, ArrowUp: -1 }[e.key];
			if (!step) return;
			e.preventDefault();
			const input = e.currentTarget;
			const next = this.rows[Number(input.dataset.m) + step];
			const target = next && next.querySelectorAll("input.pp-occ")[Number(input.dataset.i)];
			if (target) target.focus();
		});
	}

	set_dirty(dirty) {
		this.dirty = dirty;
		if (dirty) this.page.set_indicator(__("Not Saved"), "orange");
		else this.page.clear_indicator();
	}

	confirm_discard(then) {
		if (!this.dirty) return then();
		frappe.confirm(__("Discard what you typed since the last save?"), then);
	}

	// Saving ------------------------------------------------------------------------------------

	save() {
		if (!this.data || this.saving) return;
		const bad = [];
		const cells = {};
		this.members.forEach((member, m) => {
			this.grid_items.forEach((item, i) => {
				const n = this.values[m][i];
				if (Number.isNaN(n)) bad.push(`${member.full_name} · ${item.code}`);
				else if (n > 0) (cells[member.name] = cells[member.name] || {})[item.code] = n;
			});
		});
		if (bad.length) {
			frappe.msgprint({
				title: __("Not saved"),
				indicator: "red",
				message:
					__("Type a whole number of occurrences, 0 or more, in these cells:") +
					"<br>" +
					bad.slice(0, 10).map(frappe.utils.escape_html).join("<br>"),
			});
			return;
		}
		this.saving = true;
		const t0 = performance.now();
		return frappe
			.call({
				method: GRID_METHOD + "save_grid",
				type: "POST",
				args: { sheet: this.sheet, cells: JSON.stringify(cells), modified: this.data.sheet.modified },
				freeze: true,
				freeze_message: __("Saving..."),
				callback: (r) => {
					// the form's copy of the sheet is now stale: let the form read it again
					frappe.model.remove_from_locals("Quantification Sheet", this.sheet);
					this.render(r.message);
					this.save_ms = performance.now() - t0;
					this.$body.attr("data-save-ms", Math.round(this.save_ms));
					frappe.show_alert({
						message: __("Saved {0}: total {1} points", [r.message.sheet.name, r.message.sheet.total_points]),
						indicator: "green",
					});
				},
			})
			.always(() => (this.saving = false));
	}
};

function td_points(input) {
	return input.parentElement.querySelector(".pp-pts");
}

// Figures in ten-thousandths, exactly as the core's decimals for figures with up to four places.
function units(text) {
	return Math.round(parseFloat(text) * SCALE);
}

function plain(u) {
	const text = String(Number((u / SCALE).toFixed(4)));
	return text === "-0" ? "0" : text;
}

function signed(u) {
	return u > 0 ? `+${plain(u)}` : plain(u);
}

function clamp(value, low, high) {
	return Math.max(low, Math.min(high, value));
}

function read_occurrences(text) {
	const value = String(text).trim();
	if (value === "") return 0;
	return /^\d+$/.test(value) ? parseInt(value, 10) : NaN;
}

function same_result(a, b) {
	if (a.total !== b.total) return false;
	return Object.keys(b.dimensions).every((code) =>
		["start", "additions", "deductions", "raw", "value", "cap"].every(
			(key) => a.dimensions[code] && a.dimensions[code][key] === b.dimensions[code][key]
		)
	);
}
