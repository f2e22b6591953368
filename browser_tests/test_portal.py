"""The members' page of issue 16 on a phone (Chromium at 390×844), as an en member and a zh member.

What it proves, each as the member who acts, in the order of ``TESTS``:
- ``test_page``: a Guest opening /points is sent to log in and comes back to it; the page shows the
  quarter, the year's chart and the projected grade, in the member's language, with no horizontal
  scrolling and tap targets of normal size (44 px);
- ``test_apply``: the member lists the quarter's tasks, self-scores and sends the application for sign-off;
  the page then shows it pending the department head;
- ``test_claim``: the member claims a reward with a photo as evidence; the claim waits for the secretary,
  and its evidence opens for the member;
- ``test_check_in``: the branch's recorder, at the desk, clicks Check-in QR Code on today's activity and sees
  the code, its link and the window; then, on a phone and logged out, the member opens that link, logs in and
  is checked in as Present (the activity starts 20 minutes after the setup: inside the window, before the
  grace ends); opening it again says they are already on the attendance; a forged link and a member of
  another branch are refused with a clear message;
- ``test_object_during_notice``: the activity is submitted (its attendance posts points), the branch's
  scores go on public notice through the active workflow, and the member sees the branch's notice and
  objects to their own score, which goes back to review;
- ``test_member_login_field``: the branch secretary adding a Party Member at the desk is offered a fresh
  login without roles (a Website User) in its User field.

Every function takes ``(page, base_url)`` and, when it asks for them, ``lang`` ("en" or "zh": the member it
acts as) and ``shots`` (a folder for extra screenshots). It sets the phone viewport and logs in itself. The
README's screenshots go to ``docs/screenshots/portal-<step>-<lang>.png``. ``setup_data(page, base_url)``
creates what they need through the REST API as Administrator, once (every name starts with "BT Portal";
running it again reuses them). The functions change what they act on (an application is sent, an activity
submitted, scores published): run them in the order of ``TESTS`` on a site of their own. The page is checked
for JavaScript errors and failed requests of the app (bench serve's socket.io 404s are ignored).

Run it alone against a site with party_points installed, served by bench (no browser is downloaded):

    cd ~/frappe-bench
    bench --site S serve --port 8132 &
    env/bin/python apps/party_points/browser_tests/test_portal.py --base-url http://127.0.0.1:8132 \\
        --admin-password admin
"""

import argparse
import base64
import inspect
import os
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import APIRequestContext, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]
PHONE = {"width": 390, "height": 844}
ADMIN_PASSWORD = os.environ.get("PP_ADMIN_PASSWORD", "admin")
PASSWORD = "Bt-portal-2026!"
DOMAIN = "bt-portal.invalid"
TODAY = date.today()
YEAR, QUARTER = TODAY.year, (TODAY.month - 1) // 3 + 1
PERIOD = f"{YEAR}-Q{QUARTER}"
COMMITTEE, BRANCH, OTHER_BRANCH = "BT Portal Committee", "BT Portal Branch", "BT Portal Other Branch"
ACTIVITY_TITLE = f"BT Portal party lecture {TODAY.isoformat()}"
USERS = {
	# key: (full name, language, Party Member of)
	"recorder": ("BT Recorder", "en", None),
	"secretary": ("BT Secretary", "en", None),
	"head": ("BT Department Head", "en", None),
	"en": ("BT Li Ming", "en", BRANCH),
	"zh": ("BT Wang Fang", "zh", BRANCH),
	"other": ("BT Zhang Wei", "en", OTHER_BRANCH),
	"fresh": ("BT Zhao Lei", "en", None),  # a fresh login without any role: a Website User, no member yet
}
SCREENSHOTS = Path(
	os.environ.get("PP_SCREENSHOTS") or Path(__file__).resolve().parents[1] / "docs" / "screenshots"
)
# A 64×64 red square: the photo of the evidence.
EVIDENCE_PNG = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAY0lEQVR4nO3PQQ3AIADAQMAQwT3yJoLHZUlPQTvv2ePPlg541YDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oDWgNaA1oD2AQhoAZhrW5XPAAAAAElFTkSuQmCC"
)
TEXT = {
	# what the page says, per language (the checks read what a member reads)
	"title": {"en": "My Points", "zh": "我的积分"},
	"pending": {"en": "Pending Sign-off", "zh": "待部门审签"},
	"proposed": {"en": "Proposed", "zh": "已提交"},
	"checked_in": {"en": "You are checked in: Present", "zh": "签到成功：出席"},
	"already": {"en": "You are already on the attendance", "zh": "您已在"},
	"invalid": {"en": "This check-in code is not valid", "zh": "签到码无效"},
	"notice": {"en": "Public notice", "zh": "公示"},
	"open": {"en": "Awaiting an answer", "zh": "待答复"},
}


def user(key: str) -> str:
	return f"bt.portal.{key}@{DOMAIN}"


# ---------------------------------------------------------------- REST, as Administrator or an officer


def api_as(page: Page, base_url: str, key: str = "admin") -> APIRequestContext:
	"""A REST session of its own (the page keeps its user)."""
	api = page.context.browser.new_context(base_url=base_url).request
	credentials = ("Administrator", ADMIN_PASSWORD) if key == "admin" else (user(key), PASSWORD)
	response = api.post("/api/method/login", data={"usr": credentials[0], "pwd": credentials[1]})
	assert response.ok, f"{credentials[0]} cannot log in: {response.status}"
	return api


def rest(api: APIRequestContext, method: str, path: str, data: dict | None = None) -> dict:
	response = getattr(api, method)(path, data=data) if data is not None else getattr(api, method)(path)
	assert response.ok, f"{method.upper()} {path}: {response.status} {response.text()[:600]}"
	return response.json()


def exists(api: APIRequestContext, doctype: str, name: str) -> bool:
	return api.get(f"/api/resource/{quote(doctype)}/{quote(name, safe='')}").ok


def insert(api: APIRequestContext, doctype: str, doc: dict, name: str | None = None) -> str:
	if name and exists(api, doctype, name):
		return name
	return rest(api, "post", f"/api/resource/{quote(doctype)}", doc)["data"]["name"]


def call(api: APIRequestContext, method: str, **args):
	return rest(api, "post", f"/api/method/{method}", args).get("message")


def get_list(api: APIRequestContext, doctype: str, filters: dict, fields: list[str]) -> list[dict]:
	return call(
		api, "frappe.client.get_list", doctype=doctype, filters=filters, fields=fields, limit_page_length=0
	)


def set_value(api: APIRequestContext, doctype: str, name: str, field: str, value) -> None:
	call(api, "frappe.client.set_value", doctype=doctype, name=name, fieldname=field, value=value)


def has_field(api: APIRequestContext, doctype: str, fieldname: str) -> bool:
	"""Whether the DocType (with its Custom Fields) has the field, as the desk's form loads its meta."""
	meta = rest(api, "get", f"/api/method/frappe.desk.form.load.getdoctype?doctype={quote(doctype)}")
	return any(f.get("fieldname") == fieldname for d in meta["docs"] for f in d.get("fields", []))


def server_now(api: APIRequestContext) -> datetime:
	"""The site's time now, in its own time zone (which the activity's times and dates are in)."""
	from zoneinfo import ZoneInfo

	zone = call(api, "frappe.client.get_value", doctype="System Settings", fieldname="time_zone") or {}
	# Frappe's own default when the setup wizard has not set one (frappe.utils.get_system_timezone)
	return datetime.now(ZoneInfo(zone.get("time_zone") or "Asia/Kolkata")).replace(tzinfo=None)


def use_the_sites_date(api: APIRequestContext) -> None:
	"""Today, the year, the quarter and the activity's title by the site's clock, not this machine's."""
	global TODAY, YEAR, QUARTER, PERIOD, ACTIVITY_TITLE
	TODAY = server_now(api).date()
	YEAR, QUARTER = TODAY.year, (TODAY.month - 1) // 3 + 1
	PERIOD = f"{YEAR}-Q{QUARTER}"
	ACTIVITY_TITLE = f"BT Portal party lecture {TODAY.isoformat()}"


def setup_data(page: Page, base_url: str) -> dict:
	"""Users (the members' logins without any role of their own), a committee with a branch whose secretary and
	recorder are appointed, another branch, the members, this year's quarters up to this one (the earlier ones
	scored and verified), and today's activity of the branch, still a draft."""
	api = api_as(page, base_url)
	use_the_sites_date(api)
	for key, (full_name, language, _branch) in USERS.items():
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
				"language": language,
				**({"roles": [{"role": "Department Head"}]} if key == "head" else {}),
			},
			user(key),
		)
	insert(
		api,
		"Party Organization",
		{"organization_name": COMMITTEE, "organization_type": "Party Committee", "is_group": 1},
		COMMITTEE,
	)
	insert(
		api,
		"Party Organization",
		{
			"organization_name": BRANCH,
			"organization_type": "Party Branch",
			"parent_party_organization": COMMITTEE,
			"secretary": user("secretary"),
			"recorder": user("recorder"),
		},
		BRANCH,
	)
	insert(
		api,
		"Party Organization",
		{
			"organization_name": OTHER_BRANCH,
			"organization_type": "Party Branch",
			"parent_party_organization": COMMITTEE,
		},
		OTHER_BRANCH,
	)
	members = {}
	for key, (full_name, _language, branch) in USERS.items():
		if not branch:
			continue
		found = get_list(api, "Party Member", {"user": user(key)}, ["name"])
		members[key] = (
			found[0]["name"]
			if found
			else insert(
				api,
				"Party Member",
				{
					"full_name": full_name,
					"party_branch": branch,
					"user": user(key),
					"join_date": f"{YEAR - 1}-06-01",
				},
			)
		)
	found = get_list(api, "Party Member", {"full_name": "BT Chen Jie"}, ["name"])
	members["listed"] = (
		found[0]["name"]
		if found
		else insert(
			api,
			"Party Member",
			{"full_name": "BT Chen Jie", "party_branch": BRANCH, "join_date": f"{YEAR - 1}-06-01"},
		)
	)
	for quarter in range(1, QUARTER + 1):
		insert(api, "Assessment Period", {"year": YEAR, "quarter": str(quarter)}, f"{YEAR}-Q{quarter}")
	# This quarter takes applications (a demo may have moved it on; a verified one cannot come back).
	stage = rest(api, "get", f"/api/resource/Assessment%20Period/{PERIOD}")["data"]["stage"]
	assert stage != "Verified", f"{PERIOD} is verified on this site: the members cannot apply for it"
	if stage != "Open":
		set_value(api, "Assessment Period", PERIOD, "stage", "Open")
	# The earlier quarters: points from the ledger, then closed and verified.
	figures = {
		"en": (16, 12, 4),
		"zh": (12, 6, 2),
	}  # work achievement (plus the quarter), meetings, model post
	for quarter in range(1, QUARTER):
		period = f"{YEAR}-Q{quarter}"
		stage = rest(api, "get", f"/api/resource/Assessment%20Period/{period}")["data"]["stage"]
		if stage == "Verified" or get_list(
			api, "Points Ledger Entry", {"assessment_period": period, "member": members["en"]}, ["name"]
		):
			continue  # verified already (by a demo, or an earlier run): it takes no new entries
		for key, (work, meetings, service) in figures.items():
			for item, points in (("WA-01", work + quarter), ("SE-01", meetings), ("SP-02", service)):
				insert(
					api,
					"Points Ledger Entry",
					{
						"member": members[key],
						"assessment_period": period,
						"scoring_item": item,
						"points": points,
					},
				)
			if quarter == 2:
				insert(
					api,
					"Points Ledger Entry",
					{
						"member": members[key],
						"assessment_period": period,
						"part": "evaluation",
						"scoring_item": "mid_year",
						"points": 10 if key == "en" else 7,
					},
				)
		set_value(api, "Assessment Period", period, "stage", "Verified")
	# Today's activity: the recorder has listed one member who is excused; the others check in.
	found = get_list(api, "Party Activity", {"title": ACTIVITY_TITLE, "docstatus": 0}, ["name"])
	activity = found[0]["name"] if found else None
	if activity is not None:  # from an earlier run: the members who checked in then are taken off again
		path = f"/api/resource/Party%20Activity/{quote(activity)}"
		rows = rest(api, "get", path)["data"]["attendance"]
		kept = [
			{"member": r["member"], "status": r["status"]} for r in rows if r["member"] == members["listed"]
		]
		if len(kept) != len(rows):
			rest(api, "put", path, {"attendance": kept})
	else:
		activity = insert(
			api,
			"Party Activity",
			{
				"title": ACTIVITY_TITLE,
				"activity_type": "Party Lecture",
				"activity_date": TODAY.isoformat(),
				"party_branch": BRANCH,
				"attendance": [{"member": members["listed"], "status": "Excused"}],
			},
		)
	# It starts in 20 minutes: check-in is open (from 30 minutes before) and counts Present until 10 minutes
	# after the start, half an hour for the tests before it. Late at night it has no times (the whole day).
	now = server_now(api)
	times = (
		((now + timedelta(minutes=20)).strftime("%H:%M:00"), (now + timedelta(hours=2)).strftime("%H:%M:00"))
		if now.hour < 21
		else (None, None)
	)
	for field, value in zip(("start_time", "end_time"), times, strict=True):
		set_value(api, "Party Activity", activity, field, value)
	return {"members": members, "activity": activity}


# ---------------------------------------------------------------- the phone


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


def phone(page: Page) -> Watch:
	page.set_viewport_size(PHONE)
	page.on("dialog", lambda dialog: dialog.accept())  # the page's "are you sure?" questions
	return Watch(page)


def log_in(page: Page, base_url: str, key: str) -> None:
	page.context.clear_cookies()
	response = page.request.post(f"{base_url}/api/method/login", data={"usr": user(key), "pwd": PASSWORD})
	assert response.ok, f"{key} cannot log in: {response.status}"


def log_in_by_form(page: Page, key: str) -> None:
	"""The login page Frappe shows a Guest; it sends them back to where they were going."""
	page.wait_for_selector("#login_email")
	page.fill("#login_email", user(key))
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")


def open_points(page: Page, base_url: str) -> None:
	page.goto(f"{base_url}/points")
	page.wait_for_load_state("networkidle")
	expect(page.locator(".pp-page")).to_be_visible()


def shot(page: Page, name: str, lang: str, shots: Path | None = None, section: str | None = None) -> None:
	"""A README screenshot of the phone's screen, docs/screenshots/portal-<name>-<lang>.png (and a copy in
	``shots``), scrolled to ``section`` (a CSS selector) when given."""
	if section:
		page.locator(section).evaluate(
			"(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8)"
		)
	else:
		page.evaluate("window.scrollTo(0, 0)")
	page.wait_for_timeout(150)
	for folder in (SCREENSHOTS, shots):
		if folder:
			folder.mkdir(parents=True, exist_ok=True)
			page.screenshot(path=str(Path(folder) / f"portal-{name}-{lang}.png"))


def assert_fits_a_phone(page: Page) -> None:
	"""No horizontal scrolling, and every button, field and summary of the page at least 40 px tall."""
	width = page.evaluate("document.documentElement.scrollWidth")
	assert width <= PHONE["width"], f"the page is {width} px wide"
	small = page.evaluate(
		"""() => [...document.querySelectorAll('.pp-page button, .pp-page input, .pp-page select, .pp-page textarea, .pp-page summary, .pp-page .pp-button')]
			.filter((el) => el.offsetParent !== null && el.type !== 'hidden')
			.map((el) => [el.name || el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
			.filter(([, height]) => height < 40)"""
	)
	assert not small, f"tap targets under 40 px: {small}"


# ---------------------------------------------------------------- the tests


def test_page(page: Page, base_url: str, lang: str, shots: Path | None = None) -> None:
	watch = phone(page)
	page.context.clear_cookies()
	page.goto(f"{base_url}/points")
	assert "/login" in page.url and "redirect-to" in page.url, page.url
	requests: list[str] = []
	page.on("request", lambda request: requests.append(request.url))
	log_in_by_form(page, lang)
	page.wait_for_url(re.compile(r"/points$"))
	page.wait_for_load_state("networkidle")
	loaded = requests[next(i for i, url in enumerate(requests) if re.search(r"/points$", url)) :]
	# One request for the page and its data (rendered on the server), and no desk assets.
	assert not [u for u in loaded if "/api/" in u], [u for u in loaded if "/api/" in u]
	assert not [u for u in loaded if re.search(r"desk|form|list|controls|report", u.rsplit("/", 1)[-1])], (
		loaded
	)
	expect(page.locator(".pp-head h1")).to_have_text(TEXT["title"][lang])
	expect(page.locator("html")).to_have_attribute("lang", lang)
	expect(page.locator("#quarter .pp-dims li")).to_have_count(5)
	expect(page.locator("#year svg.pp-chart")).to_be_visible()
	expect(page.locator("#projection")).to_be_visible()
	if QUARTER > 1:
		expect(page.locator("#projection .pp-big")).not_to_be_empty()
	assert_fits_a_phone(page)
	shot(page, "page", lang, shots)
	shot(page, "year", lang, shots, "#year")
	watch.check()


def test_apply(page: Page, base_url: str, lang: str, shots: Path | None = None) -> None:
	watch = phone(page)
	log_in(page, base_url, lang)
	open_points(page, base_url)
	form = page.locator("#application-form")
	if form.count():
		tasks = {
			"en": ["Inspected valve chambers 12 to 18", "Trained two new operators on the SCADA screens"],
			"zh": ["完成 12 至 18 号阀室巡检", "带教两名新员工熟悉 SCADA 画面"],
		}[lang]
		form.locator(".pp-task textarea").first.fill(tasks[0])
		form.locator("#add-task").click()
		form.locator(".pp-task textarea").nth(1).fill(tasks[1])
		form.locator(".pp-task select").nth(1).select_option("In Progress")
		form.locator("input[name=self_score]").fill("17")
		form.locator("select[name=department_head]").select_option(user("head"))
		assert_fits_a_phone(page)
		with page.expect_navigation():
			form.locator("button[name=submit][value='1']").click()
		page.wait_for_load_state("networkidle")
	expect(page.locator("#application .pp-badge")).to_have_text(TEXT["pending"][lang])
	shot(page, "application", lang, shots, "#application")
	watch.check()


def test_claim(page: Page, base_url: str, lang: str, shots: Path | None = None) -> None:
	watch = phone(page)
	log_in(page, base_url, lang)
	open_points(page, base_url)
	claims = page.locator("#rewards .pp-list li")
	before = claims.count()
	details = page.locator("#rewards details")
	if not details.evaluate("(el) => el.open"):
		details.locator("summary").click()
	form = page.locator("#reward-form")
	form.locator("select[name=reward_type]").select_option("article_internal")
	form.locator("textarea[name=description]").fill(
		{"en": "Article on the safety week in the company magazine", "zh": "在公司内刊发表安全周党建文章"}[
			lang
		]
	)
	form.locator("input[name=evidence]").set_input_files(
		{"name": "article.png", "mimeType": "image/png", "buffer": EVIDENCE_PNG}
	)
	with page.expect_navigation():
		form.locator("button[type=submit]").click()
	page.wait_for_load_state("networkidle")
	expect(claims).to_have_count(before + 1)
	expect(claims.first).to_contain_text(TEXT["proposed"][lang])
	evidence = claims.first.locator("a").get_attribute("href")
	assert evidence and evidence.startswith("/private/files/"), evidence
	assert page.request.get(f"{base_url}{evidence}").ok, "the member cannot open their own evidence"
	shot(page, "reward", lang, shots, "#rewards")
	watch.check()


def qr_link(page: Page, base_url: str, lang: str, shots: Path | None = None) -> str:
	"""The recorder opens today's activity at the desk and clicks Check-in QR Code: the dialog shows the code,
	the link it holds and the window. Returns the link."""
	page.set_viewport_size({"width": 1280, "height": 900})
	log_in(page, base_url, "recorder")
	api = api_as(page, base_url, "recorder")
	found = get_list(api, "Party Activity", {"title": ACTIVITY_TITLE, "docstatus": 0}, ["name"])
	assert found, "setup_data did not create today's activity (or it was submitted already)"
	page.goto(f"{base_url}/app/party-activity/{found[0]['name']}")
	button = page.locator(".page-actions button", has_text="Check-in QR Code")
	expect(button).to_be_visible(timeout=20_000)
	button.click()
	dialog = page.locator(".modal.show")
	image = dialog.locator("img.pp-checkin-qr-image")
	expect(image).to_be_visible()
	assert image.get_attribute("src").startswith("data:image/svg+xml;base64,")
	assert image.evaluate("(img) => img.naturalWidth") > 0, "the QR code did not draw"
	expect(dialog.locator(".pp-checkin-window")).to_contain_text("Check-in is open from")
	link = dialog.locator(".pp-checkin-link a").inner_text().strip()
	assert "/checkin?t=" in link, link
	if lang == "en":
		for folder in (SCREENSHOTS, shots):
			if folder:
				folder.mkdir(parents=True, exist_ok=True)
				dialog.locator(".modal-content").screenshot(path=str(Path(folder) / "portal-qr-en.png"))
	# The desk is left behind before the phone logs out, so that none of its requests goes out as Guest:
	# the dialog closed (the form then reloads), every request of the desk answered, then a blank page.
	dialog.locator(".btn-modal-close").click()
	expect(dialog).to_be_hidden()
	page.wait_for_function("() => window.frappe && frappe.request && !frappe.request.ajax_count")
	page.wait_for_timeout(500)
	page.wait_for_function("() => !frappe.request.ajax_count")
	page.once("dialog", lambda question: question.accept())  # "leave the page?" if the form is dirty
	page.goto("about:blank")
	return link


def test_check_in(page: Page, base_url: str, lang: str, shots: Path | None = None) -> None:
	link = qr_link(page, base_url, lang, shots)
	watch = phone(page)
	path = link[link.index("/checkin") :]
	# Logged out: the phone's camera opens the link, the member logs in and is checked in.
	page.context.clear_cookies()
	page.goto(f"{base_url}{path}")
	assert "/login" in page.url, page.url
	log_in_by_form(page, lang)
	page.wait_for_url(re.compile(r"/checkin\?t="))
	result = page.locator("#checkin .pp-result")
	expect(result).to_contain_text(TEXT["checked_in"][lang])
	expect(page.locator("#checkin.ok")).to_be_visible()
	assert_fits_a_phone(page)
	shot(page, "checkin", lang, shots)
	# Opened again: already on the attendance, nothing written twice.
	page.goto(f"{base_url}{path}")
	expect(result).to_contain_text(TEXT["already"][lang])
	# A forged code.
	token = path.split("t=", 1)[1]
	page.goto(f"{base_url}/checkin?t={token[:-4]}abcd")
	expect(result).to_contain_text(TEXT["invalid"][lang])
	if lang == "en":  # a member of another branch
		log_in(page, base_url, "other")
		page.goto(f"{base_url}{path}")
		expect(result).to_contain_text(f"Only members of {BRANCH} can check in")
	watch.check()


def workflow_path(workflow: dict, start: str, stage: str, roles: set[str]) -> list[dict]:
	"""The shortest chain of the workflow's transitions allowed to ``roles`` from the state ``start`` to a state
	that sets a score's stage to ``stage`` (state and action names are a company's to change)."""
	targets = {
		s["state"]
		for s in workflow["states"]
		if s.get("update_field") == "stage" and s.get("update_value") == stage
	}
	paths, queue = {start: []}, [start]
	while queue:
		state = queue.pop(0)
		if state in targets:
			return paths[state]
		for t in workflow["transitions"]:
			if t["state"] == state and t["next_state"] not in paths and t["allowed"] in roles:
				paths[t["next_state"]] = [*paths[state], t]
				queue.append(t["next_state"])
	raise AssertionError(f"the workflow has no way from {start} to {stage}")


def publish_notice(page: Page, base_url: str) -> None:
	"""The recorder submits today's activity; the branch's scores of the quarter go on public notice, each step
	of the active workflow taken by the officer it allows. This branch holds no members' meeting, so the settings
	say so where they know that rule."""
	admin = api_as(page, base_url)
	officers = {
		"Party Recorder": api_as(page, base_url, "recorder"),
		"Branch Secretary": api_as(page, base_url, "secretary"),
	}
	for activity in get_list(admin, "Party Activity", {"title": ACTIVITY_TITLE, "docstatus": 0}, ["name"]):
		doc = rest(officers["Party Recorder"], "get", f"/api/resource/Party%20Activity/{activity['name']}")[
			"data"
		]
		call(officers["Party Recorder"], "frappe.client.submit", doc=doc)
	if has_field(admin, "Party Points Settings", "require_members_meeting"):
		set_value(admin, "Party Points Settings", "Party Points Settings", "require_members_meeting", 0)
	(name,) = get_list(admin, "Workflow", {"document_type": "Member Score", "is_active": 1}, ["name"])
	workflow = rest(admin, "get", f"/api/resource/Workflow/{quote(name['name'])}")["data"]
	scores = get_list(
		admin,
		"Member Score",
		{"party_branch": BRANCH, "assessment_period": PERIOD},
		["name", "workflow_state"],
	)
	for score in scores:
		for transition in workflow_path(workflow, score["workflow_state"], "Public Notice", set(officers)):
			api = officers[transition["allowed"]]
			doc = rest(api, "get", f"/api/resource/Member%20Score/{quote(score['name'])}")["data"]
			call(api, "frappe.model.workflow.apply_workflow", doc=doc, action=transition["action"])
	set_value(admin, "Assessment Period", PERIOD, "stage", "Public Notice")


def test_object_during_notice(page: Page, base_url: str, lang: str, shots: Path | None = None) -> None:
	watch = phone(page)
	publish_notice(page, base_url)
	log_in(page, base_url, lang)
	open_points(page, base_url)
	notice = page.locator("#notice")
	expect(notice.locator("h2")).to_contain_text(TEXT["notice"][lang])
	expect(notice.locator("tr.pp-me")).to_have_count(1)
	lodged = notice.locator(".pp-objection").count()
	form = notice.locator("#objection-form")
	form.locator("textarea[name=reason]").fill(
		{"en": "The party lecture I attended on the 3rd is missing", "zh": "本月 3 日参加的党课未计分"}[lang]
	)
	shot(page, "notice", lang, shots, "#notice")
	with page.expect_navigation():
		form.locator("button[type=submit]").click()
	page.wait_for_load_state("networkidle")
	expect(notice.locator(".pp-objection")).to_have_count(lodged + 1)
	expect(notice.locator(".pp-objection .pp-badge").first).to_have_text(TEXT["open"][lang])
	expect(notice.locator("#objection-form")).to_have_count(0)
	assert_fits_a_phone(page)
	shot(page, "objection", lang, shots, "#notice")
	watch.check()


def test_member_login_field(page: Page, base_url: str) -> None:
	"""The branch secretary, adding a Party Member at the desk, is offered a fresh login without roles (a
	Website User) in the member's User field."""
	page.set_viewport_size({"width": 1280, "height": 900})
	log_in(page, base_url, "secretary")
	page.goto(f"{base_url}/app/party-member/new")
	field = page.locator('.frappe-control[data-fieldname="user"] input')
	expect(field).to_be_visible(timeout=20_000)
	field.click()
	field.fill("bt.portal.fresh")
	options = page.locator('.frappe-control[data-fieldname="user"] .awesomplete [role="option"]')
	expect(options.filter(has_text=user("fresh"))).to_be_visible(timeout=10_000)
	expect(options.filter(has_text="Every enabled login, Website Users included")).to_be_visible()


TESTS = [
	test_page,
	test_apply,
	test_claim,
	test_check_in,
	test_object_during_notice,
	test_member_login_field,
]


def main() -> int:
	global ADMIN_PASSWORD
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--base-url", required=True)
	parser.add_argument("--admin-password", default=ADMIN_PASSWORD)
	parser.add_argument("--shots", type=Path, default=None)
	parser.add_argument("--only", nargs="*", default=None, help="run only these tests (by name)")
	args = parser.parse_args()
	ADMIN_PASSWORD = args.admin_password
	failures = 0
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
		setup_page = browser.new_page()
		setup_data(setup_page, args.base_url)
		setup_page.context.close()
		for test in TESTS:
			if args.only and test.__name__ not in args.only:
				continue
			wanted = inspect.signature(test).parameters
			for lang in ("en", "zh") if "lang" in wanted else ("en",):
				context = browser.new_context(viewport=PHONE, locale="zh-CN" if lang == "zh" else "en-US")
				page = context.new_page()
				given = {"lang": lang, "shots": args.shots}
				try:
					test(page, args.base_url, **{k: v for k, v in given.items() if k in wanted})
					print(f"ok    {test.__name__}[{lang}]")
				except Exception as error:
					failures += 1
					print(f"FAIL  {test.__name__}[{lang}]: {error}")
				finally:
					context.close()
		browser.close()
	return 1 if failures else 0


if __name__ == "__main__":
	sys.exit(main())
