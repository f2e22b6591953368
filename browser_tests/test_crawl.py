"""Every page of the app as every role, in English and in Chinese.

For each role (Party Member, Department Head, Party Recorder, Branch Secretary, Party Committee, Party
Points Manager: the demo's users, or the fixture's), logged in, in the desk as a user clicks through it:
the Party Points workspace; then, for every DocType of the app the role may read (``frappe.boot.user``),
its list (and tree), a new form when the role may create one, and the form of the list's first record;
every report of the app the role may run (``frappe.boot.user.all_reports``), with its required filters
filled as a user would pick them (a branch, a period, a member, the year) and once more with a period
when the period is optional; the app's pages; and the app's print formats of the records it opened.

It fails on any JavaScript console error, page error or failed request of the app (bench serve's socket.io
404s aside), and on a page that never finishes loading. In Chinese it also fails when a page shows an
English string of the app: a source string of party_points/translations/zh.csv with a different Chinese
translation and of more than one word (a fragment of three words or more between placeholders), visible
verbatim in ``document.body.innerText``. ALLOWED_ENGLISH lists the exceptions, each with its reason.

Each run writes what it saw, page by page, to ``$PP_BROWSER_FINDINGS`` (default
/tmp/pp-browser-findings.json). (The README's screenshots are taken by test_scripts.py, after the scripts.)
"""

from __future__ import annotations

import csv
import json
import os
import re
import time
from functools import cache
from pathlib import Path

import harness
import pytest

LANGS = ("en", "zh")
FINDINGS = Path(os.environ.get("PP_BROWSER_FINDINGS", "/tmp/pp-browser-findings.json"))
ZH_CSV = harness.REPO / "party_points" / "translations" / "zh.csv"


def scheme_data() -> str:
	"""A regex of the default scheme's own texts (its title and every label), as the install wrote them."""
	from party_points.scoring import default_scheme

	scheme = default_scheme()
	texts = {scheme.title}
	for group in (
		scheme.parts,
		scheme.dimensions,
		scheme.items,
		scheme.reward_types,
		scheme.evaluation_rounds,
	):
		texts |= {x.label for x in group}
	texts |= {a.activity_type for a in scheme.activity_rules}
	return "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True) if t)


ALLOWED_ENGLISH: list[tuple[str, str, str]] = [
	# (a regex of the English text, a regex of the visit keys where it is allowed, the reason)
	(
		scheme_data(),
		r"^form:Points Scheme$",
		"the Points Scheme form is where a company edits its scheme: the title and labels there are the "
		"scheme's own data, shown as stored (elsewhere they must show in the reader's language)",
	),
]
"""English the zh pass accepts, each with its reason."""

IGNORED_LINES: list[tuple[str, str]] = [
	(
		r"changed the value of|changed the values for|更改了|的值从",
		"Frappe's version timeline prints the stored values of a change as they are (a stage 'Under "
		"Review', a status 'Open'): those are the semantic values the rules read, not labels",
	),
]
"""Lines of a page the zh pass does not read, each with its reason."""


# ------------------------------------------------------------------------------ English of the app


@cache
def english_strings() -> tuple[str, ...]:
	"""The app's English that a zh page must not show: longest first."""
	found = set()
	with open(ZH_CSV, encoding="utf-8", newline="") as f:
		for row in csv.reader(f):
			if len(row) < 2 or row[0].strip() == row[1].strip():
				continue
			source = re.sub(r"<[^>]+>", " ", row[0])
			parts = re.split(r"\{\w*\}", source)
			for part in parts:
				part = re.sub(r"\s+", " ", part).strip(" .,:;!?")
				words = part.split(" ")
				if not re.search(r"[A-Za-z]{2}", part):
					continue
				if len(words) >= (2 if len(parts) == 1 else 3):
					found.add(part)
	return tuple(sorted(found, key=lambda s: (-len(s), s)))


@cache
def pattern(text: str) -> re.Pattern:
	return re.compile(r"(?<![A-Za-z])" + re.escape(text) + r"(?![A-Za-z])")


def english_left(text: str, key: str) -> list[str]:
	"""The app's English strings visible in ``text`` (none inside a longer one found), minus exceptions."""
	text = "\n".join(
		line for line in text.splitlines() if not any(re.search(r, line) for r, _ in IGNORED_LINES)
	)
	hits: list[str] = []
	for source in english_strings():
		if source in text and pattern(source).search(text) and not any(source in h for h in hits):
			hits.append(source)
	return [
		h
		for h in hits
		if not any(re.fullmatch(what, h) and re.search(where, key) for what, where, _ in ALLOWED_ENGLISH)
	]


def test_the_site_has_the_demo():
	"""When the app has the demo command, the site was made with it (PP_POPULATED says how it was made)."""
	made = os.environ.get("PP_POPULATED", "")
	if not harness.has_demo_command():
		pytest.skip("the app has no make-demo command yet: the crawl ran on party_points.testing's fixture")
	if not made:
		pytest.skip("a site given with --site: how it was filled is not known")
	assert made == "demo", made


def test_the_english_check_knows_the_app():
	strings = english_strings()
	assert "Member Score" in strings and "Quarterly Public Notice" in strings
	assert "Study & Education" in strings
	assert english_left("学习教育 Study & Education 合计", "form:Member Score") == ["Study & Education"]
	assert english_left("积分 Member Scores", "list:Member Score") == []  # a longer word is not it
	assert english_left("SE-04 张伟", "form:Member Score") == []
	assert english_left("张伟 changed the value of 阶段 from Under Review to Public Notice", "form:x") == []


# ------------------------------------------------------------------------------------ the visits


def boot_access(page) -> dict:
	return page.evaluate(
		"""() => ({
			user: frappe.session.user,
			lang: frappe.boot.lang,
			can_read: frappe.boot.user.can_read || [],
			all_read: frappe.boot.user.all_read || [],
			can_create: frappe.boot.user.can_create || [],
			can_print: frappe.boot.user.can_print || [],
			reports: Object.keys(frappe.boot.user.all_reports || {}),
			pages: Object.keys(frappe.boot.page_info || {}),
		})"""
	)


def js(value) -> str:
	return json.dumps(value, ensure_ascii=False)


def list_ready(doctype: str) -> str:
	return (
		f"frappe.get_route()[0] === 'List' && window.cur_list && cur_list.doctype === {js(doctype)}"
		" && cur_list.$result && !cur_list.$page.is(':hidden')"
	)


def form_ready(doctype: str, name: str | None) -> str:
	check = "cur_frm.is_new()" if name is None else f"cur_frm.docname === {js(name)}"
	return (
		f"frappe.get_route()[0] === 'Form' && window.cur_frm && cur_frm.doctype === {js(doctype)}"
		f" && {check} && cur_frm.doc && !cur_frm.page.wrapper.is(':hidden')"
	)


def report_ready(name: str) -> str:
	return (
		"frappe.get_route()[0] === 'query-report' && frappe.query_report"
		f" && frappe.query_report.report_name === {js(name)} && frappe.query_report.filters"
	)


FILL_REPORT_FILTERS = """async ([period_too]) => {
	const qr = frappe.query_report;
	const first = async (doctype, filters) => {
		const r = await frappe.call({
			method: "frappe.desk.search.search_link",
			args: {doctype, txt: "", filters: JSON.stringify(filters || {}), page_length: 1},
			type: "GET",
		});
		const rows = r.message || r.results || [];
		return rows.length ? rows[0].value : null;
	};
	const period = async () => {
		// the quarter on notice, else the latest that went furthest, else any
		for (const stage of ["Public Notice", "Filed", "Verified", "Under Review", "Applications Closed"]) {
			const found = await first("Assessment Period", {stage});
			if (found) return found;
		}
		return await first("Assessment Period", {});
	};
	const set = {};
	for (const f of qr.filters) {
		const df = f.df;
		const wanted = df.reqd || (period_too && df.options === "Assessment Period");
		if (!wanted || f.get_value()) continue;
		let v = null;
		if (df.fieldtype === "Link" && df.options === "Party Organization")
			v = await first("Party Organization", {organization_type: "Party Branch"});
		else if (df.fieldtype === "Link" && df.options === "Assessment Period") v = await period();
		else if (df.fieldtype === "Link") v = await first(df.options, {});
		else if (["Int", "Data"].includes(df.fieldtype) && /year/.test(df.fieldname))
			v = new Date().getFullYear();
		else if (df.fieldtype === "Select") v = (df.options || "").split("\\n").filter(Boolean)[0] || null;
		else if (df.fieldtype === "Date") v = frappe.datetime.get_today();
		if (v !== null && v !== undefined) set[df.fieldname] = v;
	}
	// all at once, one refresh (one by one, each refresh would find the next one missing)
	if (Object.keys(set).length) {
		try {
			await qr.set_filter_value(set);
		} catch (e) {
			if (e !== "Filter missing") throw e;
		}
	}
	return set;
}"""


class Crawl:
	def __init__(self, page, role: str, lang: str, meta: dict) -> None:
		self.page, self.role, self.lang, self.meta = page, role, lang, meta
		self.watch = page.pp_watch
		self.visits: list[dict] = []
		self.records: dict[str, str] = {}

	def visit(self, key: str, open_it) -> dict:
		started = time.monotonic()
		visit = {"key": key, "problems": [], "notes": []}
		try:
			extra = open_it()
			if extra is False:
				visit["problems"].append("did not finish loading")
			elif isinstance(extra, dict):
				visit.update(extra)
		except Exception as error:
			visit["problems"].append(f"could not open: {str(error).splitlines()[0][:300]}")
		visit["url"] = self.page.url
		visit["seconds"] = round(time.monotonic() - started, 2)
		visit["problems"] += self.watch.take()
		try:
			visit["notes"] += [f"dialog: {d[:300]}" for d in harness.visible_dialogs(self.page)]
			if self.lang == "zh":
				text = self.page.evaluate("() => document.body.innerText")
				left = english_left(text, key)
				if left:
					visit["problems"].append(f"English on a zh page: {left}")
		except Exception as error:
			visit["problems"].append(f"could not read the page: {str(error).splitlines()[0][:200]}")
		self.visits.append(visit)
		return visit

	def route(self, route: list[str], ready: str, options: dict | None = None):
		return harness.open_route(self.page, route, ready, options)

	def run(self) -> list[dict]:
		page = self.page
		self.visit("workspace", self.open_workspace)
		access = boot_access(page)
		readable = set(access["can_read"]) | set(access["all_read"])
		doctypes = [d for d in self.meta["doctypes"] if not d["istable"] and d["name"] in readable]
		for d in doctypes:
			name = d["name"]
			if d["issingle"]:
				self.visit(f"form:{name}", lambda n=name: self.route(["Form", n, n], form_ready(n, n)))
				continue
			self.visit(f"list:{name}", lambda n=name: self.route(["List", n, "List"], list_ready(n)))
			first = page.evaluate("() => (window.cur_list && cur_list.data && cur_list.data[0] || {}).name")
			if d["is_tree"]:
				self.visit(
					f"tree:{name}",
					lambda n=name: self.route(
						["Tree", n], "frappe.get_route()[0] === 'Tree' && $('.tree:visible').length"
					),
				)
			if name in access["can_create"]:
				self.visit(f"new:{name}", lambda n=name: self.route(["Form", n, "new"], form_ready(n, None)))
			if first:
				self.records[name] = first
				self.visit(
					f"form:{name}", lambda n=name, r=first: self.route(["Form", n, r], form_ready(n, r))
				)
			else:
				self.visits.append(
					{"key": f"form:{name}", "notes": ["no record in the list"], "problems": []}
				)
		for report in self.meta["reports"]:
			name = report["name"]
			if name not in access["reports"]:
				continue
			self.visit(f"report:{name}", lambda n=name: self.open_report(n, period_too=False))
			has_optional_period = page.evaluate(
				"""() => (frappe.query_report && frappe.query_report.filters || []).some(
					(f) => f.df.options === 'Assessment Period' && !f.df.reqd && !f.get_value())"""
			)
			if has_optional_period:
				self.visit(f"report:{name}:period", lambda n=name: self.fill_filters(n, period_too=True))
		for p in self.meta["pages"]:
			if p["name"] in access["pages"]:
				self.visit(
					f"page:{p['name']}",
					lambda n=p["name"]: self.route([n], f"frappe.get_route()[0] === {js(n)}"),
				)
		for pf in self.meta["print_formats"]:
			record = self.records.get(pf["doc_type"])
			if record and pf["doc_type"] in access["can_print"]:
				self.visit(f"print:{pf['name']}", lambda pf=pf, r=record: self.open_print(pf, r))
		return self.visits

	def run_portal(self) -> list[dict]:
		"""A role without desk access: the desk refuses it cleanly (no desk is drawn, no error of the app), and
		the members' page works."""
		for path in ("/app", f"/app/{harness.WORKSPACE}", "/app/member-score"):
			self.visit(f"refused:{path}", lambda p=path: self.open_refused(p))
		self.visit(f"portal:{harness.PORTAL_HOME}", self.open_portal)
		return self.visits

	def open_refused(self, path: str):
		with self.watch.expecting(path, 403):
			response = self.page.goto(path)
			self.page.wait_for_load_state("networkidle")
		status = response.status if response else None
		desk = self.page.evaluate(
			"() => !!(window.frappe && frappe.boot && frappe.boot.user && frappe.router)"
		)
		where = self.page.url
		refused = status == 403 or "/login" in where or where.rstrip("/").endswith(harness.PORTAL_HOME)
		problems = [] if refused and not desk else [f"the desk opened ({status}, {where})"]
		return {"status": status, "problems": problems}

	def open_portal(self):
		response = self.page.goto(harness.PORTAL_HOME)
		self.page.wait_for_load_state("networkidle")
		status = response.status if response else None
		problems = [] if status == 200 else [f"the members' page answered {status}"]
		if "/login" in self.page.url:
			problems.append("the members' page sent the member to log in")
		return {"status": status, "problems": problems}

	def open_workspace(self):
		"""The workspace, until every chart has drawn (or said it has no data) and its animation ended: a
		chart still drawing when the crawl moves on draws into a hidden page, which logs SVG errors."""
		if not self.route([harness.WORKSPACE], "frappe.get_route()[0] === 'Workspaces'"):
			return False
		return harness.wait_for_charts(self.page)

	def open_report(self, name: str, period_too: bool):
		if not self.route(["query-report", name], report_ready(name)):
			return False
		return self.fill_filters(name, period_too)

	def fill_filters(self, name: str, period_too: bool):
		filled = self.page.evaluate(FILL_REPORT_FILTERS, [period_too])
		if not harness.settle(self.page):
			return False
		rows = self.page.evaluate("() => (frappe.query_report.data || []).length")
		return {"filters": filled, "rows": rows}

	def open_print(self, print_format: dict, record: str):
		from urllib.parse import urlencode

		query = urlencode(
			{
				"doctype": print_format["doc_type"],
				"name": record,
				"format": print_format["name"],
				"no_letterhead": 1,
			}
		)
		response = self.page.goto(f"/printview?{query}")
		self.page.wait_for_load_state("networkidle")
		return {"status": response.status if response else None}


def record(role: str, lang: str, user: str, visits: list[dict]) -> None:
	"""Add this run's visits to the findings file (one entry per role and language)."""
	try:
		data = json.loads(FINDINGS.read_text()) if FINDINGS.exists() else {}
	except ValueError:
		data = {}
	data[f"{role} / {lang}"] = {"user": user, "visits": visits}
	FINDINGS.write_text(json.dumps(data, ensure_ascii=False, indent=1))


CASES = [(lang, role) for lang in LANGS for role in harness.ROLES]


@pytest.mark.parametrize(("lang", "role"), CASES, ids=[f"{lang}-{role}" for lang, role in CASES])
def test_every_page_of_the_app(lang, role, login, app_meta, role_users, portal_roles):
	"""Every page of the app as the role; a role without desk access (a plain Party Member when members use
	only their page) is refused by the desk and uses /points."""
	if role not in role_users:
		pytest.fail(f"no user plays {role} on this site (neither the demo nor the fixture made one)")
	page = login(role, lang)
	crawl = Crawl(page, role, lang, app_meta)
	visits = crawl.run_portal() if role in portal_roles else crawl.run()
	record(role, lang, role_users[role], visits)
	assert len([v for v in visits if "seconds" in v]) > 1, "the role saw nothing of the app"
	bad = [v for v in visits if v["problems"]]
	assert not bad, f"{len(bad)} of {len(visits)} pages of {role} ({role_users[role]}, {lang}) failed:\n" + (
		"\n".join(f"- {v['key']} {v.get('url', '')}\n    " + "\n    ".join(v["problems"]) for v in bad)
	)
