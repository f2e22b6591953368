"""pytest fixtures of the browser tier (tier 3); see README.md in this folder.

Which site, in order: ``--base-url`` with ``--site`` (a server already running, as .ci/run starts it),
``--site`` alone (the harness serves it with ``bench serve`` on a free port and stops it afterwards), or
neither (the harness creates a throwaway site, installs the app, runs the demo, serves it, and drops it at
the end unless ``--keep-site``). The same three are read from PARTY_POINTS_BASE_URL and PARTY_POINTS_SITE.

Every page a test gets from ``login`` or ``page`` is watched: a JavaScript console error, a page error or a
failed request of the app fails the test after it ran (bench serve's socket.io 404s aside). A test that
provokes a failed request on purpose declares it: ``page.pp_watch.expect("/api/method/x", 417)``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import harness
import pytest


def pytest_ignore_collect(collection_path: Path, config):
	"""The feature scripts (every other test_*.py of this folder) run through test_scripts.py, in their
	own order and with their set-up; pytest does not collect them on their own."""
	if harness.is_script(collection_path):
		return True
	return None


WATCHED = pytest.StashKey[list]()


def pytest_addoption(parser) -> None:
	group = parser.getgroup("party_points browser tier")
	group.addoption("--site", default=os.environ.get("PARTY_POINTS_SITE"), help="a site with party_points")
	group.addoption(
		"--base-url",
		default=os.environ.get("PARTY_POINTS_BASE_URL"),
		help="a server already serving --site (else bench serve is started)",
	)
	group.addoption("--keep-site", action="store_true", help="keep the throwaway site the harness made")


@pytest.fixture(scope="session")
def site(request) -> str:
	"""The site under test; a throwaway one (created and dropped here) when none is given."""
	given = request.config.getoption("--site")
	if given:
		os.environ["PARTY_POINTS_SITE"] = given
		yield given
		return
	name = f"bt-{int(time.time())}-{os.getpid()}.localhost"
	started = time.monotonic()
	made = harness.new_site(name)
	os.environ["PP_POPULATED"] = made
	print(f"\nbrowser tier: made site {name} with the {made} in {time.monotonic() - started:.0f} s")
	os.environ["PARTY_POINTS_SITE"] = name
	try:
		yield name
	finally:
		if not request.config.getoption("--keep-site"):
			harness.drop_site(name)


@pytest.fixture(scope="session")
def base_url(request, site) -> str:
	given = request.config.getoption("--base-url")
	if given:
		yield given.rstrip("/")
		return
	server = harness.Server(site).start()
	try:
		yield server.url
	finally:
		server.stop()


@pytest.fixture(scope="session")
def playwright_instance():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
	browser = harness.launch(playwright_instance)
	yield browser
	browser.close()


@pytest.fixture(scope="session")
def admin_api(playwright_instance, base_url):
	"""Administrator's REST session (language changes, look-ups)."""
	api = playwright_instance.request.new_context(base_url=base_url)
	response = api.post("/api/method/login", form={"usr": "Administrator", "pwd": harness.ADMIN_PASSWORD})
	assert response.ok, f"Administrator cannot log in: {response.status}"
	yield api
	api.dispose()


@pytest.fixture(scope="session")
def app_meta(site) -> dict:
	return harness.in_site(site, "app_meta")


@pytest.fixture(scope="session")
def role_info(site, base_url) -> dict:
	"""Who plays each role (from the demo, else the fixture; each gets harness.PASSWORD), and which roles of
	the app have no desk (``portal_roles``: their users are Website Users who use the members' page)."""
	found = harness.in_site(site, "role_users")
	if found["missing"]:
		harness.in_site(site, "fixture")
		found = harness.in_site(site, "role_users")
	return found


@pytest.fixture(scope="session")
def role_users(role_info) -> dict[str, str]:
	"""Role -> the user who plays it."""
	return role_info["users"]


@pytest.fixture(scope="session")
def portal_roles(role_info) -> set[str]:
	"""The app's roles without desk access on this site (Party Member, once members use only /points)."""
	return set(role_info.get("portal_roles", []))


def set_language(admin_api, user: str, lang: str) -> None:
	response = admin_api.put(f"/api/resource/User/{user}", data={"language": lang})
	assert response.ok, f"cannot set {user}'s language to {lang}: {response.status} {response.text()[:300]}"


def _watch(request, page) -> None:
	request.node.stash.setdefault(WATCHED, []).append(page.pp_watch)


DESK_HOME = f"/app/{harness.WORKSPACE}"


@pytest.fixture
def login(request, browser, base_url, role_users, portal_roles, admin_api):
	"""``login(who, lang="en", path="/app/party-points")`` -> a page of a fresh context, logged in as
	``who`` (a role of the app, played by its user, or a user's name) in ``lang``, on ``path``. A role
	without desk access lands on the members' page (``/points``) instead of the workspace."""
	contexts = []

	def _login(who: str, lang: str = "en", path: str | None = DESK_HOME, password=None):
		user = role_users.get(who, who)
		set_language(admin_api, user, lang)
		page = harness.new_page(browser, base_url, lang)
		page.pp_user, page.pp_lang = user, lang
		contexts.append(page.context)
		_watch(request, page)
		if who in portal_roles:
			harness.log_in(page, base_url, user, password or harness.PASSWORD, None)
			if path:
				page.goto(f"{base_url}{harness.PORTAL_HOME if path == DESK_HOME else path}")
				page.wait_for_load_state("networkidle")
			return page
		harness.log_in(page, base_url, user, password or harness.PASSWORD, path)
		return page

	yield _login
	for context in contexts:
		context.close()


@pytest.fixture
def page(request, browser, base_url):
	"""A watched page of a fresh context, logged in as nobody (for scripts that log in themselves)."""
	page = harness.new_page(browser, base_url)
	_watch(request, page)
	yield page
	page.context.close()


@pytest.fixture
def shots_dir(tmp_path) -> Path:
	return tmp_path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
	"""After the test body: fail on what the watchers saw that the test did not take itself."""
	result = yield
	left = []
	for watch in item.stash.get(WATCHED, []):
		left += watch.take()
	if left:
		raise AssertionError(
			"JavaScript errors or failed requests of the app:\n" + "\n".join(f"  {p}" for p in left)
		)
	return result
