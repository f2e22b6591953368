"""The desk's pickers and link filters (issue 15), used in a real browser as the recorder and the secretary,
and as a zh user.

What it proves, each as the user who picks: a branch field offers only the Party Branches of the user's
scope; a member field in a sheet row, an activity's attendance and an evaluation's results offers only the
members of the document's branch; the scoring items of the Quantification Sheet (the grid column and the
"Add Branch Members" prompt) come from the period's Points Scheme with their labels, only those the
recorder keeps, and the prompt refuses a bad code with a message listing the valid ones; Party Activity's
activity types (with what each attendance earns) and its Add Branch Members (everyone Present); a Democratic
Evaluation's rounds by their labels; a Reward Claim's catalogue and its evidence requirement shown before
submission; the department head picker offers department heads only, never the applicant; a ledger entry
posted from its form counts once, its save sent again refused; a Party Member's
group is one of its branch's, and the member's form shows a chart of their quarter totals; the app's list
views open. As a zh user the picker labels are Chinese.
Every page is checked for JavaScript errors and failed requests of the app (socket.io's 404s under
`bench serve` are ignored).

Run it against a site with party_points installed and its setup wizard complete, served by bench (no browser
is downloaded: Debian's Chromium is used):

    cd ~/frappe-bench
    bench --site S serve --port 8137 --noreload &   # a reload mid-run leaves a blank page
    env/bin/python apps/party_points/browser_tests/test_pickers.py --base-url http://127.0.0.1:8137 \
        --admin-password admin --screenshots /tmp/pickers

Each ``test_*`` function takes ``(page, base_url)`` and logs in itself; ``setup_data(base_url)`` creates what
they need through the REST API as Administrator, once (every name starts with "BP "; running it again reuses
them, and posts one ledger entry so that a member has a score for the quarter chart). Each run of the recorder's
tests saves one draft Quantification Sheet (nothing is submitted) and posts one ledger entry to BP Wang Fang.
"""

import argparse
import os
import re
import sys
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]
ADMIN_PASSWORD = os.environ.get("PP_ADMIN_PASSWORD", "admin")
PASSWORD = "Bp-pickers-2026!"
DOMAIN = "bp-pickers.invalid"
YEAR = date.today().year
DATA = {"period": f"{YEAR}-Q1", "day": f"{YEAR}-02-10"}
"""The period the tests work in and a day of it: set by setup_data (an Open period of the year; a site with the
demo has filed or verified some quarters already)."""
COMMITTEE, BRANCH_A, BRANCH_B = "BP Committee", "BP Branch A", "BP Branch B"
GROUP_A, GROUP_B = "BP Group A1", "BP Group B1"
USERS = {  # key: (full name, language, roles)
	"recorder": ("BP Recorder", "en", ()),
	"secretary": ("BP Secretary", "en", ()),
	"recorder_zh": ("BP Recorder Zhou", "zh", ()),
	"member": ("BP Member Li", "en", ()),
	"head": ("BP Head Chen", "en", ("Department Head",)),
	"head2": ("BP Head Sun", "en", ("Department Head",)),
}
MEMBERS = {  # full name: (branch, user key)
	"BP Li Ming": (BRANCH_A, "member"),
	"BP Wang Fang": (BRANCH_A, None),
	"BP Zhang Wei": (BRANCH_B, None),
	"BP Head Sun": (BRANCH_A, "head2"),
}
SHEET_CODES = ["SE-04", "SP-02", "SP-03", "DL-01", "DL-02", "DL-03", "IN-01", "IN-02"]
SHOTS: Path | None = None


def email(key: str) -> str:
	return f"bp_{key}@{DOMAIN}"


# Data, through the REST API as Administrator --------------------------------------------------------


class Api:
	def __init__(self, page: Page, base_url: str) -> None:
		self.request = page.context.request
		self.base = base_url.rstrip("/")
		login = self.request.post(
			f"{self.base}/api/method/login", form={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
		)
		assert login.ok, login.text()

	def get(self, doctype: str, filters: dict | None = None, fields: str = '["name"]') -> list[dict]:
		import json

		response = self.request.get(
			f"{self.base}/api/resource/{doctype}",
			params={"filters": json.dumps(filters or {}), "fields": fields, "limit_page_length": "100"},
		)
		assert response.ok, response.text()
		return response.json()["data"]

	def insert(self, doc: dict) -> dict:
		response = self.request.post(f"{self.base}/api/resource/{doc['doctype']}", data=doc)
		assert response.ok, response.text()
		return response.json()["data"]

	def ensure(self, doctype: str, filters: dict, doc: dict) -> str:
		found = self.get(doctype, filters)
		return found[0]["name"] if found else self.insert({"doctype": doctype, **doc})["name"]

	def call(self, method: str, **args) -> object:
		response = self.request.post(f"{self.base}/api/method/{method}", data=args)
		assert response.ok, response.text()
		return response.json().get("message")


def setup_data(page: Page, base_url: str) -> dict:
	"""Users, a committee with two branches (officers appointed), groups, members and this year's Q1."""
	api = Api(page, base_url)
	for key, (full_name, lang, roles) in USERS.items():
		first, _, last = full_name.partition(" ")
		api.ensure(
			"User",
			{"name": email(key)},
			{
				"email": email(key),
				"first_name": first,
				"last_name": last,
				"language": lang,
				"new_password": PASSWORD,
				"send_welcome_email": 0,
				"user_type": "System User",
				"roles": [{"role": r} for r in roles],
			},
		)
	committee = api.ensure(
		"Party Organization",
		{"name": COMMITTEE},
		{"organization_name": COMMITTEE, "organization_type": "Party Committee"},
	)
	branch_a = api.ensure(
		"Party Organization",
		{"name": BRANCH_A},
		{
			"organization_name": BRANCH_A,
			"organization_type": "Party Branch",
			"parent_party_organization": committee,
			"secretary": email("secretary"),
			"recorder": email("recorder"),
		},
	)
	branch_b = api.ensure(
		"Party Organization",
		{"name": BRANCH_B},
		{
			"organization_name": BRANCH_B,
			"organization_type": "Party Branch",
			"parent_party_organization": committee,
			"recorder": email("recorder_zh"),
		},
	)
	for group, branch in ((GROUP_A, branch_a), (GROUP_B, branch_b)):
		api.ensure(
			"Party Organization",
			{"name": group},
			{
				"organization_name": group,
				"organization_type": "Party Group",
				"parent_party_organization": branch,
			},
		)
	members = {}
	for full_name, (branch, user_key) in MEMBERS.items():
		members[full_name] = api.ensure(
			"Party Member",
			{"full_name": full_name},
			{
				"full_name": full_name,
				"party_branch": branch,
				"user": email(user_key) if user_key else None,
				"join_date": "2000-01-01",
			},
		)
	period = open_period(api)
	DATA.update(period=period["name"], day=str(date.fromisoformat(period["start_date"]) + timedelta(days=9)))
	li = members["BP Li Ming"]
	if not api.get("Points Ledger Entry", {"member": li}):  # a score for the member's quarter chart
		api.insert(
			{
				"doctype": "Points Ledger Entry",
				"member": li,
				"assessment_period": DATA["period"],
				"scoring_item": "SE-04",
				"points": 1,
				"remarks": "Online course",
			}
		)
	return {"members": members, **DATA}


def open_period(api: Api) -> dict:
	"""The year's first Open period; else the first quarter not made yet, made now; else one not verified."""
	fields = '["name", "stage", "quarter", "start_date"]'
	periods = sorted(api.get("Assessment Period", {"year": YEAR}, fields), key=lambda p: int(p["quarter"]))
	for period in periods:
		if period["stage"] == "Open":
			return period
	missing = [q for q in (1, 2, 3, 4) if q not in {int(p["quarter"]) for p in periods}]
	if missing:
		schemes = api.get("Points Scheme", {"is_active": 1, "year": ["<=", YEAR]}, '["name", "year"]')
		scheme = max(schemes, key=lambda s: s["year"])["name"]
		api.insert(
			{
				"doctype": "Assessment Period",
				"year": YEAR,
				"quarter": str(missing[0]),
				"points_scheme": scheme,
			}
		)
		return api.get("Assessment Period", {"year": YEAR, "quarter": str(missing[0])}, fields)[0]
	usable = [p for p in periods if p["stage"] != "Verified"]
	assert usable, f"every period of {YEAR} is verified: the pickers' tests need one that is not"
	return usable[0]


# The browser ---------------------------------------------------------------------------------------


class Watch:
	"""JavaScript errors and failed requests of the app on a page (socket.io is not served by bench serve)."""

	def __init__(self, page: Page) -> None:
		self.errors: list[str] = []
		page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
		page.on("console", self.console)
		page.on("response", self.response)

	def console(self, message) -> None:
		if (
			message.type == "error"
			and "socket.io" not in message.text
			and "Failed to load resource" not in message.text
		):
			self.errors.append(f"console: {message.text}")

	def response(self, response) -> None:
		if response.status >= 400 and "socket.io" not in response.url:
			self.errors.append(f"{response.status} {response.request.method} {response.url}")

	def check(self, when: str) -> None:
		assert not self.errors, f"{when}: {self.errors}"


def log_in(page: Page, base_url: str, key: str) -> None:
	page.context.clear_cookies()
	response = page.context.request.post(
		f"{base_url}/api/method/login", form={"usr": email(key), "pwd": PASSWORD}
	)
	assert response.ok, response.text()


def shot(page: Page, name: str) -> None:
	if SHOTS is not None:
		SHOTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def open_new(page: Page, base_url: str, route: str) -> None:
	goto(page, f"{base_url}/app/{route}/new", ".form-layout")


def goto(page: Page, url: str, selector: str) -> None:
	"""Open a desk page and wait until it shows ``selector``."""
	page.goto(url)
	try:
		page.wait_for_selector(selector, timeout=60_000)
	except Exception as error:
		state = page.evaluate(
			"() => [location.href, document.readyState, !!window.frappe?.boot, frappe?.get_route?.()]"
		)
		raise AssertionError(f"{url} did not show {selector}: {state}") from error
	page.wait_for_load_state("networkidle")


def control(scope, fieldname: str):
	# visible only: pages left behind (a list's filter of the same field) stay in the DOM
	return scope.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible').first


def dropdown(page: Page, scope, fieldname: str, text: str, link: bool = True) -> list[str]:
	"""Type ``text`` into a Link or Autocomplete field and return the dropdown's entries as shown."""
	field = control(scope, fieldname)
	box = field.locator("input").first
	box.click()
	box.fill("")
	if link:
		with page.expect_response(lambda r: "search_link" in r.url, timeout=30_000):
			box.type(text, delay=30)
	else:
		box.type(text, delay=30)
	listbox = field.locator('ul[role="listbox"]')
	expect(listbox.locator("> *:visible").first).to_be_visible(timeout=15_000)
	page.wait_for_timeout(300)
	return [t.strip() for t in listbox.locator("> *:visible").all_inner_texts()]


def choose(page: Page, scope, fieldname: str, text: str, shown: str, link: bool = True) -> None:
	"""Type and pick the dropdown entry showing ``shown``."""
	dropdown(page, scope, fieldname, text, link)
	control(scope, fieldname).locator('ul[role="listbox"] > *:visible', has_text=shown).first.click()
	page.wait_for_timeout(400)


def grid_cell(page: Page, table: str, idx: int, fieldname: str):
	"""Make a grid row's column editable and return its control."""
	row = page.locator(f'.frappe-control[data-fieldname="{table}"] .grid-body .grid-row[data-idx="{idx}"]')
	row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]').click()
	return row


def add_row(page: Page, table: str, idx: int) -> None:
	"""Add rows to the table until it has ``idx`` (a new form may start with an empty first row)."""
	while page.evaluate(f"() => (cur_frm.doc.{table} || []).length") < idx:
		page.locator(f'.frappe-control[data-fieldname="{table}"] .grid-add-row').click()
		page.wait_for_timeout(300)


def names(entries: list[str], prefix: str = "BP ") -> set[str]:
	"""The record names in a Link dropdown's entries (each entry: value, then its description)."""
	return {line.strip() for entry in entries for line in entry.splitlines()[:1] if line.startswith(prefix)}


# The tests ----------------------------------------------------------------------------------------


def test_recorder_pickers(page: Page, base_url: str) -> None:
	"""The recorder of branch A: a sheet's branch, members and items; the prompt; an activity's attendance."""
	watch = Watch(page)
	log_in(page, base_url, "recorder")
	open_new(page, base_url, "quantification-sheet")
	assert names(dropdown(page, page, "party_branch", "BP")) == {BRANCH_A}
	shot(page, "recorder_sheet_branch_picker")
	choose(page, page, "party_branch", "BP Branch A", BRANCH_A)
	periods = dropdown(page, page, "assessment_period", str(YEAR))
	assert any(DATA["period"] in p for p in periods), periods
	choose(page, page, "assessment_period", DATA["period"], DATA["period"])

	add_row(page, "entries", 1)
	row = grid_cell(page, "entries", 1, "member")
	members = dropdown(page, row, "member", "BP")
	shown = {line for entry in members for line in entry.splitlines()}
	assert "BP Li Ming" in shown and "BP Wang Fang" in shown, members
	assert "BP Zhang Wei" not in shown, members  # branch B's member is not offered
	shot(page, "recorder_sheet_member_picker")
	control(row, "member").locator('ul[role="listbox"] > *:visible', has_text="BP Li Ming").first.click()
	page.wait_for_timeout(400)

	row = grid_cell(page, "entries", 1, "scoring_item")
	items = dropdown(page, row, "scoring_item", "", link=False)
	assert any("Completed self-study or online learning" in i for i in items), items
	assert not any("SE-01" in i for i in items), items  # an activity's item is not the recorder's
	assert len(items) == len(SHEET_CODES), items
	shot(page, "recorder_sheet_item_picker")
	control(row, "scoring_item").locator(
		'ul[role="listbox"] > *:visible', has_text="self-study"
	).first.click()
	page.wait_for_timeout(300)
	assert page.evaluate("() => cur_frm.doc.entries[0].scoring_item") == "SE-04"
	# a typed code the scheme does not know is not taken
	box = control(row, "scoring_item").locator("input")
	box.fill("self-study")
	page.locator(".form-layout .section-head, .page-title").first.click()
	page.wait_for_timeout(400)
	assert page.evaluate("() => cur_frm.doc.entries[0].scoring_item") in ("", None, "SE-04")
	page.evaluate(
		"() => frappe.model.set_value(cur_frm.doc.entries[0].doctype, cur_frm.doc.entries[0].name, 'scoring_item', 'SE-04')"
	)
	page.keyboard.press("Control+s")
	expect(page.locator(".indicator-pill", has_text="Draft").first).to_be_visible(timeout=30_000)
	watch.check("saving a sheet")
	cell = page.locator(
		'.frappe-control[data-fieldname="entries"] .grid-row[data-idx="1"] .grid-static-col[data-fieldname="scoring_item"]'
	)
	expect(cell).to_contain_text("SE-04 · Completed self-study", timeout=15_000)

	# Add Branch Members: a bad code is refused with the valid ones, a good one fills the branch.
	page.get_by_role("button", name="Add Branch Members").click()
	dialog = page.locator(".modal.show")
	expect(dialog).to_be_visible()
	items = dropdown(page, dialog, "scoring_item", "", link=False)
	assert len(items) == len(SHEET_CODES), items
	box = control(dialog, "scoring_item").locator("input")
	box.fill("self-study")
	dialog.locator(".modal-title").click()
	dialog.locator(".btn-primary").click()
	message = control(dialog, "scoring_item").locator(".help-box")
	expect(message).to_contain_text("Unknown scoring item self-study", timeout=15_000)
	expect(message).to_contain_text("SE-04, SP-02")
	shot(page, "recorder_prompt_refuses_bad_code")
	expect(dialog).to_be_visible()  # still open for another choice
	assert page.evaluate("() => cur_frm.doc.entries.length") == 1  # nothing was added
	choose(page, dialog, "scoring_item", "DL-02", "Party dues paid late", link=False)
	with page.expect_response(lambda r: "run_doc_method" in r.url):
		dialog.locator(".btn-primary").click()
	page.wait_for_timeout(800)
	codes = page.evaluate("() => cur_frm.doc.entries.map((r) => [r.member_name, r.scoring_item])")
	assert ["BP Li Ming", "DL-02"] in codes and ["BP Wang Fang", "DL-02"] in codes, codes
	assert not any(name == "BP Zhang Wei" for name, _ in codes), codes
	points = page.evaluate(
		"() => cur_frm.doc.entries.filter((r) => r.scoring_item === 'DL-02').map((r) => r.points)"
	)
	assert set(points) == {-2}, points
	member_cells = page.locator(
		'.frappe-control[data-fieldname="entries"] .grid-static-col[data-fieldname="member"]'
	)
	assert not any(t.strip().startswith("PM-") for t in member_cells.all_inner_texts()), (
		member_cells.all_inner_texts()
	)
	shot(page, "recorder_sheet_after_add_branch_members")
	watch.check("the quantification sheet")

	# A Party Activity: its types with what they earn, and the branch as Present.
	open_new(page, base_url, "party-activity")
	control(page, "title").locator("input").fill("BP Branch members' meeting")
	choose(page, page, "party_branch", "BP Branch A", BRANCH_A)
	page.evaluate(f"() => cur_frm.set_value('activity_date', '{DATA['day']}')")
	page.wait_for_timeout(800)
	kinds = dropdown(page, page, "activity_type", "", link=False)
	assert any("Branch Members' Meeting" in k and "SE-01" in k for k in kinds), kinds
	assert any("Model Post" in k and "no points" in k for k in kinds), kinds
	shot(page, "recorder_activity_type_picker")
	control(page, "activity_type").locator(
		'ul[role="listbox"] > *:visible', has_text="Branch Members' Meeting"
	).first.click()
	with page.expect_response(lambda r: "run_doc_method" in r.url):
		page.get_by_role("button", name="Add Branch Members").click()
	page.wait_for_timeout(800)
	attendance = page.evaluate("() => cur_frm.doc.attendance.map((r) => [r.member_name, r.status])")
	assert sorted(attendance) == [
		["BP Head Sun", "Present"],
		["BP Li Ming", "Present"],
		["BP Wang Fang", "Present"],
	], attendance
	add_row(page, "attendance", 4)
	row = grid_cell(page, "attendance", 4, "member")
	assert names(dropdown(page, row, "member", "BP")) == set(), "listed members are not offered twice"
	page.evaluate(
		"() => { const rows = cur_frm.doc.attendance; frappe.model.clear_doc(rows[3].doctype, rows[3].name); cur_frm.refresh_field('attendance'); }"
	)
	shot(page, "recorder_activity_add_branch_members")
	watch.check("the party activity")


def test_secretary_pickers(page: Page, base_url: str) -> None:
	"""The secretary of branch A: evaluation rounds and members, the reward catalogue and its evidence, the
	department head, a member's group; the lists of the app."""
	watch = Watch(page)
	log_in(page, base_url, "secretary")
	open_new(page, base_url, "democratic-evaluation")
	assert names(dropdown(page, page, "party_branch", "BP")) == {BRANCH_A}
	choose(page, page, "party_branch", "BP Branch A", BRANCH_A)
	page.evaluate(f"() => cur_frm.set_value('evaluation_date', '{DATA['day']}')")
	page.wait_for_timeout(800)
	rounds = dropdown(page, page, "evaluation_round", "", link=False)
	assert any("Mid-year evaluation" in r for r in rounds), rounds
	assert not any(r.strip() == "mid_year" for r in rounds), rounds
	shot(page, "secretary_evaluation_round_picker")
	control(page, "evaluation_round").locator(
		'ul[role="listbox"] > *:visible', has_text="Mid-year"
	).first.click()
	page.wait_for_timeout(300)
	assert page.evaluate("() => cur_frm.doc.evaluation_round") == "mid_year"
	assert control(page, "evaluation_round").locator("input").input_value() == "Mid-year evaluation"
	add_row(page, "results", 1)
	row = grid_cell(page, "results", 1, "member")
	shown = {line for entry in dropdown(page, row, "member", "BP") for line in entry.splitlines()}
	assert "BP Li Ming" in shown and "BP Zhang Wei" not in shown, shown
	watch.check("the democratic evaluation")

	open_new(page, base_url, "reward-claim")
	shown = {line for entry in dropdown(page, page, "member", "BP") for line in entry.splitlines()}
	assert "BP Li Ming" in shown and "BP Zhang Wei" not in shown, shown
	choose(page, page, "member", "BP Li Ming", "BP Li Ming")
	page.evaluate(f"() => cur_frm.set_value('claim_date', '{DATA['day']}')")
	page.wait_for_timeout(800)
	rewards = dropdown(page, page, "reward_type", "", link=False)
	assert any("Article published in an outside journal" in r for r in rewards), rewards
	shot(page, "secretary_reward_picker")
	control(page, "reward_type").locator(
		'ul[role="listbox"] > *:visible', has_text="outside journal"
	).first.click()
	page.wait_for_timeout(500)
	assert page.evaluate("() => cur_frm.doc.reward_type") == "article_external"
	assert page.evaluate("() => cur_frm.doc.points") == 5
	expect(page.locator(".form-intro-area, .form-message").first).to_contain_text("Attach the evidence")
	shot(page, "secretary_reward_evidence_requirement")
	watch.check("the reward claim")

	open_new(page, base_url, "quarterly-application")
	choose(page, page, "member", "BP Head Sun", "BP Head Sun")
	heads = dropdown(page, page, "department_head", "BP")
	shown = {line for entry in heads for line in entry.splitlines()}
	assert any("BP Head Chen" in s or email("head") in s for s in shown), heads
	assert not any("BP Head Sun" in s or email("head2") in s for s in shown), heads  # not the applicant
	assert not any("BP Secretary" in s for s in shown), heads
	shot(page, "secretary_department_head_picker")
	watch.check("the quarterly application")

	page.goto(f"{base_url}/app/party-member?full_name=BP%20Li%20Ming")
	page.wait_for_load_state("networkidle")
	page.locator(".list-row .list-subject a", has_text="BP Li Ming").first.click()
	page.wait_for_selector(".form-layout", timeout=60_000)
	page.wait_for_load_state("networkidle")
	chart = page.locator(".pp-quarter-chart svg")
	expect(chart.first).to_be_visible(timeout=15_000)
	expect(page.locator(".form-dashboard-section", has_text="Quarter Totals").first).to_contain_text(
		DATA["period"]
	)
	# drawn with its bar, not squeezed into a hidden section (the bars grow in: wait for them)
	page.wait_for_function(
		"() => [...document.querySelectorAll('.pp-quarter-chart rect.bar')].some((r) => +r.getAttribute('height') > 0)",
		timeout=15_000,
	)
	shot(page, "secretary_member_quarter_chart")
	groups = names(dropdown(page, page, "party_group", "BP"))
	assert groups == {GROUP_A}, groups
	shot(page, "secretary_member_group_picker")
	watch.check("the party member")

	for route in (
		"quarterly-application",
		"quantification-sheet",
		"party-activity",
		"democratic-evaluation",
		"reward-claim",
		"party-member",
		"member-score",
		"points-ledger-entry",
		"annual-rating",
		"follow-up-action",
		"score-objection",
	):
		goto(page, f"{base_url}/app/{route}", ".frappe-list")
		if route in ("quantification-sheet", "party-activity"):
			shot(page, f"secretary_list_{route}")
		watch.check(f"the {route} list")


def test_zh_pickers(page: Page, base_url: str) -> None:
	"""The recorder of branch B, whose language is zh: Chinese labels in the branch and item pickers."""
	watch = Watch(page)
	log_in(page, base_url, "recorder_zh")
	open_new(page, base_url, "quantification-sheet")
	branches = dropdown(page, page, "party_branch", "BP")
	assert names(branches) == {BRANCH_B}, branches
	assert not any("Party Branch" in b for b in branches), branches
	assert any("党支部" in b for b in branches), branches
	choose(page, page, "party_branch", "BP Branch B", BRANCH_B)
	choose(page, page, "assessment_period", DATA["period"], DATA["period"])
	page.wait_for_timeout(800)
	add_row(page, "entries", 1)
	row = grid_cell(page, "entries", 1, "scoring_item")
	items = dropdown(page, row, "scoring_item", "", link=False)
	assert len(items) == len(SHEET_CODES), items
	assert all(re.search(r"[\u4e00-\u9fff]", i) for i in items), items
	assert not any("Completed self-study" in i for i in items), items
	shot(page, "zh_sheet_item_picker")
	open_new(page, base_url, "party-activity")
	kinds = dropdown(page, page, "activity_type", "", link=False)
	assert any("支部党员大会" in k or re.search(r"[\u4e00-\u9fff]", k.splitlines()[0]) for k in kinds), kinds
	shot(page, "zh_activity_type_picker")
	watch.check("the zh pickers")


def member_has_desk(page: Page, base_url: str) -> bool:
	"""Whether the site gives the Party Member role the desk (else members use only /points, where the
	portal's own tests claim rewards)."""
	api = page.context.browser.new_context(base_url=base_url).request
	api.post("/api/method/login", form={"usr": "Administrator", "pwd": ADMIN_PASSWORD})
	response = api.get("/api/resource/Role/Party Member")
	assert response.ok, response.text()
	desk = bool(response.json()["data"].get("desk_access"))
	api.dispose()
	return desk


def test_member_claim_hears_of_missing_evidence(page: Page, base_url: str) -> None:
	"""A member's catalogue claim in the desk: the form says the evidence is needed, and Submit refuses it at
	once. Where members have no desk, the member who claims is one with a desk role (a department head who
	is a member of the branch)."""
	watch = Watch(page)
	key, name = ("member", "BP Li Ming") if member_has_desk(page, base_url) else ("head2", "BP Head Sun")
	log_in(page, base_url, key)
	open_new(page, base_url, "reward-claim")
	page.wait_for_function("() => cur_frm.doc.member", timeout=15_000)  # their own record, filled in
	assert control(page, "member").locator("input").input_value() == name
	shown = {line for entry in dropdown(page, page, "member", "BP") for line in entry.splitlines()}
	assert "BP Wang Fang" not in shown, shown  # a member picks only themselves
	control(page, "member").locator('ul[role="listbox"] > *:visible', has_text=name).first.click()
	page.wait_for_timeout(400)
	page.evaluate(f"() => cur_frm.set_value('claim_date', '{DATA['day']}')")
	page.wait_for_timeout(800)
	choose(page, page, "reward_type", "own publication", "own publication", link=False)
	control(page, "description").locator("textarea").fill(
		"An article on pipeline safety in the company paper"
	)
	expect(page.locator(".form-message").first).to_contain_text("Attach the evidence")
	page.keyboard.press("Control+s")
	expect(page.locator(".indicator-pill", has_text="Draft").first).to_be_visible(timeout=30_000)
	sent = []
	page.on("request", lambda r: sent.append(r.url) if "apply_workflow" in r.url else None)
	page.locator(".actions-btn-group > button").click()
	page.locator(".actions-btn-group .dropdown-menu a", has_text="Submit").first.click()
	message = page.locator(".modal.show .msgprint").last
	expect(message).to_contain_text("Attach the evidence of the reward", timeout=15_000)
	shot(page, "member_claim_missing_evidence")
	assert page.evaluate("() => cur_frm.doc.status") == "Draft"
	assert sent == [], sent  # refused in the form, before any request
	watch.check("the member's reward claim")


def test_recorder_posts_an_entry_once(page: Page, base_url: str) -> None:
	"""The recorder posts one entry from its form; the same save sent again (a double click, a retry after a
	lost answer) is refused with a message naming the entry, and the ledger holds it once."""
	watch = Watch(page)
	log_in(page, base_url, "recorder")
	open_new(page, base_url, "points-ledger-entry")
	choose(page, page, "member", "BP Wang", "BP Wang Fang")
	choose(page, page, "assessment_period", DATA["period"], DATA["period"])
	control(page, "scoring_item").locator("input").fill("SE-04")
	control(page, "points").locator("input").fill("1")
	control(page, "remarks").locator("textarea").fill("BP online course, posted once")
	key = page.evaluate("() => cur_frm.doc.request_id")
	assert key and key.startswith("desk-"), key
	page.keyboard.press("Control+s")
	page.wait_for_function(
		"() => window.cur_frm && cur_frm.doctype === 'Points Ledger Entry' && !cur_frm.is_new()",
		timeout=30_000,
	)
	expect(page.get_by_role("button", name="Reverse")).to_be_visible(timeout=15_000)
	saved = page.evaluate("() => ({name: cur_frm.doc.name, request_id: cur_frm.doc.request_id})")
	assert saved["request_id"] == key, saved
	watch.check("posting an entry")
	harness_watch = getattr(page, "pp_watch", None)  # under browser_tests/test_scripts.py
	if harness_watch is not None:
		assert harness_watch.take() == []

	# The same request once more, as a retried save sends it.
	page.evaluate(
		"""(key) => frappe.xcall("frappe.client.insert", {doc: {
			doctype: "Points Ledger Entry", member: cur_frm.doc.member,
			assessment_period: cur_frm.doc.assessment_period, scoring_item: "SE-04", points: 1,
			remarks: "BP online course, posted once", request_id: key}}).catch(() => null)""",
		key,
	)
	message = page.locator(".modal.show .msgprint").last
	expect(message).to_contain_text("it is not posted again", timeout=15_000)
	expect(message).to_contain_text(saved["name"])
	shot(page, "recorder_entry_posted_once")
	# The refusal is the one failed request (and, on a developer-mode site, its traceback in the console).
	unexpected = [
		e
		for e in watch.errors
		if not (e.startswith("417") and "frappe.client.insert" in e) and "DuplicatePostingError" not in e
	]
	assert unexpected == [], watch.errors
	if harness_watch is not None:
		seen = harness_watch.take()
		assert all("DuplicatePostingError" in p or "frappe.client.insert" in p for p in seen), seen
	watch.errors.clear()
	posted = page.context.request.get(
		f"{base_url}/api/resource/Points Ledger Entry",
		params={"filters": f'[["request_id", "=", "{key}"]]', "fields": '["name"]'},
	)
	assert posted.ok, posted.text()
	assert [row["name"] for row in posted.json()["data"]] == [saved["name"]], posted.text()


TESTS = [
	test_recorder_pickers,
	test_recorder_posts_an_entry_once,
	test_secretary_pickers,
	test_zh_pickers,
	test_member_claim_hears_of_missing_evidence,
]


def main() -> int:
	global SHOTS, ADMIN_PASSWORD
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--base-url", default="http://127.0.0.1:8137")
	parser.add_argument("--admin-password", default=ADMIN_PASSWORD)
	parser.add_argument("--screenshots", default=None)
	parser.add_argument("-k", default="", help="run only the tests whose name contains this")
	args = parser.parse_args()
	ADMIN_PASSWORD = args.admin_password
	SHOTS = Path(args.screenshots) if args.screenshots else None
	failures = 0
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
		context = browser.new_context(viewport={"width": 1400, "height": 900})
		setup_data(context.new_page(), args.base_url)
		for test in TESTS:
			if args.k not in test.__name__:
				continue
			page = context.new_page()
			try:
				test(page, args.base_url)
				print(f"PASS {test.__name__}")
			except Exception as error:  # report every test, then fail
				failures += 1
				import traceback

				where = [
					f"{f.lineno}" for f in traceback.extract_tb(error.__traceback__) if f.filename == __file__
				]
				print(f"FAIL {test.__name__} (line {' < '.join(reversed(where))}): {str(error)[:1500]}")
				shot(page, f"FAILED_{test.__name__}")
			finally:
				page.close()
		browser.close()
	return 1 if failures else 0


if __name__ == "__main__":
	sys.exit(main())
