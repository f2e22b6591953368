"""Party Points inside ERPNext / HRMS (issue 18), clicked in the desk by the HR officer who keeps the roll.

On a site with ERPNext and HRMS (``.ci/run`` serves its ERPNext + HRMS site for this script alone; on a
plain Frappe site every test here is skipped): an HR officer holding the **Party Points HR** Role Profile
and appointed secretary of a branch selects a department's Employees on the Employee list and creates
their Party Members with **Create Party Members**; **Add from Employees** on the Party Member list then
skips them, saying why; the Employee's form shows the Party Points section to that officer and nothing to
an HR clerk without a party role (also in Chinese); a Quarterly Application's department head comes from
HRMS and the form says so.

Set-up is done through the REST API as Administrator (every name starts with "BT HR"; running it again
reuses what exists).
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote

import harness
import pytest
from playwright.sync_api import APIRequestContext, Page, expect

PASSWORD = "Bt-hr-desk-2026!"
DOMAIN = "bt-hr.invalid"
COMMITTEE, BRANCH = "BT HR Committee", "BT HR Branch"
DEPARTMENT = "BT HR Pipeline"
EMPLOYEES = ("Zhang Wei", "Li Na", "Wang Fang")
BOSS = "Chen Jie"
YEAR = date.today().year
STATE: dict = {}


def user(key: str) -> str:
	return f"bt.hr.{key}@{DOMAIN}"


def api_for(page: Page, base_url: str) -> APIRequestContext:
	return harness.admin_request(page.context.browser, base_url)


rest = harness.rest


def find(api: APIRequestContext, doctype: str, filters: list) -> str | None:
	rows = rest(api, "get", f"/api/resource/{doctype}?filters={quote(json.dumps(filters))}")["data"]
	return rows[0]["name"] if rows else None


def has_erp(api: APIRequestContext) -> bool:
	return api.get("/api/resource/DocType/Employee").ok


def need_erp() -> None:
	if not STATE.get("erp"):
		pytest.skip("ERPNext / HRMS is not installed on this site")


def setup_data(page: Page, base_url: str) -> None:
	api = api_for(page, base_url)
	STATE["erp"] = has_erp(api)
	if not STATE["erp"]:
		api.dispose()
		return
	company = rest(api, "get", "/api/resource/Company?limit=1")["data"][0]["name"]
	users = {
		"officer": ("BT HR Officer", {"role_profile_name": "Party Points HR"}),
		"clerk": ("BT HR Clerk", {"roles": [{"role": "HR User"}]}),
		"boss": ("BT HR Boss", {"roles": [{"role": "Department Head"}]}),
		"committee": ("BT HR Committee Member", {}),
	}
	for key, (full_name, extra) in users.items():
		if not api.get(f"/api/resource/User/{user(key)}").ok:
			first, _, last = full_name.partition(" ")
			rest(
				api,
				"post",
				"/api/resource/User",
				{
					"email": user(key),
					"first_name": first,
					"last_name": last,
					"new_password": PASSWORD,
					"send_welcome_email": 0,
					"user_type": "System User",
					**extra,
				},
			)
	department = (
		find(api, "Department", [["department_name", "=", DEPARTMENT]])
		or rest(
			api,
			"post",
			"/api/resource/Department",
			{"department_name": DEPARTMENT, "company": company, "parent_department": "All Departments"},
		)["data"]["name"]
	)
	STATE["department"] = department

	def employee(name: str, **extra) -> str:
		first, _, last = name.partition(" ")
		found = find(api, "Employee", [["first_name", "=", first], ["last_name", "=", last]])
		return (
			found
			or rest(
				api,
				"post",
				"/api/resource/Employee",
				{
					"first_name": first,
					"last_name": last,
					"gender": "Female",
					"date_of_birth": "1990-01-01",
					"date_of_joining": f"{YEAR - 2}-01-01",
					"company": company,
					"status": "Active",
					**extra,
				},
			)["data"]["name"]
		)

	boss = employee(BOSS, user_id=user("boss"))
	STATE["employees"] = [employee(name, department=department, reports_to=boss) for name in EMPLOYEES]
	for name in STATE["employees"]:  # a rerun on the same site starts from Employees without members
		member = find(api, "Party Member", [["employee", "=", name]])
		if member:
			rest(api, "delete", f"/api/resource/Party Member/{member}")
	if not api.get(f"/api/resource/Party Organization/{COMMITTEE}").ok:
		rest(
			api,
			"post",
			"/api/resource/Party Organization",
			{
				"organization_name": COMMITTEE,
				"organization_type": "Party Committee",
				"committee_members": [{"user": user("committee")}],
			},
		)
	if not api.get(f"/api/resource/Party Organization/{BRANCH}").ok:
		# Appointing the officer secretary gives them the role and a User Permission on this branch.
		rest(
			api,
			"post",
			"/api/resource/Party Organization",
			{
				"organization_name": BRANCH,
				"organization_type": "Party Branch",
				"parent_party_organization": COMMITTEE,
				"secretary": user("officer"),
			},
		)
	api.dispose()


def as_user(page: Page, base_url: str, key: str, lang: str = "en", path: str = "/app") -> Page:
	other = harness.new_page(page.context.browser, base_url, lang)
	api = api_for(page, base_url)
	rest(api, "put", f"/api/resource/User/{user(key)}", {"language": lang})
	api.dispose()
	harness.log_in(other, base_url, user(key), PASSWORD, path)
	return other


def pick_link(dialog, fieldname: str, value: str) -> None:
	"""Type into a Link field of a dialog and pick the value from its dropdown, as a user does."""
	field = dialog.locator(f'[data-fieldname="{fieldname}"] input')
	field.click()
	field.fill(value)
	control = dialog.locator(f'[data-fieldname="{fieldname}"]')
	control.locator('ul[role="listbox"] > *:visible', has_text=value).first.click()
	expect(field).to_have_value(value)


def open_dashboard_tab(page: Page) -> None:
	"""The Employee form's tab that holds its dashboard (Connections), clicked."""
	page.locator(".form-dashboard").wait_for(state="attached")
	tab = page.evaluate("() => document.querySelector('.form-dashboard').closest('.tab-pane')?.id")
	if tab:
		page.locator(f'.form-tabs a[href="#{tab}"]').click()


def no_app_errors(*pages: Page) -> None:
	problems = [p for page in pages for p in page.pp_watch.take()]
	assert problems == [], problems


def test_the_hr_officer_creates_a_departments_members_from_the_employee_list(
	page: Page, base_url: str
) -> None:
	need_erp()
	officer = as_user(
		page, base_url, "officer", path=f"/app/employee?department={quote(STATE['department'])}"
	)
	expect(officer.locator(".list-row-container")).to_have_count(len(EMPLOYEES))
	officer.locator(".list-row-container .list-row-checkbox").first.wait_for()
	for box in officer.locator(".list-row-container .list-row-checkbox").all():
		box.check()
	officer.get_by_role("button", name="Actions").click()
	officer.locator(".dropdown-menu.show .dropdown-item").filter(has_text="Create Party Members").click()
	dialog = officer.locator(".modal.show")
	expect(dialog.locator(".modal-title")).to_contain_text(
		f"Create Party Members for {len(EMPLOYEES)} Employees"
	)
	pick_link(dialog, "party_branch", BRANCH)
	dialog.get_by_role("button", name="Preview").click()
	confirm = officer.locator(".modal.show").filter(
		has_text=f"Create {len(EMPLOYEES)} Party Members in {BRANCH}?"
	)
	expect(confirm).to_be_visible()
	for name in EMPLOYEES:
		expect(confirm).to_contain_text(name)
	confirm.get_by_role("button", name="Yes").click()
	result = officer.locator(".modal.show").filter(has_text="Party Members from Employees")
	expect(result).to_contain_text(f"Created: {len(EMPLOYEES)}")
	harness.settle(officer)
	no_app_errors(officer)
	officer.context.close()


def test_add_from_employees_skips_who_already_is_a_member(page: Page, base_url: str) -> None:
	need_erp()
	officer = as_user(page, base_url, "officer", path="/app/party-member")
	officer.get_by_role("button", name="Add from Employees").click()
	dialog = officer.locator(".modal.show")
	pick_link(dialog, "department", STATE["department"])
	pick_link(dialog, "party_branch", BRANCH)
	dialog.get_by_role("button", name="Preview").click()
	nothing = officer.locator(".modal.show").filter(has_text="Nothing to create")
	expect(nothing).to_contain_text(f"Skipped: {len(EMPLOYEES)}")
	expect(nothing).to_contain_text("already a member")
	harness.settle(officer)
	no_app_errors(officer)
	officer.context.close()


def test_the_employee_form_shows_party_points_only_to_who_may_see_the_member(
	page: Page, base_url: str, lang: str
) -> None:
	need_erp()
	employee = STATE["employees"][0]
	officer = as_user(page, base_url, "officer", lang, f"/app/employee/{employee}")
	open_dashboard_tab(officer)
	section = officer.locator(".pp-employee-points")
	expect(section).to_be_visible()
	expect(section.locator("a").first).to_contain_text(EMPLOYEES[0])
	expect(section).to_contain_text(BRANCH)
	expect(section).to_contain_text("Party Member" if lang == "en" else "党员")
	clerk = as_user(page, base_url, "clerk", lang, f"/app/employee/{employee}")
	open_dashboard_tab(clerk)
	harness.settle(clerk)
	expect(clerk.locator(".form-dashboard")).to_be_visible()
	expect(clerk.locator(".pp-employee-points")).to_have_count(0)
	no_app_errors(officer, clerk)
	officer.context.close()
	clerk.context.close()


def test_the_application_takes_its_department_head_from_hrms(page: Page, base_url: str) -> None:
	"""Administrator (a Points Manager may create applications) opens a new application for a member
	made from an Employee: the department head is the user of the Employee they report to, and the
	form says where it came from."""
	need_erp()
	api = api_for(page, base_url)
	member = find(api, "Party Member", [["employee", "=", STATE["employees"][1]]])
	assert member, "the members were not created from the Employees"
	api.dispose()
	admin = harness.new_page(page.context.browser, base_url)
	harness.log_in(admin, base_url, "Administrator", harness.ADMIN_PASSWORD, "/app/quarterly-application/new")
	form = admin.locator('.form-layout [data-fieldname="member"] input')
	form.fill(member)
	admin.locator(
		'.form-layout [data-fieldname="member"] ul[role="listbox"] > *:visible', has_text=member
	).first.click()
	head = admin.locator('.form-layout .frappe-control[data-fieldname="department_head"]')
	expect(head.locator("input")).to_have_value(user("boss"), timeout=15000)
	expect(head).to_contain_text("Suggested from HRMS (Reports To)")
	expect(
		admin.locator('.form-layout .frappe-control[data-fieldname="department_head_source"]')
	).to_contain_text("Reports To")
	harness.settle(admin)
	no_app_errors(admin)
	admin.context.close()
