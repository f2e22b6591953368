"""The desk actions of issue 15, clicked in a real browser as the role that does them.

What it proves, each as the user who acts: the Party Organization tree (empty or not) and its New; a new
Assessment Period saves with the scheme filled in; a recorder reverses a ledger entry; a recorder, a
secretary and the committee move a whole branch's scores (Member Score list, Assessment Period form);
a member objects to their own score on notice (the Member Score form's Object button and a new Score
Objection); the secretary creates a branch's Annual Ratings (the list and the branch's form); the Member
Points Statement runs in the desk for the secretary and the member; and the same pages as a zh user show
no English of what these tests click. Every page is checked for JavaScript errors and failed requests of
the app (socket.io's 404s under `bench serve` are ignored).

A plain member uses the desk only where the site gives the Party Member role desk access: where members use
only their page (/points, the role without desk access, so their logins are Website Users), the member
objects there, and the member's desk steps (a new objection, their own statement, the zh pages) are taken
by an officer who is also a member of the branch (BT Secretary Zhou). ``member_has_desk`` reads it from
the site, so the script runs either way.

Run it against a site with party_points installed, served by bench (no browser is downloaded: Debian's
Chromium is used):

    cd ~/frappe-bench
    bench --site S serve --port 8131 &
    env/bin/python apps/party_points/browser_tests/test_desk_actions.py --base-url http://127.0.0.1:8131 \
        --admin-password admin --screenshots /tmp/desk_actions

Each ``test_*`` function takes ``(page, base_url)`` and logs in itself; ``setup_data(base_url)`` creates
what they need through the REST API as Administrator, once (every name starts with "BT "; running it
again reuses them). A test that moves scores leaves them where it moved them, so run the functions in
the order of ``TESTS`` on a site of their own. The site's setup wizard must be complete.
"""

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from playwright.sync_api import APIRequestContext, Page, expect, sync_playwright

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
PASSWORD = "Bt-desk-actions-2026!"
DOMAIN = "bt-desk.invalid"
YEAR = date.today().year
PERIOD = f"{YEAR}-Q1"
COMMITTEE, BRANCH, EMPTY_BRANCH = "BT Committee", "BT Branch", "BT Empty Branch"
USERS = {
	"recorder": ("BT Recorder", "en"),
	"secretary": ("BT Secretary", "en"),
	"committee": ("BT Committee Member", "en"),
	"member": ("BT Member Li", "en"),
	"member_zh": ("BT Member Wang", "zh"),
	"secretary_zh": ("BT Secretary Zhou", "zh"),
	"committee_zh": ("BT Committee Sun", "zh"),
}
SHOTS: Path | None = None


def user(key: str) -> str:
	return f"bt.{key.replace('_', '.')}@{DOMAIN}"


# ---------------------------------------------------------------- REST set-up, as Administrator


def admin_api(page: Page, base_url: str) -> APIRequestContext:
	"""Administrator's REST session, in a browser context of its own (the page keeps its user)."""
	api = page.context.browser.new_context(base_url=base_url).request
	response = api.post("/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD})
	assert response.ok, f"Administrator cannot log in: {response.status}"
	return api


def rest(api: APIRequestContext, method: str, path: str, data: dict | None = None) -> dict:
	response = getattr(api, method)(path, data=data) if data is not None else getattr(api, method)(path)
	assert response.ok, f"{method.upper()} {path}: {response.status} {response.text()[:500]}"
	return response.json()


def exists(api: APIRequestContext, doctype: str, name: str) -> bool:
	return api.get(f"/api/resource/{doctype}/{name}").ok


def insert(api: APIRequestContext, doctype: str, doc: dict, name: str | None = None) -> str:
	if name and exists(api, doctype, name):
		return name
	return rest(api, "post", f"/api/resource/{doctype}", doc)["data"]["name"]


def call(api: APIRequestContext, method: str, **args):
	return rest(api, "post", f"/api/method/{method}", args).get("message")


def setup_data(page: Page, base_url: str) -> dict:
	"""Users for each role, a committee with a branch whose officers are appointed on the form, members
	(one per language linked to a login), this year's first period and a ledger entry per member."""
	api = admin_api(page, base_url)
	for key, (full_name, language) in USERS.items():
		first, _, last = full_name.partition(" ")
		insert(
			api,
			"User",
			{
				"email": user(key),
				"first_name": first,
				"last_name": last,
				"new_password": PASSWORD,
				"send_welcome_email": 0,
				"user_type": "System User",
				"language": language,
			},
			user(key),
		)
	if not exists(api, "Party Organization", COMMITTEE):
		# the tree test creates the committee through the tree; set-up makes it when run alone
		insert(
			api,
			"Party Organization",
			{"organization_name": COMMITTEE, "organization_type": "Party Committee"},
		)
	rest(
		api,
		"put",
		f"/api/resource/Party Organization/{COMMITTEE}",
		{"committee_members": [{"user": user("committee")}, {"user": user("committee_zh")}]},
	)
	for name, officers in (
		(
			BRANCH,
			{
				"secretary": user("secretary"),
				"recorder": user("recorder"),
				"committee_members": [{"user": user("secretary_zh")}],
			},
		),
		(EMPTY_BRANCH, {}),
	):
		insert(
			api,
			"Party Organization",
			{
				"organization_name": name,
				"organization_type": "Party Branch",
				"parent_party_organization": COMMITTEE,
				**officers,
			},
			name,
		)
	members = {}
	for key, full_name in (
		("member", "BT Member Li"),
		("member_zh", "BT Member Wang"),
		(None, "BT Member Zhao"),
		("secretary_zh", "BT Secretary Zhou"),  # an officer who is a member of the branch
	):
		found = rest(
			api,
			"get",
			f'/api/resource/Party Member?filters=[["full_name","=","{full_name}"]]&fields=["name"]',
		)["data"]
		members[full_name] = (
			found[0]["name"]
			if found
			else insert(
				api,
				"Party Member",
				{
					"full_name": full_name,
					"party_branch": BRANCH,
					"user": user(key) if key else None,
					"join_date": f"{YEAR - 3}-01-01",
				},
			)
		)
	# the members' meeting before the notice is another feature's to test: not required here
	rest(
		api,
		"put",
		"/api/resource/Party Points Settings/Party Points Settings",
		{"require_members_meeting": 0},
	)
	global PERIOD
	PERIOD = branch_period(api)
	for member in members.values():
		if not rest(
			api,
			"get",
			f'/api/resource/Points Ledger Entry?filters=[["member","=","{member}"]]&fields=["name"]',
		)["data"]:
			insert(
				api,
				"Points Ledger Entry",
				{"member": member, "assessment_period": PERIOD, "scoring_item": "SE-04", "points": 2},
			)
	api.dispose()
	return members


def member_has_desk(page: Page, base_url: str) -> bool:
	"""Whether the site gives the Party Member role the desk (else members use only /points)."""
	api = admin_api(page, base_url)
	role = rest(api, "get", "/api/resource/Role/Party Member")["data"]
	api.dispose()
	return bool(role.get("desk_access"))


def desk_member(page: Page, base_url: str, key: str) -> str:
	"""The user who takes a member's desk step: the member where members have the desk, else the officer who
	is a member of the branch."""
	return key if member_has_desk(page, base_url) else "secretary_zh"


def branch_period(api: APIRequestContext) -> str:
	"""The period the branch's scores are in: the one it already has, else this year's first quarter not yet
	past its review (a demo organisation may have filed or verified some), made if it does not exist."""
	scored = rest(
		api,
		"get",
		f'/api/resource/Member Score?filters=[["party_branch","=","{BRANCH}"]]&fields=["assessment_period"]',
	)["data"]
	if scored:
		return scored[0]["assessment_period"]
	for year, quarter in [(YEAR, q) for q in (1, 2, 3, 4)] + [(YEAR + 1, 1)]:
		name = f"{year}-Q{quarter}"
		found = api.get(f"/api/resource/Assessment Period/{name}")
		if not found.ok:
			insert(api, "Assessment Period", {"year": year, "quarter": str(quarter)})
			return name
		if found.json()["data"]["stage"] in ("Open", "Applications Closed"):
			return name
	raise AssertionError("no period to score the branch in")


# ---------------------------------------------------------------- browser helpers


class Watch:
	"""JavaScript errors and failed requests of the app on a page (socket.io is not served by bench serve)."""

	def __init__(self, page: Page) -> None:
		self.errors: list[str] = []
		page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
		page.on("console", self.on_console)
		page.on("response", self.on_response)

	def on_console(self, message) -> None:
		url = (message.location or {}).get("url", "")
		if (
			message.type == "error"
			and "socket.io" not in url
			and "Failed to load resource" not in message.text
		):
			self.errors.append(f"console: {message.text}")

	def on_response(self, response) -> None:
		if response.status >= 400 and "socket.io" not in response.url:
			self.errors.append(f"request: {response.status} {response.url}")

	def check(self) -> None:
		assert not self.errors, "\n".join(self.errors)


def login(page: Page, base_url: str, key: str) -> Watch:
	page.context.clear_cookies()
	response = page.request.post(
		f"{base_url}/api/method/login",
		data={
			"usr": "Administrator" if key == "admin" else user(key),
			"pwd": ADMIN_PASSWORD if key == "admin" else PASSWORD,
		},
	)
	assert response.ok, f"{key} cannot log in: {response.status}"
	return Watch(page)


def open_desk(page: Page, base_url: str, route: str) -> None:
	page.goto(f"{base_url}/app/{route}")
	page.wait_for_load_state("networkidle")
	page.wait_for_function("() => window.frappe && frappe.boot && !frappe.dom.freeze_count")


def shot(page: Page, name: str) -> None:
	if SHOTS:
		SHOTS.mkdir(parents=True, exist_ok=True)
		page.wait_for_timeout(400)  # let a dialog finish fading in
		page.screenshot(path=str(SHOTS / f"{name}.png"))


def click_button(page: Page, label: str) -> None:
	"""A button of the page head by its visible label: a custom or inner button, or the primary action."""
	exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
	page.locator(".page-head button:visible").filter(has_text=exact).first.click()


def dialog(page: Page):
	return page.locator(".modal.show .modal-dialog").last


def close_dialog(page: Page) -> None:
	shown = page.locator(".modal.show").count()
	dialog(page).locator(".btn-modal-close").click()
	expect(page.locator(".modal.show")).to_have_count(shown - 1)


def primary_then_confirm(page: Page) -> None:
	"""Click the open dialog's primary button, then Yes in the confirmation it asks."""
	shown = page.locator(".modal.show").count()
	dialog(page).locator(".modal-footer .btn-primary:visible").click()
	expect(page.locator(".modal.show")).to_have_count(shown + 1)
	dialog(page).locator(".modal-footer .btn-primary:visible").click()


def result_message(page: Page):
	"""The message dialog that reports what an action did."""
	message = page.locator(".modal.show .msgprint").last
	expect(message).to_be_visible(timeout=60000)
	return message


def wait_idle(page: Page) -> None:
	page.wait_for_load_state("networkidle")
	page.wait_for_function("() => !frappe.dom.freeze_count && !frappe.request.ajax_count")


# ---------------------------------------------------------------- the tests, in the order they run


def test_organization_tree(page: Page, base_url: str) -> None:
	"""The tree opens without an error even when it is empty, and its New creates the first committee."""
	watch = login(page, base_url, "admin")
	open_desk(page, base_url, "party-organization/view/tree")
	expect(page.locator(".tree-link[data-label]").first).to_be_visible()
	api = admin_api(page, base_url)
	name = (
		COMMITTEE if not exists(api, "Party Organization", COMMITTEE) else f"BT Tree Committee {os.getpid()}"
	)
	expect(page.locator(".tree-link.selected")).to_have_attribute("data-label", "All Party Organizations")
	click_button(page, "New")
	form = dialog(page)
	expect(form.locator(".modal-title")).to_have_text("New Party Committee")
	form.locator("input[data-fieldname='organization_name']").fill(name)
	shot(page, "tree_new_committee")
	form.locator(".btn-primary").click()
	expect(page.locator(f".tree-link[data-label='{name}']")).to_be_visible()
	shot(page, "tree_with_committee")
	if name != COMMITTEE:
		rest(api, "delete", f"/api/resource/Party Organization/{name}")
	api.dispose()
	watch.check()


def test_new_assessment_period(page: Page, base_url: str) -> None:
	"""A new period shows its scheme and dates from the year and saves (the committee creates periods)."""
	api = admin_api(page, base_url)
	year, quarter = next(
		(y, q)
		for y in (YEAR, YEAR + 1, YEAR + 2)
		for q in (2, 3, 4)
		if not exists(api, "Assessment Period", f"{y}-Q{q}")
	)
	api.dispose()
	watch = login(page, base_url, "committee")
	open_desk(page, base_url, "assessment-period/new")
	year_input = page.locator("input[data-fieldname='year']")
	expect(year_input).to_have_value(str(YEAR))
	year_input.fill(str(year))
	page.locator("select[data-fieldname='quarter']").select_option(str(quarter))
	expect(page.locator("input[data-fieldname='points_scheme']")).not_to_have_value("")
	shot(page, "period_new")
	page.keyboard.press("Control+s")
	page.wait_for_url(f"**/app/assessment-period/{year}-Q{quarter}")
	wait_idle(page)
	expect(page.locator(".title-text").first).to_have_text(f"{year}-Q{quarter}")
	watch.check()


def test_reverse_ledger_entry(page: Page, base_url: str) -> None:
	"""A recorder reverses an entry with a reason; the reversal points back at it."""
	api = admin_api(page, base_url)
	entries = rest(
		api,
		"get",
		'/api/resource/Points Ledger Entry?filters=[["member_name","=","BT Member Zhao"],'
		'["is_reversed","=",0],["reverses","is","not set"]]&fields=["name"]&limit_page_length=1',
	)["data"]
	if not entries:  # a re-run: post another one to reverse
		members = rest(api, "get", '/api/resource/Party Member?filters=[["full_name","=","BT Member Zhao"]]')[
			"data"
		]
		insert(
			api,
			"Points Ledger Entry",
			{"member": members[0]["name"], "assessment_period": PERIOD, "scoring_item": "SE-04", "points": 2},
		)
		return test_reverse_ledger_entry(page, base_url)
	api.dispose()
	name = entries[0]["name"]
	watch = login(page, base_url, "recorder")
	open_desk(page, base_url, f"points-ledger-entry/{name}")
	click_button(page, "Reverse")
	prompt = dialog(page)
	prompt.locator("textarea[data-fieldname='reason']").fill("Counted twice: the lecture of 3 March")
	shot(page, "ledger_reverse_prompt")
	prompt.locator(".btn-primary").click()
	wait_idle(page)
	expect(page.locator(".form-layout > .form-message:visible").first).to_contain_text(
		"This entry was reversed by"
	)
	expect(page.locator(".frappe-control[data-fieldname='scoring_item'] .help-box")).to_have_text(
		"Completed self-study or online learning"
	)
	shot(page, "ledger_reversed")
	watch.check()


def offered_actions(page: Page) -> list[str]:
	"""The actions the open "Move a Branch's Scores" dialog offers, once it has asked the server."""
	form = dialog(page)
	expect(form.locator("input[data-fieldname='party_branch']")).to_have_value(BRANCH)
	expect(form.locator(".frappe-control[data-fieldname='summary'] p")).to_be_visible()
	wait_idle(page)
	return [
		re.sub(r" \(\d+ .*\)$", "", o)
		for o in form.locator("select[data-fieldname='action'] option").all_inner_texts()
	]


def move_branch(page: Page, action_label: str) -> str:
	"""In the open page, the "Move a Branch's Scores" dialog: pick the action, apply, confirm; the result."""
	click_button(page, "Move a Branch's Scores")
	assert action_label in offered_actions(page), (action_label, offered_actions(page))
	select = dialog(page).locator("select[data-fieldname='action']")
	select.select_option(label=select.locator("option", has_text=action_label).inner_text())
	shot(page, f"branch_action_{action_label.lower().replace(' ', '_')}")
	primary_then_confirm(page)
	result = result_message(page)
	wait_idle(page)
	return result.inner_text()


def test_recorder_submits_the_branch_for_review(page: Page, base_url: str) -> None:
	watch = login(page, base_url, "recorder")
	open_desk(page, base_url, f"member-score?assessment_period={PERIOD}")
	# with rows selected, the Actions menu offers the branch action instead of Frappe's generic workflow items
	page.locator(".list-row-checkbox:visible").first.check()
	page.locator(".page-actions .actions-btn-group button:visible").first.click()
	menu = page.locator(".page-actions .actions-btn-group .dropdown-menu:visible")
	expect(menu.get_by_text("Move a Branch's Scores", exact=True)).to_be_visible()
	expect(menu.get_by_text("Submit for Review", exact=True)).to_have_count(0)
	shot(page, "member_score_list_actions")
	page.keyboard.press("Escape")
	page.locator(".list-row-checkbox:visible").first.uncheck()
	text = move_branch(page, "Submit for Review")
	assert re.search(r"Submit for Review: \d+ scores moved", text), text
	shot(page, "branch_submitted")
	watch.check()


def test_secretary_publishes_the_notice_from_the_period(page: Page, base_url: str) -> None:
	watch = login(page, base_url, "secretary")
	open_desk(page, base_url, f"assessment-period/{PERIOD}")
	for _level in range(
		3
	):  # a workflow may have a level between the review and the notice (the members' meeting)
		click_button(page, "Move a Branch's Scores")
		offered = offered_actions(page)
		close_dialog(page)
		if "Publish Notice" in offered:
			break
		forward = next(a for a in offered if a not in ("Send Back", "Reopen"))
		assert re.search(rf"{re.escape(forward)}: \d+ scores moved", move_branch(page, forward))
		close_dialog(page)
	text = move_branch(page, "Publish Notice")
	assert re.search(r"Publish Notice: \d+ scores moved", text), text
	shot(page, "branch_published")
	watch.check()


def own_score(page: Page, base_url: str, key: str) -> str:
	api = admin_api(page, base_url)
	found = rest(
		api,
		"get",
		f'/api/resource/Member Score?filters=[["assessment_period","=","{PERIOD}"],'
		f'["member_name","=","{USERS[key][0]}"]]&fields=["name"]',
	)["data"]
	api.dispose()
	return found[0]["name"]


def test_member_objects_to_their_score(page: Page, base_url: str) -> None:
	"""The Object button on the member's own score during the notice opens the objection they lodged; where
	members have no desk, the desk refuses them and they object on their page (/points)."""
	score = own_score(page, base_url, "member")
	if not member_has_desk(page, base_url):
		return member_objects_on_their_page(page, base_url)
	watch = login(page, base_url, "member")
	open_desk(page, base_url, f"member-score/{score}")
	click_button(page, "Object")
	prompt = dialog(page)
	prompt.locator("textarea[data-fieldname='reason']").fill("The party lecture of 3 March is missing")
	shot(page, "member_object_prompt")
	prompt.locator(".btn-primary").click()
	page.wait_for_url("**/app/score-objection/OBJ-*")
	wait_idle(page)
	expect(page.locator(".page-head:visible .title-text")).to_contain_text("OBJ-")
	shot(page, "member_objection")
	watch.check()


def member_objects_on_their_page(page: Page, base_url: str) -> None:
	"""A member without the desk: /app is refused (403, no desk drawn), and the objection is lodged from the
	branch's notice on /points, where it then shows as open."""
	watch = login(page, base_url, "member")
	if hasattr(page, "pp_watch"):  # under the harness: the 403s are what this step provokes
		page.pp_watch.expect("/app", 403)
	for path in ("/app", "/app/member-score"):
		response = page.goto(f"{base_url}{path}")
		assert response and response.status == 403, (path, response and response.status)
		assert not page.evaluate("() => !!(window.frappe && frappe.boot && frappe.boot.user)"), path
	watch.errors = [e for e in watch.errors if not e.startswith("request: 403")]
	page.goto(f"{base_url}/points")
	page.wait_for_load_state("networkidle")
	notice = page.locator("#notice")
	expect(notice.locator("tr.pp-me")).to_have_count(1)
	lodged = notice.locator(".pp-objection").count()
	form = notice.locator("#objection-form")
	form.locator("textarea[name=reason]").fill("The party lecture of 3 March is missing")
	shot(page, "member_object_portal")
	page.once("dialog", lambda d: d.accept())  # "Object to your score?" (the page asks before it sends)
	try:
		with page.expect_navigation():  # the page reloads once the objection is lodged
			form.locator("button[type=submit]").click()
	except Exception as error:
		said = form.locator(".pp-message").inner_text() if form.count() else ""
		raise AssertionError(f"the objection was not lodged: {said!r} ({watch.errors})") from error
	page.wait_for_load_state("networkidle")
	expect(notice.locator(".pp-objection")).to_have_count(lodged + 1)
	shot(page, "member_objection_portal")
	watch.check()


def test_member_creates_an_objection_from_the_list(page: Page, base_url: str) -> None:
	"""A new Score Objection picks the member's score on notice, asks the reason, and has Save (a member
	with the desk, else an officer who is a member of the branch)."""
	watch = login(page, base_url, desk_member(page, base_url, "member_zh"))
	open_desk(page, base_url, "score-objection/new")
	expect(page.locator("input[data-fieldname='member_score']")).not_to_have_value("")
	page.locator(".frappe-control[data-fieldname='reason'] textarea").fill("我没有迟到，当时在值班")
	shot(page, "objection_new_zh")
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/score-objection/OBJ-*")
	wait_idle(page)
	watch.check()


def test_secretary_is_told_why_scores_cannot_be_filed(page: Page, base_url: str) -> None:
	watch = login(page, base_url, "secretary")
	open_desk(page, base_url, f"member-score?assessment_period={PERIOD}")
	click_button(page, "Move a Branch's Scores")
	form = dialog(page)
	expect(form.locator("select[data-fieldname='action'] option", has_text="Reopen")).to_have_count(1)
	options = form.locator("select[data-fieldname='action'] option").all_inner_texts()
	shot(page, "branch_actions_offered")
	if any(o.startswith("File") for o in options):  # a score still on notice (no objection)
		form.locator("select[data-fieldname='action']").select_option(
			label=next(o for o in options if o.startswith("File"))
		)
		primary_then_confirm(page)
		result = result_message(page)
		expect(result).to_contain_text("could not be moved")
		expect(result).to_contain_text("it can be filed or verified only from that day on")
		shot(page, "branch_file_refused")
	watch.check()


def create_ratings(page: Page) -> str:
	click_button(page, "Create Ratings")
	form = dialog(page)
	page.wait_for_function("() => window.cur_dialog && cur_dialog.get_value('party_branch')")
	shot(page, "ratings_dialog")
	form.locator(".modal-footer .btn-primary:visible").click()
	result = result_message(page)
	wait_idle(page)
	return result.inner_text()


def test_secretary_creates_the_branch_ratings(page: Page, base_url: str) -> None:
	watch = login(page, base_url, "secretary")
	open_desk(page, base_url, "annual-rating")
	text = create_ratings(page)
	assert re.search(r"\d+ Annual Ratings were created for BT Branch|already have a rating", text), text
	shot(page, "ratings_created")
	open_desk(page, base_url, f"party-organization/{BRANCH}")
	text = create_ratings(page)
	assert "No rating was created." in text and "already have a rating for" in text, text
	shot(page, "ratings_already_rated")
	watch.check()


def test_committee_is_told_an_empty_branch_has_no_members(page: Page, base_url: str) -> None:
	watch = login(page, base_url, "committee")
	open_desk(page, base_url, f"party-organization/{EMPTY_BRANCH}")
	text = create_ratings(page)
	assert f"{EMPTY_BRANCH} has no members." in text, text
	watch.check()


def test_points_statement_runs_in_the_desk(page: Page, base_url: str) -> None:
	"""The report the walk found refused ("No permission to read DocType") runs for the secretary and the member."""
	api = admin_api(page, base_url)
	member = rest(api, "get", '/api/resource/Party Member?filters=[["full_name","=","BT Member Zhao"]]')[
		"data"
	][0]["name"]
	api.dispose()
	for key, route in (
		("secretary", f"query-report/Member Points Statement?member={member}"),
		# the member's own, filled in
		(desk_member(page, base_url, "member"), "query-report/Member Points Statement"),
	):
		watch = login(page, base_url, key)
		open_desk(page, base_url, route)
		expect(page.locator(".dt-row-0").first).to_be_visible()
		shot(page, f"statement_{key}")
		watch.check()


# English the zh pages must not show: every __() string of the scripts these tests click.
SCRIPTS = [
	"party_points/party_points/doctype/member_score/branch_actions.js",
	"party_points/party_points/doctype/member_score/member_score.js",
	"party_points/party_points/doctype/member_score/member_score_list.js",
	"party_points/party_points/doctype/annual_rating/create_ratings.js",
	"party_points/party_points/doctype/annual_rating/annual_rating_list.js",
	"party_points/party_points/doctype/score_objection/score_objection.js",
	"party_points/party_points/doctype/assessment_period/assessment_period.js",
	"party_points/party_points/doctype/party_organization/party_organization.js",
	"party_points/party_points/doctype/points_ledger_entry/points_ledger_entry.js",
]
JS_STRING = re.compile(r"""__\(\s*(["'])((?:\\.|(?!\1).)*)\1""")


def english_of_scripts() -> set[str]:
	"""Fixed fragments (8 characters or more, between placeholders) of the scripts' strings."""
	root = Path(__file__).resolve().parents[1]
	out = set()
	for script in SCRIPTS:
		for match in JS_STRING.finditer((root / script).read_text(encoding="utf-8")):
			out |= {part.strip() for part in re.split(r"\{\d+\}", match.group(2)) if len(part.strip()) >= 8}
	return out


def visible_text(page: Page) -> str:
	return page.evaluate(
		"""() => [...document.querySelectorAll('.page-head, .layout-main, .modal.show')]
			.filter((el) => el.offsetParent !== null || el.classList.contains('modal'))
			.map((el) => el.innerText).join('\\n')"""
	)


def assert_no_english(page: Page, where: str, english: set[str]) -> None:
	text = visible_text(page)
	left = sorted(e for e in english if e in text)
	assert not left, f"{where} shows English: {left}"


def zh(source: str) -> str:
	"""The Chinese of an app string, from the app's zh.csv (to click a button as a zh user)."""
	import csv

	path = Path(__file__).resolve().parents[1] / "party_points" / "translations" / "zh.csv"
	with path.open(encoding="utf-8") as f:
		return next((row[1] for row in csv.reader(f) if row and row[0] == source), source)


def test_zh_users_meet_no_english(page: Page, base_url: str) -> None:
	"""Every button, prompt and dialog these tests click, as zh users: no English of the app is left."""
	english = english_of_scripts() | {"Move a Branch's Scores", "Create Ratings", "Object", "Reverse"}
	member_key = desk_member(page, base_url, "member_zh")
	score = own_score(page, base_url, member_key)
	watch = login(page, base_url, member_key)
	open_desk(page, base_url, f"member-score/{score}")
	assert_no_english(page, "the member's score", english)
	object_button = page.locator(".page-head button:visible").filter(has_text=zh("Object"))
	if object_button.count():  # on notice (not yet objected to, as on a re-run after the objection tests)
		object_button.first.click()
		expect(dialog(page)).to_be_visible()
		assert_no_english(page, "the Object prompt", english)
		shot(page, "zh_object_prompt")
		close_dialog(page)
	open_desk(page, base_url, "score-objection/new")
	assert_no_english(page, "a new objection", english)
	open_desk(page, base_url, "query-report/Member Points Statement")
	expect(page.locator(".dt-row-0").first).to_be_visible()
	assert_no_english(page, "the member's statement", english)
	shot(page, "zh_statement")
	watch.check()

	watch = login(page, base_url, "secretary_zh")
	for route, label in (
		(f"member-score?assessment_period={PERIOD}", "Move a Branch's Scores"),
		(f"assessment-period/{PERIOD}", "Move a Branch's Scores"),
		("annual-rating", "Create Ratings"),
		(f"party-organization/{BRANCH}", "Create Ratings"),
	):
		open_desk(page, base_url, route)
		assert_no_english(page, route, english)
		click_button(page, zh(label))
		expect(dialog(page)).to_be_visible()
		wait_idle(page)
		assert_no_english(page, f"{label} on {route}", english)
		branch = dialog(page).locator("input[data-fieldname='party_branch']")
		if branch.count() and branch.is_editable():  # the branch picker: the user's branches, in Chinese
			branch.fill("")
			branch.type("BT")
			expect(
				dialog(page).locator("ul[role='listbox'] [role='option']", has_text=BRANCH).first
			).to_be_visible()
			assert_no_english(page, f"the branch picker of {label}", english | {"Party Branch"})
			branch.fill(BRANCH)
			dialog(page).locator(".modal-title").click()  # closes the dropdown, not the dialog
		shot(page, "zh_" + re.sub(r"\W+", "_", route.split("?")[0]))
		close_dialog(page)
	watch.check()

	watch = login(page, base_url, "committee_zh")
	api = admin_api(page, base_url)
	entry = rest(
		api,
		"get",
		'/api/resource/Points Ledger Entry?filters=[["is_reversed","=",0],["reverses","is","not set"],'
		'["member_name","like","BT %"]]&fields=["name"]&limit_page_length=1',
	)["data"][0]["name"]
	api.dispose()
	open_desk(page, base_url, f"points-ledger-entry/{entry}")
	click_button(page, zh("Reverse"))
	expect(dialog(page)).to_be_visible()
	assert_no_english(page, "the Reverse prompt", english)
	shot(page, "zh_reverse_prompt")
	close_dialog(page)
	open_desk(page, base_url, "party-organization/view/tree")
	click_button(page, zh("New"))
	expect(dialog(page)).to_be_visible()
	assert_no_english(page, "the tree's New", english | {"All Party Organizations", "New Party Committee"})
	shot(page, "zh_tree_new")
	close_dialog(page)
	watch.check()


TESTS = [
	test_organization_tree,
	test_new_assessment_period,
	test_reverse_ledger_entry,
	test_recorder_submits_the_branch_for_review,
	test_secretary_publishes_the_notice_from_the_period,
	test_zh_users_meet_no_english,
	test_member_objects_to_their_score,
	test_member_creates_an_objection_from_the_list,
	test_secretary_is_told_why_scores_cannot_be_filed,
	test_secretary_creates_the_branch_ratings,
	test_committee_is_told_an_empty_branch_has_no_members,
	test_points_statement_runs_in_the_desk,
]


def main() -> int:
	global SHOTS, ADMIN_PASSWORD
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--base-url", default="http://127.0.0.1:8000")
	parser.add_argument("--admin-password", default=ADMIN_PASSWORD)
	parser.add_argument("--screenshots", default=None)
	parser.add_argument("--only", nargs="*", help="names of test functions to run (default: all, in order)")
	args = parser.parse_args()
	ADMIN_PASSWORD = args.admin_password
	SHOTS = Path(args.screenshots) if args.screenshots else None
	failures = 0
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
		context = browser.new_context(viewport={"width": 1366, "height": 900})
		page = context.new_page()
		page.set_default_timeout(20000)
		ready = False
		for test in TESTS:
			if args.only and test.__name__ not in args.only:
				continue
			if test is not test_organization_tree and not ready:  # the tree test may make the first committee
				setup_data(page, args.base_url)
				ready = True
			try:
				test(page, args.base_url)
				print(f"ok    {test.__name__}")
			except Exception as error:
				failures += 1
				print(f"FAIL  {test.__name__}: {error}")
				shot(page, f"FAILED_{test.__name__}")
		browser.close()
	return 1 if failures else 0


if __name__ == "__main__":
	sys.exit(main())
