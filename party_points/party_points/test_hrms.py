"""Party Points inside ERPNext / HRMS (party_points.hrms), on a site with both installed.

Members made from Employees (skipping those who have one, never two, also when two people do it at
once), members following their Employee (a relieved one keeps every point and gets no next quarter), the
department head from ``reports_to`` and the department's approver, and the Employee form's Party Points
section as an HR clerk, a branch officer and the member. On plain Frappe every class here is skipped.
"""

import json
import threading
import unittest

import frappe
from frappe.utils import add_days, getdate, today

from party_points import hrms, ledger
from party_points.scores import rebuild_period
from party_points.testing import (
	YEAR,
	PartyPointsTestCase,
	grant_role,
	make_member,
	make_org,
	make_period,
	make_user,
	remove_committed,
	run_in_thread,
)

EMPLOYEE = "Employee"


def erp_installed() -> bool:
	return bool(frappe.db.exists("DocType", EMPLOYEE))


def require_erp() -> None:
	"""Skip on plain Frappe; on an ERPNext site, fail clearly when its setup wizard was not completed."""
	if not erp_installed():
		raise unittest.SkipTest("ERPNext / HRMS is not installed on this site")
	if not frappe.db.a_row_exists("Company"):
		raise AssertionError(
			"ERPNext's setup wizard has not been completed on this site: "
			"bench --site SITE execute erpnext.setup.utils.before_tests"
		)


def company() -> str:
	return frappe.db.get_value("Company", {}, "name", order_by="creation asc")


def make_department(name: str, parent: str | None = None, leave_approvers: tuple[str, ...] = ()) -> str:
	existing = frappe.db.get_value("Department", {"department_name": name, "company": company()})
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Department",
			"department_name": name,
			"company": company(),
			"parent_department": parent or "All Departments",
			"is_group": 1,
			"leave_approvers": [{"approver": u} for u in leave_approvers],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_erp_branch(name: str) -> str:
	if not frappe.db.exists("Branch", name):
		frappe.get_doc({"doctype": "Branch", "branch": name}).insert(ignore_permissions=True)
	return name


def make_employee(first_name: str, user: str | None = None, **extra) -> str:
	doc = frappe.get_doc(
		{
			"doctype": EMPLOYEE,
			"first_name": first_name,
			"last_name": "PP",
			"company": company(),
			"gender": "Female",
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2015-01-01",
			"status": "Active",
			"user_id": user,
			**extra,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def member_of(employee: str) -> frappe._dict | None:
	return frappe.db.get_value(
		"Party Member",
		{"employee": employee},
		["name", "full_name", "user", "department", "party_branch", "status", "join_date", "leave_date"],
		as_dict=True,
	)


def info_comments(member: str) -> list[str]:
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Party Member", "reference_name": member, "comment_type": "Info"},
		pluck="content",
		order_by="creation asc",
	)


class HRMSTestCase(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		require_erp()
		super().setUpClass()
		cls.hr_officer = make_user("hr_officer", ("HR User",))  # keeps branch A's roll: also its secretary
		cls.hr_clerk = make_user("hr_clerk", ("HR User",))  # HRMS only, no party role
		cls.committee = make_org("HR Committee", "Party Committee")
		cls.branch_a = make_org("HR Branch A", "Party Branch", cls.committee, secretary=cls.hr_officer)
		cls.group_a = make_org("HR Group A1", "Party Group", cls.branch_a)
		cls.branch_b = make_org("HR Branch B", "Party Branch", cls.committee)
		cls.department = make_department("PP Pipeline Operations")
		cls.erp_branch = make_erp_branch("PP Station North")


class TestMembersFromEmployees(HRMSTestCase):
	def test_a_department_becomes_members_in_one_step_and_a_second_run_skips_them(self) -> None:
		users = [make_user(f"hr_emp_{n}") for n in range(3)]
		employees = [
			make_employee(f"Worker {n}", users[n], department=self.department, branch=self.erp_branch)
			for n in range(3)
		]
		outsider = make_employee("Worker Elsewhere")  # another department: not taken
		already = make_member("Worker 0 PP", self.branch_a, employee=employees[0])

		with self.as_user(self.hr_officer):
			result = hrms.create_members_from_employees(
				self.branch_a, department=self.department, party_group=self.group_a
			)
		self.assertEqual(sorted(r["employee"] for r in result["created"]), employees[1:])
		self.assertEqual(
			[(r["employee"], r["member"], r["reason"]) for r in result["skipped"]],
			[(employees[0], already, "already a member")],
		)
		self.assertIsNone(member_of(outsider))
		for n in (1, 2):
			member = member_of(employees[n])
			self.assertEqual(
				(member.full_name, member.user, member.department, member.party_branch, member.status),
				(f"Worker {n} PP", users[n], self.department, self.branch_a, "Active"),
			)
			self.assertEqual(getdate(member.join_date), getdate(today()))
			self.assertIn("Party Member", frappe.get_roles(users[n]))
			self.assertEqual(info_comments(member.name), [f"Created from Employee {employees[n]}"])

		with self.as_user(self.hr_officer):
			again = hrms.create_members_from_employees(self.branch_a, department=self.department)
		self.assertEqual(again["created"], [])
		self.assertEqual(sorted(r["employee"] for r in again["skipped"]), employees)
		self.assertEqual(frappe.db.count("Party Member", {"employee": ("in", employees)}), 3)

	def test_by_name_from_the_employee_list_with_a_date_and_the_inactive_skipped(self) -> None:
		active = make_employee("Chosen One")
		left = make_employee("Long Gone", status="Left", relieving_date="2020-01-01")
		with self.as_user(self.hr_officer):
			preview = hrms.create_members_from_employees(
				self.branch_a, employees=json.dumps([active, left, "HR-EMP-NOPE"]), dry_run=1
			)
			self.assertIsNone(member_of(active))  # a dry run writes nothing
			result = hrms.create_members_from_employees(
				self.branch_a, employees=[active, left, "HR-EMP-NOPE"], join_date=f"{YEAR}-03-01"
			)
		for answer in (preview, result):
			self.assertEqual([r["employee"] for r in answer["created"]], [active])
			self.assertEqual(
				{r["employee"]: r["reason"] for r in answer["skipped"]},
				{
					left: "the Employee is not active (Left)",
					"HR-EMP-NOPE": "not found, or you may not read it",
				},
			)
		self.assertEqual(str(member_of(active).join_date), f"{YEAR}-03-01")

	def test_by_company_or_erpnext_branch(self) -> None:
		north = make_employee("North Worker", branch=self.erp_branch)
		with self.as_user(self.hr_officer):
			result = hrms.create_members_from_employees(self.branch_a, branch=self.erp_branch)
		self.assertIn(north, [r["employee"] for r in result["created"]])
		with self.as_user(self.hr_officer):
			result = hrms.create_members_from_employees(self.branch_a, company=company(), dry_run=True)
		self.assertIn(north, [r["employee"] for r in result["skipped"]])

	def test_a_hand_made_member_with_the_same_login_is_linked_not_doubled(self) -> None:
		user = make_user("hr_hand_made")
		hand_made = make_member("Hand Made", self.branch_a, user)
		employee = make_employee("Hand Made", user, department=self.department)
		with self.as_user(self.hr_officer):
			result = hrms.create_members_from_employees(self.branch_a, employees=[employee])
		self.assertEqual([r["member"] for r in result["linked"]], [hand_made])
		self.assertEqual(result["created"], [])
		self.assertEqual(member_of(employee).name, hand_made)
		self.assertEqual(member_of(employee).department, self.department)

	def test_who_may_create_members_from_employees(self) -> None:
		employee = make_employee("Not Yours")
		for user, branch in (
			(self.hr_clerk, self.branch_a),  # HR without a party role
			(self.hr_officer, self.branch_b),  # a branch they do not keep
		):
			with self.as_user(user), self.assertRaises(frappe.PermissionError):
				hrms.create_members_from_employees(branch, employees=[employee])
		secretary_without_hr = make_user(
			"hr_secretary_only"
		)  # a branch's secretary who may not read Employees
		branch_c = make_org("HR Branch C", "Party Branch", self.committee, secretary=secretary_without_hr)
		with self.as_user(secretary_without_hr), self.assertRaises(frappe.PermissionError):
			hrms.create_members_from_employees(branch_c, employees=[employee])
		self.assertIsNone(member_of(employee))
		with self.as_user(self.hr_officer), self.assertRaises(hrms.NoEmployeesChosenError):
			hrms.create_members_from_employees(self.branch_a)
		with self.as_user(self.hr_officer), self.assertRaises(frappe.ValidationError):
			hrms.create_members_from_employees(self.group_a, employees=[employee])  # not a branch

	def test_the_data_refuses_a_second_member_for_an_employee(self) -> None:
		employee = make_employee("Only Once")
		make_member("Only Once", self.branch_a, employee=employee)
		with self.assertRaises(frappe.UniqueValidationError):
			make_member("Only Once Again", self.branch_b, employee=employee)


class TestTwoAtOnce(PartyPointsTestCase):
	"""Two HR officers create the same Employees' members at the same moment: one member each."""

	use_savepoint = False  # the two calls run in their own connections

	@classmethod
	def setUpClass(cls) -> None:
		require_erp()
		super().setUpClass()
		cls.officers = [make_user(f"hr_race_{n}", ("HR User", "Party Committee")) for n in range(2)]
		cls.committee = make_org("HR Race Committee", "Party Committee")
		cls.branch = make_org("HR Race Branch", "Party Branch", cls.committee)
		cls.employees = [make_employee(f"Race {n}") for n in range(4)]
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		members = frappe.get_all("Party Member", filters={"employee": ("in", cls.employees)}, pluck="name")
		frappe.db.delete(
			"Comment", {"reference_doctype": "Party Member", "reference_name": ("in", members or [""])}
		)
		for employee in cls.employees:
			frappe.delete_doc(EMPLOYEE, employee, ignore_permissions=True, force=True)
		remove_committed(members, [cls.branch, cls.committee], cls.officers)
		super().tearDownClass()

	def test_two_calls_at_once_make_one_member_per_employee(self) -> None:
		barrier = threading.Barrier(2)
		calls = [
			run_in_thread(
				officer,
				lambda: hrms.create_members_from_employees(self.branch, employees=list(self.employees)),
				barrier,
			)
			for officer in self.officers
		]
		for thread, _outcome in calls:
			thread.join(60)
		results = [outcome["result"] for _thread, outcome in calls]
		for result in results:
			self.assertIsInstance(result, dict, result)
		created = [r["employee"] for result in results for r in result["created"]]
		self.assertEqual(sorted(created), sorted(self.employees))  # each made once, by one of them
		for result in results:
			self.assertEqual(len(result["created"]) + len(result["skipped"]), len(self.employees))
		frappe.db.rollback()  # a fresh snapshot
		self.assertEqual(
			frappe.db.count("Party Member", {"employee": ("in", self.employees)}), len(self.employees)
		)


class TestKeepingInStep(HRMSTestCase):
	def member_for(self, name: str, **employee) -> tuple[str, str]:
		employee_name = make_employee(name, **employee)
		member = make_member(f"{name} PP", self.branch_a, employee=employee_name, join_date=f"{YEAR}-01-01")
		return employee_name, member

	def test_the_hooks_are_wired(self) -> None:
		events = frappe.get_hooks("doc_events").get(EMPLOYEE, {})
		self.assertIn("party_points.hrms.on_employee_update", events.get("on_update", []))
		self.assertIn("party_points.hrms.on_employee_trash", events.get("on_trash", []))
		self.assertIn("party_points.hrms.end_memberships_due", frappe.get_hooks("scheduler_events")["daily"])

	def test_name_login_and_department_follow_the_employee(self) -> None:
		employee, member = self.member_for("Follower")
		user = make_user("hr_follower")
		other_department = make_department("PP Compressor Station")
		doc = frappe.get_doc(EMPLOYEE, employee)
		doc.first_name, doc.user_id, doc.department = "Renamed", user, other_department
		doc.save(ignore_permissions=True)
		row = member_of(employee)
		self.assertEqual((row.full_name, row.user, row.department), ("Renamed PP", user, other_department))
		self.assertIn("Party Member", frappe.get_roles(user))
		# A save that changes nothing the member takes writes nothing to it.
		modified = frappe.db.get_value("Party Member", member, "modified")
		doc.reload()
		doc.cell_number = "12345"
		doc.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Party Member", member, "modified"), modified)

	def test_a_login_held_by_another_member_is_not_taken_over(self) -> None:
		employee, member = self.member_for("Clash")
		user = make_user("hr_clash")
		holder = make_member("Holder", self.branch_b, user)
		doc = frappe.get_doc(EMPLOYEE, employee)
		doc.user_id = user
		doc.save(ignore_permissions=True)  # HR's save goes through
		self.assertIsNone(member_of(employee).user)
		self.assertEqual(frappe.db.get_value("Party Member", holder, "user"), user)
		self.assertIn(f"it belongs to member {holder}", info_comments(member)[-1])

	def test_relieved_mid_quarter_keeps_every_point_and_gets_no_next_quarter(self) -> None:
		q3, q4 = make_period(YEAR, 3), make_period(YEAR, 4)
		employee, member = self.member_for("Relieved")
		stayer = make_member("Not An Employee", self.branch_a, join_date=f"{YEAR}-01-01")
		rows = [
			{"member": m, "assessment_period": q3, "scoring_item": item, "points": 1}
			for m in (member, stayer)
			for item in ("SE-04", "SE-04")
		]
		ledger.post(rows)
		entries = frappe.get_all("Points Ledger Entry", filters={"member": member}, pluck="name")
		score = frappe.db.get_value(
			"Member Score",
			{"member": member, "assessment_period": q3},
			["name", "daily_conduct", "entry_count"],
			as_dict=True,
		)

		doc = frappe.get_doc(EMPLOYEE, employee)
		doc.status, doc.relieving_date = "Left", f"{YEAR}-08-15"
		doc.save(ignore_permissions=True)

		row = member_of(employee)
		self.assertEqual((row.status, str(row.leave_date)), ("Left", f"{YEAR}-08-15"))
		(comment,) = info_comments(member)
		self.assertIn(f"Employee {employee} was relieved", comment)
		self.assertIn("No points were removed", comment)
		self.assertEqual(
			frappe.get_all("Points Ledger Entry", filters={"member": member}, pluck="name"), entries
		)

		rebuild_period(q3, own_transaction=False)
		rebuild_period(q4, own_transaction=False)
		after = frappe.db.get_value(
			"Member Score", score.name, ["daily_conduct", "entry_count"], as_dict=True
		)
		self.assertEqual((after.daily_conduct, after.entry_count), (score.daily_conduct, score.entry_count))
		self.assertEqual(after.entry_count, 2)
		self.assertFalse(frappe.db.exists("Member Score", {"member": member, "assessment_period": q4}))
		# The member who is not an employee carries on.
		self.assertTrue(frappe.db.exists("Member Score", {"member": stayer, "assessment_period": q4}))
		self.assertEqual(frappe.db.get_value("Party Member", stayer, "status"), "Active")

	def test_a_relieving_date_to_come_ends_the_membership_on_that_day(self) -> None:
		employee, member = self.member_for("Leaving Soon")
		later = add_days(today(), 10)
		doc = frappe.get_doc(EMPLOYEE, employee)
		doc.relieving_date = later
		doc.save(ignore_permissions=True)
		self.assertEqual(member_of(employee).status, "Active")
		self.assertIn("is to be relieved on", info_comments(member)[-1])
		self.assertEqual(hrms.end_memberships_due(add_days(later, -1)), 0)
		self.assertEqual(hrms.end_memberships_due(later), 1)
		row = member_of(employee)
		self.assertEqual((row.status, str(row.leave_date)), ("Left", str(later)))
		self.assertEqual(hrms.end_memberships_due(later), 0)  # once

	def test_a_withdrawn_relieving_restores_the_membership(self) -> None:
		employee, member = self.member_for("Came Back")
		doc = frappe.get_doc(EMPLOYEE, employee)
		doc.status, doc.relieving_date = "Left", add_days(today(), -3)
		doc.save(ignore_permissions=True)
		self.assertEqual(member_of(employee).status, "Left")
		doc.reload()
		doc.status, doc.relieving_date = "Active", None
		doc.save(ignore_permissions=True)
		row = member_of(employee)
		self.assertEqual((row.status, row.leave_date), ("Active", None))
		self.assertIn("no longer relieved", info_comments(member)[-1])

	def test_a_member_the_branch_set_apart_is_left_alone(self) -> None:
		employee, member = self.member_for("Transferred")
		frappe.db.set_value(
			"Party Member", member, {"status": "Transferred Out", "leave_date": f"{YEAR}-06-30"}
		)
		doc = frappe.get_doc(EMPLOYEE, employee)
		doc.status, doc.relieving_date = "Left", f"{YEAR}-08-15"
		doc.save(ignore_permissions=True)
		row = member_of(employee)
		self.assertEqual((row.status, str(row.leave_date)), ("Transferred Out", f"{YEAR}-06-30"))

	def test_deleting_the_employee_keeps_the_member(self) -> None:
		employee, member = self.member_for("Deleted")
		frappe.delete_doc(EMPLOYEE, employee, ignore_permissions=True)
		self.assertTrue(frappe.db.exists("Party Member", member))
		self.assertIsNone(frappe.db.get_value("Party Member", member, "employee"))
		self.assertIn(f"Employee {employee} was deleted", info_comments(member)[-1])


class TestDepartmentHead(HRMSTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.boss_user = make_user("hr_boss", ("Department Head",))
		cls.approver = make_user("hr_approver", ("Department Head",))
		cls.top_approver = make_user("hr_top_approver", ("Department Head",))
		cls.no_role = make_user("hr_boss_without_role")
		cls.top = make_department("PP Division", leave_approvers=(cls.top_approver,))
		cls.unit = make_department("PP Unit", cls.top, leave_approvers=(cls.approver,))
		cls.bare = make_department("PP Bare Unit", cls.top)

	def member_with(self, name: str, user: str | None = None, **employee) -> str:
		employee_name = make_employee(name, user, **employee)
		return make_member(
			name, self.branch_a, user, employee=employee_name, department=employee.get("department")
		)

	def suggestion(self, member: str) -> tuple:
		s = hrms.suggest_department_head(member)
		return s.user, s.source

	def test_the_user_the_member_reports_to_wins(self) -> None:
		boss = make_employee("Boss", self.boss_user, department=self.unit)
		member = self.member_with("Reporter", reports_to=boss, department=self.unit)
		self.assertEqual(self.suggestion(member), (self.boss_user, hrms.FROM_REPORTS_TO))

	def test_else_the_departments_leave_approver(self) -> None:
		member = self.member_with("Unit Worker", department=self.unit)
		self.assertEqual(self.suggestion(member), (self.approver, hrms.FROM_DEPARTMENT))
		# A department without approvers: its parent's.
		member = self.member_with("Bare Worker", department=self.bare)
		self.assertEqual(self.suggestion(member), (self.top_approver, hrms.FROM_DEPARTMENT))

	def test_a_boss_without_the_role_is_passed_over_and_says_so(self) -> None:
		boss = make_employee("Roleless Boss", self.no_role, department=self.unit)
		member = self.member_with("Reporter Two", reports_to=boss, department=self.unit)
		s = hrms.suggest_department_head(member)
		self.assertEqual((s.user, s.source), (self.approver, hrms.FROM_DEPARTMENT))
		self.assertEqual(len(s.passed_over), 1)
		self.assertIn("does not hold the Department Head role", s.passed_over[0])

	def test_the_member_who_approves_their_own_department_goes_to_the_next_one_up(self) -> None:
		member = self.member_with("Unit Head", self.approver, department=self.unit)
		self.assertEqual(self.suggestion(member), (self.top_approver, hrms.FROM_DEPARTMENT))

	def test_a_member_who_is_not_an_employee_gets_no_suggestion(self) -> None:
		member = make_member("Outsourced", self.branch_a)
		self.assertEqual(self.suggestion(member), (None, None))

	def test_the_application_default_and_its_source(self) -> None:
		period = make_period(YEAR, 4)
		boss = make_employee("Boss Three", self.boss_user, department=self.unit)
		member = self.member_with("Applicant", reports_to=boss, department=self.unit)

		def application(head=None):
			return frappe.get_doc(
				{
					"doctype": "Quarterly Application",
					"member": member,
					"assessment_period": period,
					"department_head": head,
				}
			)

		doc = application()
		hrms.default_department_head(doc)
		self.assertEqual(
			(doc.department_head, doc.department_head_source), (self.boss_user, hrms.FROM_REPORTS_TO)
		)
		doc = application(self.approver)  # typed by hand: kept
		hrms.default_department_head(doc)
		self.assertEqual((doc.department_head, doc.department_head_source), (self.approver, hrms.BY_HAND))
		doc = application(self.boss_user)  # typed, and what HRMS says
		hrms.default_department_head(doc)
		self.assertEqual(doc.department_head_source, hrms.FROM_REPORTS_TO)
		outsider = application()
		outsider.member = make_member("Outsourced Two", self.branch_a)
		hrms.default_department_head(outsider)
		self.assertIsNone(outsider.department_head)

	def test_the_members_page_offers_the_head_from_hrms(self) -> None:
		from party_points import portal

		period = frappe._dict(
			frappe.db.get_value("Assessment Period", make_period(YEAR, 4), "*", as_dict=True)
		)
		boss = make_employee("Boss Five", self.boss_user, department=self.unit)
		user = make_user("hr_portal_applicant", ("Party Member",))
		self.member_with("Portal Applicant", user, reports_to=boss, department=self.unit)
		with self.as_user(user):
			data = portal.application_data(
				portal.own_member(), period, portal.get_scheme(period.points_scheme)
			)
		self.assertEqual(data["default_head"], self.boss_user)

	def test_the_form_asks_for_the_suggestion_with_the_members_read_right(self) -> None:
		member = self.member_with("Asker", department=self.unit)
		self.assertEqual(hrms.department_head_for(member)["user"], self.approver)
		with self.as_user(self.hr_clerk), self.assertRaises(frappe.PermissionError):
			hrms.department_head_for(member)

	def test_a_saved_application_takes_the_default_through_the_controller(self) -> None:
		period = make_period(YEAR, 4)
		boss = make_employee("Boss Four", self.boss_user, department=self.unit)
		member = self.member_with("Saved Applicant", reports_to=boss, department=self.unit)
		doc = frappe.get_doc(
			{
				"doctype": "Quarterly Application",
				"member": member,
				"assessment_period": period,
				"self_score": 10,
				"tasks": [{"task": "Inspection", "completion": "Completed"}],
			}
		).insert(ignore_permissions=True)
		self.assertEqual(doc.department_head, self.boss_user)
		self.assertEqual(doc.department_head_source, hrms.FROM_REPORTS_TO)
		doc.department_head = self.approver  # changed by hand: kept, and said so
		doc.save(ignore_permissions=True)
		self.assertEqual(
			(doc.department_head, doc.get("department_head_source")), (self.approver, hrms.BY_HAND)
		)


class TestEmployeeConnection(HRMSTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.member_user = make_user("hr_connected_member")
		cls.employee = make_employee("Connected", cls.member_user, department=cls.department)
		cls.member = make_member("Connected PP", cls.branch_a, cls.member_user, employee=cls.employee)
		cls.officer_b = make_user("hr_recorder_d", ("HR User",))  # reads Employees, keeps another branch
		make_org("HR Branch D", "Party Branch", cls.committee, recorder=cls.officer_b)
		cls.head = make_user("hr_head_only", ("Department Head",))
		cls.period = make_period(YEAR, (getdate(today()).month - 1) // 3 + 1)
		ledger.post(
			[{"member": cls.member, "assessment_period": cls.period, "scoring_item": "SE-04", "points": 2}]
		)
		rating = frappe.get_doc(
			{
				"doctype": "Annual Rating",
				"member": cls.member,
				"party_branch": cls.branch_a,
				"year": YEAR - 1,
				"grade": "Excellent",
				"score_grade": "Excellent",
				"total": 92.5,
				"status": "Approved",
				"docstatus": 1,
			}
		)
		rating.name = f"AR-{YEAR - 1}-{cls.member}"
		rating.db_insert()
		cls.rating = rating.name

	def points_as(self, user: str):
		with self.as_user(user):
			return hrms.employee_points(self.employee)

	def test_an_hr_clerk_without_a_party_role_sees_nothing(self) -> None:
		self.assertIsNone(self.points_as(self.hr_clerk))
		other = make_employee("Not A Member")
		self.assertIsNone(self.points_as(self.hr_clerk))
		with self.as_user(self.hr_clerk):
			self.assertIsNone(hrms.employee_points(other))  # the same answer as for a non-member

	def test_officers_of_other_branches_and_a_department_head_see_nothing(self) -> None:
		self.assertIsNone(self.points_as(self.officer_b))
		self.assertIsNone(self.points_as(self.head))

	def test_the_branch_officer_sees_the_member_score_and_grade(self) -> None:
		data = self.points_as(self.hr_officer)
		self.assertEqual(data["member"]["name"], self.member)
		self.assertEqual(data["score"]["assessment_period"], self.period)
		self.assertTrue(data["score"]["current"])
		self.assertEqual(
			data["score"]["daily_conduct"],
			frappe.db.get_value("Member Score", data["score"]["name"], "daily_conduct"),
		)
		self.assertEqual((data["rating"]["year"], data["rating"]["grade"]), (YEAR - 1, "Excellent"))
		self.assertIn(self.member, data["html"])
		self.assertIn("Excellent", data["html"])

	def test_the_member_sees_their_own(self) -> None:
		data = self.points_as(self.member_user)
		self.assertEqual(data["member"]["name"], self.member)
		self.assertEqual(data["score"]["assessment_period"], self.period)
		self.assertEqual(data["rating"]["name"], self.rating)

	def test_the_html_escapes_what_it_shows(self) -> None:
		frappe.db.set_value("Party Member", self.member, "full_name", "<img src=x onerror=alert(1)>")
		html = self.points_as(self.hr_officer)["html"]
		self.assertNotIn("<img", html)
		self.assertIn("&lt;img", html)

	def test_the_connections_count_the_member_only_for_who_may_see_it(self) -> None:
		self.assertIn(
			"party_points.hrms.employee_dashboard",
			frappe.get_hooks("override_doctype_dashboards").get(EMPLOYEE, []),
		)
		groups = frappe.get_meta(EMPLOYEE).get_dashboard_data().transactions
		self.assertIn({"label": "Party Points", "items": ["Party Member"]}, groups)
		method = "frappe.desk.notifications.get_open_count"
		overrides = frappe.get_hooks("override_whitelisted_methods").get(method, [])
		self.assertEqual(overrides[-1:], ["party_points.hrms.get_open_count"], "the count is not wired")
		count = frappe.get_attr(overrides[-1])

		def party_member_count(user: str) -> int:
			with self.as_user(user):
				found = count(EMPLOYEE, self.employee, ["Party Member"])["count"]["external_links_found"]
			return found[0]["count"]

		self.assertEqual(party_member_count(self.hr_clerk), 0)
		self.assertEqual(party_member_count(self.hr_officer), 1)
		self.assertEqual(party_member_count(self.officer_b), 0)


def restore_profile(roles: list[str]) -> None:
	profile = frappe.get_doc("Role Profile", "Party Points HR")
	profile.set("roles", [{"role": role} for role in roles])
	profile.save(ignore_permissions=True)
	frappe.db.commit()


class TestHRMSRoles(HRMSTestCase):
	def test_hrms_roles_get_nothing_of_the_app(self) -> None:
		for role in ("HR Manager", "HR User", "Employee"):
			user = make_user(f"hr_only_{role.lower().replace(' ', '_')}")
			grant_role(user, role)
			for doctype in frappe.get_all(
				"DocType", filters={"module": "Party Points", "istable": 0, "issingle": 0}, pluck="name"
			):
				self.assertFalse(frappe.has_permission(doctype, "read", user=user), (role, doctype))

	def test_the_role_profile_is_offered_not_imposed(self) -> None:
		from party_points import install

		def holders() -> set[str]:
			return set(frappe.get_all("User", filters={"role_profile_name": "Party Points HR"}, pluck="name"))

		given = holders()  # by an administrator (a browser run gives it to its HR officer)
		install.create_hr_role_profile()
		profile = frappe.get_doc("Role Profile", "Party Points HR")
		self.assertEqual({r.role for r in profile.roles}, {"Employee", "HR User", "Branch Secretary"})
		self.assertEqual(holders(), given)  # install gives it to nobody
		offered = [r.role for r in profile.roles]
		self.addCleanup(restore_profile, offered)  # the profile is the site's again after the test
		profile.roles = [r for r in profile.roles if r.role != "Branch Secretary"]
		profile.save(ignore_permissions=True)
		install.create_hr_role_profile()  # a company's edit stays
		self.assertNotIn(
			"Branch Secretary", {r.role for r in frappe.get_doc("Role Profile", "Party Points HR").roles}
		)
