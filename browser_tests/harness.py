"""The browser tier's machinery: a served site, Debian's Chromium, logins per role and a watcher.

Used by conftest.py (the pytest fixtures) and by any browser script. Nothing here downloads a browser:
Playwright for Python (in the bench's env) drives /usr/bin/chromium.

Three parts:
- the site: ``in_site(site, task)`` runs one of the tasks at the bottom of this file *inside* the site
  (this same file, run by the bench's Python from ``sites/``), ``Server`` runs ``bench serve`` on a free
  loopback port and stops it;
- the browser: ``launch(playwright)``, ``log_in(...)``, ``open_route(...)`` / ``settle(page)``, and
  ``shot(page, name)`` for a screenshot at ``docs/screenshots/<name>-<lang>.png``;
- the ``Watch`` on a page: every JavaScript console error, page error and failed request (status >= 400,
  or a network failure) of the app, except bench serve's socket.io 404s and what a test declares with
  ``watch.expect(...)``.

Run as a script, it is the in-site side: ``env/bin/python harness.py --in-site SITE TASK [JSON]`` from
the bench's ``sites`` folder prints the task's result as JSON on its last line; ``harness.py --populate
SITE`` (from anywhere) puts the demo, or the fixture, on a new site and prints which.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH = Path(os.environ.get("PARTY_POINTS_BENCH") or Path.home() / "frappe-bench")
CHROMIUM = os.environ.get("PP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]
ADMIN_PASSWORD = os.environ.get("PP_ADMIN_PASSWORD", "admin")
PASSWORD = os.environ.get("PP_USER_PASSWORD", "Pp-Browser-Tier-3!")
"""Every user the harness logs in as gets this password (set inside the site by ``role_users``)."""
SCREENSHOTS = Path(os.environ.get("PP_SCREENSHOTS") or REPO / "docs" / "screenshots")
VIEWPORT = {"width": 1366, "height": 860}
TIMEOUT_MS = int(os.environ.get("PP_BROWSER_TIMEOUT_MS", "30000"))
ROLES = (
	"Party Member",
	"Department Head",
	"Party Recorder",
	"Branch Secretary",
	"Party Committee",
	"Party Points Manager",
)
MODULE = "Party Points"
WORKSPACE = "party-points"
PORTAL_HOME = "/points"
"""The members' own page, where a role without desk access (a plain Party Member) works."""
IGNORED_URL_PARTS = ("/socket.io/",)
"""bench serve runs no socket.io server: the desk's polling for it gets 404s, which are not the app's."""
IGNORED_PAGE_ERRORS = (
	(
		"Filter missing",
		"Frappe's query report throws this string (uncaught) whenever it refreshes while a required filter "
		"is empty, which every report with required filters does as it opens; the user sees 'Please set "
		"filters'.",
	),
	(
		"Failed to execute 'removeChild' on 'Node'",
		"frappe-charts (makeChartArea) redrawing a chart whose SVG the workspace already replaced, when the "
		"workspace renders its chart widgets twice as it loads; a race inside Frappe, seen now and then, "
		"that changes nothing on screen.",
	),
)
"""Uncaught errors of Frappe itself, never of the app: (the start of the message, why it is not a failure).
Only an error whose whole stack is in Frappe's own bundles is let through."""


HARNESS_TESTS = ("test_crawl.py", "test_scripts.py")
"""The harness's own tests; every other test_*.py beside them is a feature script (see test_scripts.py)."""


def is_script(path) -> bool:
	path = Path(path)
	return (
		path.parent.resolve() == HERE
		and path.name.startswith("test_")
		and path.suffix == ".py"
		and path.name not in HARNESS_TESTS
	)


def scripts() -> list[str]:
	return sorted(p.stem for p in HERE.glob("test_*.py") if is_script(p))


# ------------------------------------------------------------------------------------------ the site


def bench_python() -> Path:
	return BENCH / "env" / "bin" / "python"


def in_site(site: str, task: str, args: dict | None = None, timeout: int = 1800) -> object:
	"""Run ``task`` (a function named in TASKS below) inside ``site``; returns its JSON result."""
	command = [str(bench_python()), str(Path(__file__).resolve()), "--in-site", site, task]
	if args is not None:
		command.append(json.dumps(args))
	out = subprocess.run(
		command, cwd=BENCH / "sites", capture_output=True, text=True, timeout=timeout, check=False
	)
	if out.returncode:
		raise RuntimeError(f"{task} in {site} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
	lines = [line for line in out.stdout.splitlines() if line.strip()]
	return json.loads(lines[-1]) if lines else None


def bench(*args: str, timeout: int = 1800, check: bool = True) -> subprocess.CompletedProcess:
	out = subprocess.run(
		["bench", *args], cwd=BENCH, capture_output=True, text=True, timeout=timeout, check=False
	)
	if check and out.returncode:
		raise RuntimeError(f"bench {' '.join(args)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
	return out


def has_demo_command() -> bool:
	"""Whether the app ships ``bench --site S party-points make-demo`` (party_points/commands.py)."""
	commands = REPO / "party_points" / "commands.py"
	return commands.exists() and "make-demo" in commands.read_text(encoding="utf-8")


def db_root() -> tuple[str, str]:
	config = json.loads((BENCH / "sites" / "common_site_config.json").read_text())
	user = os.environ.get("PARTY_POINTS_DB_ROOT_USER") or config.get("root_login") or "root"
	password = os.environ.get("PARTY_POINTS_DB_ROOT_PASSWORD") or config.get("root_password") or ""
	return user, password


def new_site(site: str) -> str:
	"""A throwaway site with the app installed, ready for the desk, and the demo (or the fixture) on it."""
	user, password = db_root()
	bench(
		"new-site",
		site,
		"--admin-password",
		ADMIN_PASSWORD,
		"--db-root-username",
		user,
		"--db-root-password",
		password,
		"--install-app",
		"party_points",
	)
	return populate(site)


def populate(site: str) -> str:
	"""Create the demo organisation (or the test fixture) and mark the setup wizard done; says which."""
	# The setup wizard is marked done afterwards: once it is, Frappe makes the first System User it sees
	# a System Manager, and a role user who is one would see everything.
	in_site(site, "prepare", {"complete": False})
	made = "fixture"
	if has_demo_command():
		out = bench("--site", site, "party-points", "make-demo", timeout=3600, check=False)
		if out.returncode == 0:
			made = "demo"
		else:  # the tier still runs, on the fixture; test_crawl.py fails on this
			last = [line for line in (out.stdout + out.stderr).splitlines() if line.strip()][-1:]
			made = f"fixture (make-demo failed: {last[0][:300] if last else out.returncode})"
	if made != "demo":
		in_site(site, "fixture")
	in_site(site, "prepare", {"complete": True})
	return made


def drop_site(site: str) -> None:
	user, password = db_root()
	bench(
		"drop-site",
		site,
		"--force",
		"--no-backup",
		"--db-root-username",
		user,
		"--db-root-password",
		password,
		check=False,
	)


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class Server:
	"""``bench --site S serve --port P`` in its own process group, stopped with ``stop()``."""

	def __init__(self, site: str, port: int | None = None, log: Path | None = None) -> None:
		self.site, self.port = site, port or free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		self.log = log or Path(os.environ.get("TMPDIR", "/tmp")) / f"pp-serve-{self.port}.log"
		self.process: subprocess.Popen | None = None

	def start(self, wait_s: float = 120) -> Server:
		with open(self.log, "wb") as log:
			self.process = subprocess.Popen(
				["bench", "--site", self.site, "serve", "--port", str(self.port), "--noreload"],
				cwd=BENCH,
				stdout=log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
			)
		deadline = time.monotonic() + wait_s
		while time.monotonic() < deadline:
			if self.process.poll() is not None:
				raise RuntimeError(f"bench serve exited: {self.log.read_text()[-2000:]}")
			try:
				urllib.request.urlopen(f"{self.url}/api/method/ping", timeout=3)
				return self
			except OSError:
				time.sleep(0.5)
		self.stop()
		raise RuntimeError(f"bench serve did not answer on {self.url}")

	def stop(self) -> None:
		if self.process and self.process.poll() is None:
			try:
				os.killpg(self.process.pid, 15)
				self.process.wait(timeout=20)
			except (ProcessLookupError, subprocess.TimeoutExpired):
				try:
					os.killpg(self.process.pid, 9)
				except ProcessLookupError:
					pass
		self.process = None


# ---------------------------------------------------------------------------------------- the watch


class Watch:
	"""What went wrong on a page: console errors, page errors and failed requests of the app.

	``take()`` returns (and forgets) what it collected since the last ``take()``; ``problems`` is
	everything. Declare a request a test provokes on purpose with ``expect(url_part, status)`` (for the
	rest of the page's life) or ``with watch.expecting(url_part, status): ...``.
	"""

	def __init__(self, page, base_url: str, label: str = "") -> None:
		self.page, self.label = page, label
		self.origin = urlsplit(base_url).netloc
		self.expected: list[tuple[str, int | None]] = []
		self.problems: list[str] = []
		self._new: list[str] = []
		self._responses: list = []
		page.on("console", self._console)
		page.on("pageerror", self._page_error)
		page.on("response", self._response)
		page.on("requestfailed", self._request_failed)

	def expect(self, url_part: str, status: int | None = None) -> None:
		self.expected.append((url_part, status))

	@contextmanager
	def expecting(self, url_part: str, status: int | None = None):
		self.expected.append((url_part, status))
		try:
			yield self
		finally:
			self.page.wait_for_timeout(200)
			self.expected.remove((url_part, status))

	def _add(self, text: str) -> None:
		self.problems.append(text)
		self._new.append(text)

	def _ignored(self, url: str, status: int | None = None) -> bool:
		if any(part in url for part in IGNORED_URL_PARTS):
			return True
		return any(part in url and (want is None or want == status) for part, want in self.expected)

	def _console(self, message) -> None:
		if message.type != "error":
			return
		text = message.text
		url = (message.location or {}).get("url", "")
		# A failed request logs "Failed to load resource"; the response handler reports the app's.
		if text.startswith("Failed to load resource") or self._ignored(url) or "socket.io" in text:
			return
		where = f" ({url}:{(message.location or {}).get('lineNumber')})" if url else ""
		self._add(f"console error: {text}{where}")

	def _page_error(self, error) -> None:
		message, stack = str(error).strip(), getattr(error, "stack", "") or ""
		frames = re.findall(r"\((https?://[^)]+)\)|at (https?://\S+)", stack)
		only_frappe = all("/assets/frappe/" in (a or b) for a, b in frames)
		if only_frappe and any(message.startswith(known) for known, _ in IGNORED_PAGE_ERRORS):
			return
		stack = (getattr(error, "stack", "") or "").splitlines()[1:3]
		self._add(f"page error: {error}" + (f" [{' | '.join(s.strip() for s in stack)}]" if stack else ""))

	def _response(self, response) -> None:
		if response.status < 400 or urlsplit(response.url).netloc != self.origin:
			return
		if self._ignored(response.url, response.status):
			return
		self._responses.append(response)
		self._add(f"request failed: {response.status} {response.request.method} {response.url}")

	def _request_failed(self, request) -> None:
		failure = request.failure or ""
		if urlsplit(request.url).netloc != self.origin or self._ignored(request.url):
			return
		if "ERR_ABORTED" in failure:  # a navigation cancelled what the previous page still loaded
			return
		self._add(f"request failed: {failure} {request.method} {request.url}")

	def take(self) -> list[str]:
		"""The problems since the last call, each failed request with the server's message."""
		new, self._new = self._new, []
		responses, self._responses = self._responses, []
		details = {}
		for response in responses:
			try:
				details[response.url] = server_message(response.text())
			except Exception:
				pass
		out = []
		for problem in new:
			url = problem.rsplit(" ", 1)[-1]
			message = details.get(url)
			out.append(f"{problem}: {message}" if message else problem)
		return out


def server_message(body: str) -> str:
	"""The exception type and messages of a Frappe error response, on one line."""
	try:
		data = json.loads(body)
	except ValueError:
		return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))[:300].strip()
	parts = []
	if data.get("exc_type"):
		parts.append(data["exc_type"])
	for raw in json.loads(data.get("_server_messages") or "[]"):
		try:
			message = json.loads(raw).get("message", raw)
		except (ValueError, AttributeError):
			message = raw
		parts.append(re.sub(r"<[^>]+>", "", str(message)))
	if not parts and data.get("exception"):
		parts.append(str(data["exception"]))
	return " | ".join(parts)[:500]


# -------------------------------------------------------------------------------------- the browser


def launch(playwright):
	"""Debian's Chromium, headless; never a downloaded browser."""
	if not Path(CHROMIUM).exists():
		raise RuntimeError(f"no Chromium at {CHROMIUM}")
	return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_page(browser, base_url: str, lang: str = "en"):
	"""A page in a context of its own (its own cookies), with a Watch as ``page.pp_watch``."""
	context = browser.new_context(
		base_url=base_url, viewport=VIEWPORT, locale="zh-CN" if lang == "zh" else "en-US"
	)
	context.set_default_timeout(TIMEOUT_MS)
	page = context.new_page()
	page.pp_watch = Watch(page, base_url)
	return page


def admin_request(browser, base_url: str):
	"""Administrator's REST session in a browser context of its own (a page keeps its own user)."""
	api = browser.new_context(base_url=base_url).request
	response = api.post("/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD})
	assert response.ok, f"Administrator cannot log in: {response.status}"
	return api


def rest(api, method: str, path: str, data: dict | None = None) -> dict:
	"""A REST call that must succeed; its JSON."""
	response = getattr(api, method)(path, data=data) if data is not None else getattr(api, method)(path)
	assert response.ok, f"{method.upper()} {path}: {response.status} {response.text()[:500]}"
	return response.json()


def log_in(page, base_url: str, user: str, password: str = PASSWORD, path: str | None = "/app") -> None:
	"""Log ``user`` in on ``page`` (POST /api/method/login) and open ``path`` in the desk."""
	response = page.request.post(f"{base_url}/api/method/login", form={"usr": user, "pwd": password})
	assert response.ok, f"{user} cannot log in: {response.status} {response.text()[:300]}"
	if path:
		page.goto(f"{base_url}{path}")
		wait_for_desk(page)


def wait_for_desk(page) -> None:
	page.wait_for_function("() => window.frappe && frappe.boot && frappe.boot.user && frappe.router")
	settle(page)


SETTLED_JS = """() => window.frappe && frappe.request && !frappe.request.ajax_count
	&& !(frappe.dom && frappe.dom.freeze_count) && document.readyState === 'complete'"""


def settle(page, quiet_ms: int = 400, timeout_ms: int = TIMEOUT_MS) -> bool:
	"""Wait until the desk has no request in flight for ``quiet_ms`` (a debounced refresh starts late)."""
	deadline = time.monotonic() + timeout_ms / 1000
	while time.monotonic() < deadline:
		try:
			page.wait_for_function(SETTLED_JS, timeout=max(1000, int((deadline - time.monotonic()) * 1000)))
		except Exception:
			return False
		page.wait_for_timeout(quiet_ms)
		if page.evaluate(SETTLED_JS):
			return True
	return False


def open_route(page, route: list[str], ready_js: str, route_options: dict | None = None) -> bool:
	"""Go to a desk route in the page (``frappe.set_route``, as a click would) and wait until
	``ready_js`` (a JS expression) holds and the page is quiet. False when it never got there."""
	page.evaluate(
		"""([route, options]) => {
			document.querySelectorAll('.modal.show').forEach((m) => $(m).modal('hide'));
			if (options) frappe.route_options = options;
			frappe.set_route(...route);
		}""",
		[route, route_options],
	)
	try:
		page.wait_for_function(f"() => {{ try {{ return !!({ready_js}); }} catch (e) {{ return false; }} }}")
	except Exception:
		return False
	return settle(page)


CHARTS_DRAWN = """() => {
	const loading = __("Loading...");
	return [...document.querySelectorAll(".widget.dashboard-widget-box")].every((w) => {
		const svg = w.querySelector("svg");
		if (svg && svg.getBoundingClientRect().width > 0) return true;
		return [...w.querySelectorAll(".chart-loading-state")].some(
			(e) => e.offsetParent !== null && e.textContent.trim() !== loading
		);
	});
}"""


def wait_for_charts(page) -> bool:
	"""Until every chart of the page has drawn (or said it has no data) and its animation ended: a chart
	still drawing when a test moves on draws into a hidden page, which logs SVG errors."""
	try:
		page.wait_for_function(CHARTS_DRAWN)
	except Exception:
		return False
	page.wait_for_timeout(1200)
	return settle(page)


def page_lang(page) -> str:
	try:
		return page.evaluate("() => (window.frappe && frappe.boot && frappe.boot.lang) || 'en'") or "en"
	except Exception:
		return "en"


def shot(page, name: str, full_page: bool = False, lang: str | None = None) -> Path:
	"""Save a screenshot as docs/screenshots/<name>-<lang>.png (PP_SCREENSHOTS moves the folder); the
	language is the logged-in user's. The PNG is reduced to a 256-colour palette to stay small."""
	lang = lang or page_lang(page)
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	path = SCREENSHOTS / f"{name}-{lang}.png"
	page.screenshot(path=str(path), full_page=full_page)
	shrink(path)
	return path


def shrink(path: Path) -> None:
	try:
		from PIL import Image
	except ImportError:
		return
	with Image.open(path) as image:
		small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
	small.save(path, optimize=True)


def copy_shot(source: Path, name: str, lang: str) -> Path | None:
	"""Bring a screenshot another script saved into docs/screenshots under the harness's naming."""
	if not source.exists():
		return None
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	target = SCREENSHOTS / f"{name}-{lang}.png"
	shutil.copyfile(source, target)
	shrink(target)
	return target


def visible_dialogs(page) -> list[str]:
	"""The text of every dialog on screen (a server message, a permission error)."""
	return page.evaluate(
		"""() => [...document.querySelectorAll('.modal.show .modal-content')]
			.map((m) => m.innerText.replace(/\\s+/g, ' ').trim()).filter(Boolean)"""
	)


# ------------------------------------------------------------------------------ inside the site


def task_prepare(args):
	"""What the setup wizard leaves on a site (a time zone, a country, the language) and, with
	``complete``, the wizard counted as done, which the desk needs before it opens for anyone."""
	import frappe

	values = {
		"language": "en",
		"time_zone": frappe.db.get_single_value("System Settings", "time_zone") or "Asia/Shanghai",
		"country": frappe.db.get_single_value("System Settings", "country") or "China",
	}
	if args.get("complete", True):
		values["setup_complete"] = 1
		ensure_system_manager()
	frappe.db.set_single_value("System Settings", values)
	frappe.db.set_default("desktop:home_page", "workspace")
	frappe.db.commit()
	return values


def ensure_system_manager() -> None:
	"""An IT administrator with System Manager, as the setup wizard leaves one. Without one, Frappe makes
	the next System User that is saved (a role user whose language the harness sets, a user a script
	creates) a System Manager, who then sees everything."""
	import frappe

	others = frappe.get_all(
		"Has Role",
		filters={"role": "System Manager", "parenttype": "User", "parent": ("not in", ("Administrator",))},
		pluck="parent",
	)
	if others:
		return
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": "it.admin@pp-browser.invalid",
			"first_name": "IT Administrator",
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": "System Manager"}],
		}
	)
	user.insert(ignore_permissions=True, ignore_if_duplicate=True)


def task_fixture(_args):
	"""The fallback organisation when the app has no demo command: party_points.testing's, with the
	year's periods, a ledger entry per member and their scores."""
	import frappe

	from party_points import testing

	frappe.flags.mute_emails = True
	if frappe.db.exists("Party Organization", testing.PREFIX + "Committee"):
		return {"made": False}
	ensure_system_manager()  # before any user of the fixture, so that none becomes the System Manager
	frappe.flags.in_test = True  # its outgoing email account is not checked against an SMTP server
	o = testing.build_organisation()
	frappe.flags.in_test = False
	testing.make_periods(testing.YEAR)
	for member in (o.member_a, o.member_a2, o.member_b):
		frappe.get_doc(
			{
				"doctype": "Points Ledger Entry",
				"member": member,
				"assessment_period": o.period,
				"scoring_item": "SE-04",
				"points": 2,
			}
		).insert(ignore_permissions=True)
	from party_points.scores import rebuild_period

	frappe.db.commit()
	rebuild_period(o.period)
	frappe.db.commit()
	return {"made": True}


def task_role_users(_args):
	"""One user per role of the app, the most telling one, with PASSWORD set: a member with the most
	scores; the secretary and recorder of the branch with the most scores (then members); a committee
	member; a department head and a Points Manager. Users with System Manager are left out (they would
	see everything)."""
	import frappe
	from frappe.utils.password import update_password

	roles: dict[str, set] = {}
	for row in frappe.get_all(
		"Has Role", filters={"parenttype": "User"}, fields=["parent", "role"], limit_page_length=0
	):
		roles.setdefault(row.parent, set()).add(row.role)
	enabled = set(
		frappe.get_all("User", filters={"enabled": 1, "user_type": "System User"}, pluck="name")
	) - {"Administrator", "Guest"}
	usable = {u for u in enabled if "System Manager" not in roles.get(u, set())}
	# A role without desk access (Party Member, once members use only their page /points): its user is a
	# Website User whose only app role is that one.
	portal_roles = set(
		frappe.get_all("Role", filters={"name": ("in", ROLES), "desk_access": 0}, pluck="name")
	)
	website_users = set(
		frappe.get_all("User", filters={"enabled": 1, "user_type": "Website User"}, pluck="name")
	) - {"Guest"}

	def app_roles(user):
		return roles.get(user, set()) & set(ROLES)

	members_per_branch = {
		row.party_branch: row.n
		for row in frappe.get_all(
			"Party Member",
			filters={"status": "Active"},
			fields=["party_branch", "count(name) as n"],
			group_by="party_branch",
		)
	}
	branches = frappe.get_all(
		"Party Organization",
		filters={"organization_type": "Party Branch"},
		fields=["name", "secretary", "recorder"],
	)
	scores_per_branch = {
		row.party_branch: row.n
		for row in frappe.get_all(
			"Member Score", fields=["party_branch", "count(name) as n"], group_by="party_branch"
		)
	}
	branches.sort(
		key=lambda b: (-(scores_per_branch.get(b.name) or 0), -(members_per_branch.get(b.name) or 0), b.name)
	)
	chosen: dict[str, str] = {}

	for field, role in (("secretary", "Branch Secretary"), ("recorder", "Party Recorder")):
		for branch in branches:
			if branch[field] in usable and role in app_roles(branch[field]):
				chosen[role] = branch[field]
				break

	scores = {
		row.member: row.n
		for row in frappe.get_all(
			"Member Score", fields=["member", "count(name) as n"], group_by="member", limit_page_length=0
		)
	}
	members = frappe.get_all(
		"Party Member",
		filters={"status": "Active", "user": ("is", "set")},
		fields=["name", "user", "party_branch"],
		limit_page_length=0,
	)
	members.sort(
		key=lambda m: (
			app_roles(m.user) != {"Party Member"},  # a plain member first
			-(scores.get(m.name) or 0),
			-(members_per_branch.get(m.party_branch) or 0),
			m.name,
		)
	)
	member_logins = website_users if "Party Member" in portal_roles else usable
	for member in members:
		if member.user in member_logins and "Party Member" in app_roles(member.user):
			chosen["Party Member"] = member.user
			break

	committee_members = set(
		frappe.get_all(
			"Party Organization Officer",
			filters={"parenttype": "Party Organization", "parentfield": "committee_members"},
			pluck="user",
		)
	)
	for role in ("Party Committee", "Department Head", "Party Points Manager"):
		candidates = sorted(
			(u for u in usable if role in app_roles(u)),
			key=lambda u: (
				role == "Party Committee" and u not in committee_members,
				len(app_roles(u)),  # the fewest other roles: the role itself shows
				u,
			),
		)
		if candidates:
			chosen[role] = candidates[0]

	for user in set(chosen.values()):
		update_password(user, PASSWORD)
	frappe.db.commit()
	return {
		"users": chosen,
		"roles": {u: sorted(app_roles(u)) for u in set(chosen.values())},
		"missing": [r for r in ROLES if r not in chosen],
		"portal_roles": sorted(portal_roles),
	}


def task_app_meta(_args):
	"""The app's DocTypes, reports, pages and print formats (module "Party Points")."""
	import frappe

	doctypes = frappe.get_all(
		"DocType",
		filters={"module": MODULE},
		fields=["name", "istable", "issingle", "is_tree", "is_submittable", "in_create", "read_only"],
		order_by="name asc",
	)
	reports = frappe.get_all(
		"Report",
		filters={"module": MODULE, "disabled": 0},
		fields=["name", "report_type", "ref_doctype"],
		order_by="name asc",
	)
	pages = frappe.get_all("Page", filters={"module": MODULE}, fields=["name", "title"], order_by="name")
	print_formats = frappe.get_all(
		"Print Format",
		filters={"module": MODULE, "disabled": 0},
		fields=["name", "doc_type"],
		order_by="name",
	)
	workspaces = frappe.get_all("Workspace", filters={"module": MODULE}, pluck="name")
	return {
		"doctypes": doctypes,
		"reports": reports,
		"pages": pages,
		"print_formats": print_formats,
		"workspaces": workspaces,
	}


def task_set_language(args):
	import frappe

	frappe.db.set_value("User", args["user"], "language", args["lang"])
	frappe.db.commit()
	frappe.clear_cache(user=args["user"])
	return {"ok": True}


TASKS = {
	"prepare": task_prepare,
	"fixture": task_fixture,
	"role_users": task_role_users,
	"app_meta": task_app_meta,
	"set_language": task_set_language,
}


def main(argv: list[str]) -> int:
	if len(argv) == 2 and argv[0] == "--populate":  # .ci/run: the demo (or the fixture) on a new site
		print(populate(argv[1]))
		return 0
	if len(argv) >= 3 and argv[0] == "--in-site":
		site, task = argv[1], argv[2]
		args = json.loads(argv[3]) if len(argv) > 3 else {}
		import frappe

		frappe.init(site=site, sites_path=".")
		frappe.connect()
		try:
			result = TASKS[task](args)
		finally:
			frappe.destroy()
		print(json.dumps(result, default=str))
		return 0
	print(__doc__)
	return 2


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
