"""The browser scripts of the issue's features, run under the harness's fixtures.

Each script is a file ``test_*.py`` of this folder (but test_crawl.py and this one) with functions that
take a Playwright ``page`` and the base URL (see each file's docstring). They are not collected by pytest
on their own (conftest.py ignores them); here every function becomes one test, in the script's order: its ``TESTS`` list when it has one,
else its ``test_*`` functions in the order they are written. A script's ``setup_data(page, base_url)``
runs once before its first test; a failure there fails each of its tests. Arguments are given by name
when the function asks for them: ``site``, ``lang`` (then it runs in English, then in Chinese), ``shots``
(a folder; the screenshots named in README_SHOTS go on to docs/screenshots).

The page each function gets is watched like every page of the harness: a JavaScript error or a failed
request of the app fails the test, whatever the script itself checks.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import sys
from pathlib import Path

import harness
import pytest

HERE = Path(__file__).resolve().parent
SCRIPTS = harness.scripts()
"""Every test_*.py of this folder but the harness's own (test_crawl.py, this file), by name."""
README_SHOTS = {
	# a script's screenshot file -> (the harness's name, language)
	"sheet_grid_en.png": ("sheet-grid", "en"),
	"sheet_grid_zh.png": ("sheet-grid", "zh"),
}
ARTIFACTS = Path(os.environ.get("PP_BROWSER_ARTIFACTS", "/tmp/pp-browser-artifacts"))
"""The scripts' own screenshots and what their functions return (timings), for a look afterwards."""


def load(name: str):
	path = HERE / f"{name}.py"
	spec = importlib.util.spec_from_file_location(f"pp_browser_{name}", path)
	module = importlib.util.module_from_spec(spec)
	sys.modules[spec.name] = module
	spec.loader.exec_module(module)
	return module


def functions(module) -> list:
	listed = getattr(module, "TESTS", None)
	if listed:
		return list(listed)
	return [
		f
		for n, f in vars(module).items()
		if n.startswith("test_") and inspect.isfunction(f) and f.__module__ == module.__name__
	]


def cases() -> list:
	out = []
	for name in SCRIPTS:
		if not (HERE / f"{name}.py").exists():
			out.append(
				pytest.param(name, None, None, id=f"{name}", marks=pytest.mark.skip(reason="not written yet"))
			)
			continue
		try:
			module = load(name)
		except Exception as error:  # a broken script fails, it does not stop the others
			out.append(pytest.param(name, f"import failed: {error!r}", None, id=f"{name}::import"))
			continue
		found = functions(module)
		if not found:
			out.append(
				pytest.param(name, None, None, id=name, marks=pytest.mark.skip(reason="no test in it yet"))
			)
		for function in found:
			langs = ("en", "zh") if "lang" in inspect.signature(function).parameters else (None,)
			for lang in langs:
				suffix = f"[{lang}]" if lang else ""
				out.append(
					pytest.param(name, function.__name__, lang, id=f"{name}::{function.__name__}{suffix}")
				)
	return out


_setup: dict[str, BaseException | None] = {}


@pytest.mark.parametrize(("script", "function", "lang"), cases())
def test_script(script, function, lang, page, base_url, site, browser):
	if function and function.startswith("import failed"):
		pytest.fail(f"{script}.py: {function}")
	module = sys.modules.get(f"pp_browser_{script}") or load(script)
	shots = ARTIFACTS / script
	shots.mkdir(parents=True, exist_ok=True)
	if hasattr(module, "SHOTS"):
		module.SHOTS = shots
	if script not in _setup:
		_setup[script] = None
		if hasattr(module, "setup_data"):
			setup_page = harness.new_page(browser, base_url)
			try:
				module.setup_data(setup_page, base_url)
			except BaseException as error:
				_setup[script] = error
			finally:
				setup_page.context.close()
	if _setup[script] is not None:
		pytest.fail(f"{script}.setup_data failed: {_setup[script]!r}")
	target = getattr(module, function)
	wanted = inspect.signature(target).parameters
	given = {"site": site, "lang": lang, "shots": shots}
	kwargs = {k: v for k, v in given.items() if k in wanted and v is not None}
	result = target(page, base_url, **kwargs)
	for file, (name, shot_lang) in README_SHOTS.items():
		if (shots / file).exists() and (lang is None or shot_lang == lang):
			harness.copy_shot(shots / file, name, shot_lang)
	if result is not None:
		out = ARTIFACTS / f"{script}.json"
		data = json.loads(out.read_text()) if out.exists() else {}
		data[f"{function}{'[' + lang + ']' if lang else ''}"] = result
		out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str))
		print(json.dumps(result, ensure_ascii=False, default=str))


# ---------------------------------------------------------------------- the README's screenshots

SHOT_ROLE = "Branch Secretary"
PICK = """async ([doctype, filters, order_by]) => {
	const r = await frappe.call({
		method: "frappe.client.get_list",
		args: {doctype, filters: JSON.stringify(filters), fields: JSON.stringify(["name"]), order_by,
			limit_page_length: 1},
		type: "GET",
	});
	return (r.message || [])[0] ? r.message[0].name : null;
}"""
READY_FOR_SHOT = """() => {
	// no passing alert ("not editable due to a Workflow") in the picture, every section open
	document.querySelectorAll("#alert-container .desk-alert").forEach((e) => e.remove());
	if (frappe.get_route()[0] === "Form" && window.cur_frm) {
		for (const section of cur_frm.layout.sections || []) {
			if (section.is_collapsed && section.is_collapsed()) section.collapse(false);
		}
	}
	window.scrollTo(0, 0);
}"""


def take(page, name: str, full_page: bool = False) -> None:
	harness.settle(page)
	page.evaluate(READY_FOR_SHOT)
	page.wait_for_timeout(600)
	harness.shot(page, name, full_page=full_page)


def pick(page, doctype: str, filters: dict | None = None, order_by: str = "modified desc") -> str | None:
	return page.evaluate(PICK, [doctype, filters or {}, order_by])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_readme_screenshots(lang, login):
	"""As the Branch Secretary, in each language, after the scripts ran: the workspace, a Member Score on
	notice with its explanation, the Quarterly Public Notice of that branch and period, and an Annual Rating
	(created for the branch with the list's Create Ratings method when there is none yet)."""
	page = login(SHOT_ROLE, lang)
	harness.wait_for_charts(page)
	take(page, "workspace")

	score = None
	for stage in ("Public Notice", "Filed", "Verified", "Under Review", None):
		score = pick(page, "Member Score", {"stage": stage} if stage else {}, "daily_conduct desc")
		if score:
			break
	assert score, f"{SHOT_ROLE} sees no Member Score"
	assert harness.open_route(
		page, ["Form", "Member Score", score], f"window.cur_frm && cur_frm.docname === {json.dumps(score)}"
	), f"Member Score {score} did not open"
	branch, period = page.evaluate("() => [cur_frm.doc.party_branch, cur_frm.doc.assessment_period]")
	take(page, "member-score", full_page=True)

	assert harness.open_route(
		page,
		["query-report", "Quarterly Public Notice"],
		"frappe.query_report && frappe.query_report.report_name === 'Quarterly Public Notice'",
		{"party_branch": branch, "assessment_period": period},
	), "the Quarterly Public Notice did not open"
	take(page, "public-notice")

	rating = pick(page, "Annual Rating", {"party_branch": branch})
	if not rating:
		year = int(period.split("-")[0])
		page.evaluate(
			"""([branch, year]) => frappe.call({
				method: "party_points.party_points.doctype.annual_rating.annual_rating.create_branch_ratings",
				args: {party_branch: branch, year},
			})""",
			[branch, year],
		)
		rating = pick(page, "Annual Rating", {"party_branch": branch})
	assert rating, f"no Annual Rating for {branch}"
	assert harness.open_route(
		page, ["Form", "Annual Rating", rating], f"window.cur_frm && cur_frm.docname === {json.dumps(rating)}"
	), f"Annual Rating {rating} did not open"
	take(page, "annual-rating", full_page=True)
