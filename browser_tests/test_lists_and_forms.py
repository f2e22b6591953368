"""Lists and forms as an officer reads them, in English and in Chinese (the zh crawl's findings, one by one).

- ``test_list_indicators``: the Member Score list shows each score's workflow state (its stage) as a coloured
  indicator in the reader's language, a score on notice not in grey; the Score Objection list shows whether
  each objection is open or answered; the Annual Rating list shows each rating's state.
- ``test_member_score_form``: the dimension grid has a section of its own across the whole form, and no two
  sections of the form carry the same title.
- ``test_ledger_entry_form``: a ledger entry posted by an activity shows its source's DocType and its
  indicator (an addition or a deduction) in the reader's language.
- ``test_organization_links``: a Link to a Party Organization without a query of its own (the Points Ledger
  Entry list's branch filter) describes each organisation by its type in the reader's language.
- ``test_points_scheme``: the default scheme shows by its title in the reader's language in its list and in a
  period's link to it, and the list does not repeat its name.
- ``test_quantification_sheet``: a draft sheet offers Open Grid to its recorder and a posted one does not; the
  sheet's rows show the members' names.

Each logs in as the site's role user (the demo's), with the language of the run, and reads what the page
shows. Run through test_scripts.py (``--site S``).
"""

from __future__ import annotations

import json
import os
import re

import harness
from playwright.sync_api import Page, expect

CJK = re.compile(r"[\u4e00-\u9fff]")
_USERS: dict[str, str] = {}


def users(site: str) -> dict[str, str]:
	if not _USERS:
		_USERS.update(harness.in_site(site, "role_users")["users"])
	return _USERS


def open_as(page: Page, base_url: str, site: str, role: str, lang: str, route: str) -> None:
	"""Log in as the role's user in ``lang`` straight onto ``route`` (not the workspace, whose charts would
	still be drawing when the test moves on)."""
	user = users(site)[role]
	harness.in_site(site, "set_language", {"user": user, "lang": lang})
	page.context.clear_cookies()
	harness.log_in(page, base_url, user, harness.PASSWORD, f"/app/{route}")


def first(page: Page, doctype: str, filters: dict, fields: list[str] | None = None) -> dict | None:
	rows = page.evaluate(
		"""async ([doctype, filters, fields]) => (await frappe.call({
			method: "frappe.client.get_list", type: "GET",
			args: {doctype, filters: JSON.stringify(filters), fields: JSON.stringify(fields),
				order_by: "modified desc", limit_page_length: 1},
		})).message""",
		[doctype, filters, fields or ["name"]],
	)
	return rows[0] if rows else None


def pills(page: Page) -> list[tuple[str, str]]:
	"""(text, colour) of each row's indicator in the list on screen."""
	harness.settle(page)
	return page.evaluate(
		"""() => [...document.querySelectorAll('.list-row-container .list-row .indicator-pill')]
			.filter((e) => e.offsetParent !== null)
			.map((e) => [e.innerText.trim(), [...e.classList].find((c) =>
				["gray", "grey", "orange", "blue", "light-blue", "green", "red", "black", "yellow",
				"purple", "pink", "cyan"].includes(c)) || ""])"""
	)


def in_language(text: str, lang: str, english: str) -> None:
	if lang == "zh":
		assert CJK.search(text), f"{english!r} shows as {text!r} to a zh reader"
	else:
		assert text == english, (text, english)


def route_ready(page: Page, route: list[str], ready: str) -> None:
	assert harness.open_route(page, route, ready), f"{route} did not open"


def test_list_indicators(page: Page, base_url: str, site: str, lang: str) -> None:
	open_as(page, base_url, site, "Branch Secretary", lang, "member-score")
	route_ready(
		page,
		["List", "Member Score", "List"],
		"window.cur_list && cur_list.doctype === 'Member Score' && cur_list.data",
	)
	page.evaluate("() => cur_list.filter_area.add([['Member Score', 'stage', '=', 'Public Notice']])")
	# The rows on notice only (under load the list answered after the settle, and the pills were still the
	# unfiltered list's).
	page.wait_for_function(
		"() => cur_list.data && cur_list.data.every((d) => !d.stage || d.stage === 'Public Notice')",
		timeout=30_000,
	)
	harness.settle(page)
	shown = pills(page)
	if shown:  # the demo keeps one quarter on notice
		text, colour = shown[0]
		in_language(text, lang, "Public Notice")
		assert colour and colour not in ("gray", "grey"), shown[0]
	page.evaluate("() => cur_list.filter_area.clear()")
	harness.settle(page)
	shown = pills(page)
	assert shown, "the Member Score list shows no indicator"
	assert all(text for text, _ in shown), shown

	route_ready(
		page,
		["List", "Score Objection", "List"],
		"window.cur_list && cur_list.doctype === 'Score Objection' && cur_list.data",
	)
	rows = page.evaluate("() => cur_list.data.map((d) => d.status)")
	shown = pills(page)
	assert len(shown) == len(rows), ("an objection without its status", rows, shown)
	for (text, colour), status in zip(shown, rows, strict=True):
		in_language(text, lang, status)
		assert colour == ("green" if status == "Answered" else "orange"), (status, colour)

	route_ready(
		page,
		["List", "Annual Rating", "List"],
		"window.cur_list && cur_list.doctype === 'Annual Rating' && cur_list.data",
	)
	rows = page.evaluate("() => cur_list.data.length")
	assert len(pills(page)) == rows, "an annual rating without its state"


def test_member_score_form(page: Page, base_url: str, site: str, lang: str) -> None:
	open_as(page, base_url, site, "Branch Secretary", lang, "member-score")
	score = first(page, "Member Score", {"stage": ["!=", "Draft"]}) or first(page, "Member Score", {})
	assert score, "the secretary sees no Member Score"
	route_ready(
		page,
		["Form", "Member Score", score["name"]],
		f"window.cur_frm && cur_frm.docname === {json.dumps(score['name'])}",
	)
	found = page.evaluate(
		"""() => {
			const page = cur_frm.page.wrapper[0];
			const grid = cur_frm.fields_dict.dimensions.$wrapper[0];
			const titles = [...page.querySelectorAll(".form-section .section-head, .form-dashboard-section .section-head")]
				.filter((e) => e.offsetParent !== null).map((e) => e.innerText.trim()).filter(Boolean);
			return {grid: grid.getBoundingClientRect().width,
				form: page.querySelector(".form-layout").getBoundingClientRect().width, titles};
		}"""
	)
	assert found["grid"] > 0.8 * found["form"], f"the dimension grid is squeezed: {found}"
	titles = found["titles"]
	assert len(titles) == len(set(titles)), f"two sections with the same title: {titles}"


def test_ledger_entry_form(page: Page, base_url: str, site: str, lang: str) -> None:
	open_as(page, base_url, site, "Party Recorder", lang, "points-ledger-entry")
	entry = first(page, "Points Ledger Entry", {"source_doctype": "Party Activity"}, ["name", "points"])
	assert entry, "no ledger entry posted by an activity"
	route_ready(
		page,
		["Form", "Points Ledger Entry", entry["name"]],
		f"window.cur_frm && cur_frm.docname === {json.dumps(entry['name'])}",
	)
	source = page.locator(".frappe-control[data-fieldname='source_doctype'] .control-value").inner_text()
	in_language(source.strip(), lang, "Party Activity")
	# The part by its name in the scheme, not its code (daily_conduct), once the labels have come.
	page.wait_for_function(
		"""() => {
			const value = document.querySelector(".frappe-control[data-fieldname='part'] .control-value");
			return value && value.innerText.trim() && !value.innerText.includes("_");
		}""",
		timeout=15_000,
	)
	part = page.locator(".frappe-control[data-fieldname='part'] .control-value").inner_text()
	in_language(part.strip(), lang, "Daily Conduct")
	indicator = page.locator(".page-head:visible .indicator-pill").first.inner_text().strip()
	english = "Deduction" if float(entry["points"]) < 0 else "Addition"
	if indicator not in ("Reversed", "Reversal", "已冲销", "冲销"):
		in_language(indicator, lang, english)
	route_ready(
		page,
		["List", "Points Ledger Entry", "List"],
		"window.cur_list && cur_list.doctype === 'Points Ledger Entry' && cur_list.data",
	)
	for text, _colour in pills(page):
		if lang == "zh":
			assert CJK.search(text), f"a ledger entry's indicator shows {text!r} to a zh reader"
	# The Part filter names the parts, never their codes.
	parts = page.locator(".standard-filter-section [data-fieldname='part'] select option").all_inner_texts()
	parts = [p.strip() for p in parts if p.strip()]
	expected = {
		"en": ["Daily Conduct", "Democratic Evaluation", "Reward"],
		"zh": ["日常行为积分", "评议积分", "奖励积分"],
	}
	assert parts == expected[lang], parts


def test_organization_links(page: Page, base_url: str, site: str, lang: str) -> None:
	open_as(page, base_url, site, "Party Committee", lang, "points-ledger-entry")
	route_ready(
		page,
		["List", "Points Ledger Entry", "List"],
		"window.cur_list && cur_list.doctype === 'Points Ledger Entry' && cur_list.data",
	)
	branch = page.locator(".standard-filter-section [data-fieldname='party_branch'] input")
	branch.click()
	branch.press_sequentially("党")
	options = page.locator(".standard-filter-section ul[role='listbox'] [role='option']")
	expect(options.first).to_be_visible(timeout=15_000)
	text = page.locator(".standard-filter-section ul[role='listbox']:not([hidden])").inner_text()
	expected = {"zh": "党支部", "en": "Party Branch"}[lang]
	assert expected in text, text
	if lang == "zh":
		assert "Party Branch" not in text and "Party Group" not in text, text
	page.keyboard.press("Escape")


def test_points_scheme(page: Page, base_url: str, site: str, lang: str) -> None:
	open_as(page, base_url, site, "Party Points Manager", lang, "points-scheme")
	route_ready(
		page,
		["List", "Points Scheme", "List"],
		"window.cur_list && cur_list.doctype === 'Points Scheme' && cur_list.data",
	)
	rows = page.locator(".list-row-container .list-row").all_inner_texts()
	assert rows, "no Points Scheme in the list"
	if lang == "zh":
		assert not any("Default points scheme" in r for r in rows), rows
		assert any("默认积分细则" in r for r in rows), rows
	period = first(page, "Assessment Period", {}, ["name", "points_scheme"])
	assert period and period["points_scheme"], period
	route_ready(
		page,
		["Form", "Assessment Period", period["name"]],
		f"window.cur_frm && cur_frm.docname === {json.dumps(period['name'])}",
	)
	control = page.locator(".frappe-control[data-fieldname='points_scheme']")
	shown = control.locator("input").input_value() or control.inner_text()
	if not shown.strip():
		shown = control.locator(".control-value").inner_text()
	if lang == "zh":
		assert "Default points scheme" not in shown, shown
		assert CJK.search(shown), shown


def test_quantification_sheet(page: Page, base_url: str, site: str, lang: str) -> None:
	open_as(page, base_url, site, "Party Recorder", lang, "quantification-sheet")
	open_grid = {"zh": "表格录入", "en": "Open Grid"}[lang]
	for docstatus, offered in ((0, True), (1, False)):
		sheet = first(page, "Quantification Sheet", {"docstatus": docstatus})
		if not sheet:
			continue
		route_ready(
			page,
			["Form", "Quantification Sheet", sheet["name"]],
			f"window.cur_frm && cur_frm.docname === {json.dumps(sheet['name'])}",
		)
		button = page.locator(".page-head:visible button", has_text=open_grid)
		assert (button.count() > 0) == offered, (sheet["name"], docstatus, button.count())
		rows = page.evaluate("() => (cur_frm.doc.entries || []).map((r) => [r.member, r.member_name])")
		assert rows and all(name for _member, name in rows), f"rows without the member's name: {rows[:5]}"
		grid = page.locator(".frappe-control[data-fieldname='entries'] .grid-body .grid-row").first
		assert rows[0][1] in grid.inner_text(), (rows[0], grid.inner_text())


TESTS = [
	test_list_indicators,
	test_member_score_form,
	test_ledger_entry_form,
	test_organization_links,
	test_points_scheme,
	test_quantification_sheet,
]

if __name__ == "__main__":
	print(__doc__)
	print("run it with: env/bin/python -m pytest browser_tests/test_scripts.py -k lists_and_forms --site S")
	raise SystemExit(0 if os.environ.get("PARTY_POINTS_SITE") is None else 2)
