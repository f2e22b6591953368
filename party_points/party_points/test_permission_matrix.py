"""The permission matrix: who may do what with every DocType and report, checked on the real site.

``ROLE_MATRIX`` is the one table of the expected answers per role (letters: Read, Write, Create,
Submit, cancel X, Delete, Export, Print). ``ROW_SCOPE`` says which records a user of a role sees.
The tests check both through ``frappe.has_permission``, ``frappe.get_doc``, ``frappe.get_list``,
report execution and the REST API, as each user in turn, and Guest. No self-approval is tested
with the workflows (test_quarterly_application, test_member_score); ledger immutability in
test_points_ledger_entry.

The REST API runs in another thread and connection, so this class commits its records and
removes them afterwards.
"""

from urllib.parse import quote

import frappe
from frappe.desk.query_report import run as run_report

from party_points.testing import (
	PartyPointsTestCase,
	api_token,
	grant_role,
	make_member,
	make_org,
	make_period,
	make_user,
	remove_committed,
	rest_request,
)

PTYPES = {
	"R": "read",
	"W": "write",
	"C": "create",
	"S": "submit",
	"X": "cancel",
	"D": "delete",
	"E": "export",
	"P": "print",
}
MANAGER, SYSTEM, COMMITTEE = "Party Points Manager", "System Manager", "Party Committee"
SECRETARY, RECORDER, HEAD, MEMBER = "Branch Secretary", "Party Recorder", "Department Head", "Party Member"
ROLES = (MANAGER, SYSTEM, COMMITTEE, SECRETARY, RECORDER, HEAD, MEMBER)
HR_MANAGER, HR_USER, EMPLOYEE = "HR Manager", "HR User", "Employee"
HRMS_ROLES = (HR_MANAGER, HR_USER, EMPLOYEE)
"""HRMS's and ERPNext's own roles get nothing of the app (no row below names them): party data is for
party roles. They exist only where ERPNext / HRMS is installed; elsewhere their rows are skipped."""

ROLE_MATRIX: dict[str, dict[str, str]] = {
	"Party Organization": {MANAGER: "RWCDEP", SYSTEM: "RWCDEP", COMMITTEE: "RWCEP", SECRETARY: "REP", RECORDER: "REP", HEAD: "R", MEMBER: "R"},
	"Party Member": {MANAGER: "RWCDEP", SYSTEM: "RWCDEP", COMMITTEE: "RWCEP", SECRETARY: "RWCEP", RECORDER: "REP", HEAD: "R", MEMBER: "RP"},
	"Points Scheme": {MANAGER: "RWCDEP", SYSTEM: "RWCDEP", COMMITTEE: "RWCEP", SECRETARY: "RP", RECORDER: "RP", HEAD: "R", MEMBER: "RP"},
	"Assessment Period": {MANAGER: "RWCDEP", SYSTEM: "RWCDEP", COMMITTEE: "RWCEP", SECRETARY: "REP", RECORDER: "REP", HEAD: "R", MEMBER: "R"},
	"Party Points Settings": {MANAGER: "RWP", SYSTEM: "RWP", COMMITTEE: "R"},
	# Nobody writes or deletes a ledger entry; corrections are reversals.
	"Points Ledger Entry": {MANAGER: "RCEP", SYSTEM: "REP", COMMITTEE: "RCEP", SECRETARY: "REP", RECORDER: "RCEP", MEMBER: "RP"},
	# Write moves the review stage; the figures are computed, never typed in.
	"Member Score": {MANAGER: "RWEP", SYSTEM: "REP", COMMITTEE: "RWEP", SECRETARY: "RWEP", RECORDER: "RWEP", MEMBER: "RP"},
	"Quarterly Application": {MANAGER: "RWCSXDEP", COMMITTEE: "REP", SECRETARY: "RWSXEP", RECORDER: "RWSXEP", HEAD: "RWP", MEMBER: "RWCP"},
	"Quantification Sheet": {MANAGER: "RWCSXDEP", COMMITTEE: "REP", SECRETARY: "REP", RECORDER: "RWCSXDEP"},
	"Party Activity": {MANAGER: "RWCSXDEP", COMMITTEE: "REP", SECRETARY: "RWCSXDEP", RECORDER: "RWCSXDEP", MEMBER: "R"},
	"Score Objection": {MANAGER: "RWCEP", COMMITTEE: "RWEP", SECRETARY: "RWEP", RECORDER: "RP", MEMBER: "RWCP"},
	"Democratic Evaluation": {MANAGER: "RWCSXDEP", COMMITTEE: "RWSXEP", SECRETARY: "RWCSXEP", RECORDER: "RWCEP"},
	"Reward Claim": {MANAGER: "RWCSXDEP", COMMITTEE: "RWSXEP", SECRETARY: "RWCSXEP", RECORDER: "RWCEP", MEMBER: "RWCP"},
	"Discipline Record": {MANAGER: "RWCSXDEP", COMMITTEE: "RWCSXDEP", SECRETARY: "RWCP"},
	"Annual Rating": {MANAGER: "RWCSXDEP", COMMITTEE: "RWCSXEP", SECRETARY: "RWCEP", RECORDER: "RP", MEMBER: "RP"},
	"Follow-up Action": {MANAGER: "RWCDEP", COMMITTEE: "RWCEP", SECRETARY: "RWCEP"},
}  # fmt: skip

REPORT_ROLES: dict[str, set[str]] = {
	"Branch Points Ledger": {MANAGER, SYSTEM, COMMITTEE, SECRETARY, RECORDER},
	"Quarterly Public Notice": {MANAGER, SYSTEM, COMMITTEE, SECRETARY, RECORDER, MEMBER},
	"Annual Rating Summary": {MANAGER, COMMITTEE, SECRETARY},
	"Member Points Statement": {MANAGER, SYSTEM, COMMITTEE, SECRETARY, RECORDER, MEMBER},
	"Follow-up Tracker": {MANAGER, COMMITTEE, SECRETARY},
	"Activity Participation": {MANAGER, COMMITTEE, SECRETARY, RECORDER},
	"Pending Approvals": {MANAGER, COMMITTEE, SECRETARY, RECORDER, HEAD},
}

# Which records of a DocType someone restricted to their own sees: their member's ("own"), their
# branch's ("branch"), or everything ("all": reference data). Officers see their branch subtree
# (User Permissions); Party Committee, Points Manager and System Manager see every branch.
ROW_SCOPE = {
	"Party Member": "own",
	"Points Ledger Entry": "own",
	"Member Score": "own",
	"Quarterly Application": "own",
	"Score Objection": "own",
	"Reward Claim": "own",
	"Annual Rating": "own",
	"Party Activity": "branch",
	"Quantification Sheet": "own",
	"Democratic Evaluation": "own",
	"Discipline Record": "own",
	"Follow-up Action": "own",
}


def allows(roles: set[str], doctype: str, letter: str) -> bool:
	return any(letter in ROLE_MATRIX[doctype].get(role, "") for role in roles)


class TestPermissionMatrix(PartyPointsTestCase):
	use_savepoint = False  # committed, for the REST API's own connection

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.hrms_roles = tuple(role for role in HRMS_ROLES if frappe.db.exists("Role", role))
		cls.roles_tested = ROLES + cls.hrms_roles
		cls.by_role = {role: make_user(f"mx_{role.lower().replace(' ', '_')}", (role,)) for role in ROLES}
		cls.by_role.update(
			{role: make_user(f"mx_{role.lower().replace(' ', '_')}") for role in cls.hrms_roles}
		)
		cls.no_role = make_user("mx_hr_clerk")
		cls.recorder_a, cls.secretary_a = make_user("mx_recorder_a"), make_user("mx_secretary_a")
		cls.committee_user = make_user("mx_committee")
		cls.member_a_user, cls.member_a2_user = make_user("mx_member_a"), make_user("mx_member_a2")
		cls.stray_recorder = make_user("mx_stray_recorder", (RECORDER,))
		cls.head = make_user("mx_head", (HEAD,))
		cls.committee = make_org("MX Committee", "Party Committee", committee=(cls.committee_user,))
		cls.branch_a = make_org(
			"MX Branch A", "Party Branch", cls.committee, secretary=cls.secretary_a, recorder=cls.recorder_a
		)
		cls.branch_b = make_org("MX Branch B", "Party Branch", cls.committee)
		cls.member_a = make_member("MX Li", cls.branch_a, cls.member_a_user)
		cls.member_a2 = make_member("MX Wang", cls.branch_a, cls.member_a2_user)
		cls.member_b = make_member("MX Zhang", cls.branch_b)
		cls.period = make_period()
		cls.records = {
			doctype: {"a": cls.raw_record(doctype, cls.member_a), "b": cls.raw_record(doctype, cls.member_b)}
			for doctype in ROW_SCOPE
			if doctype != "Party Member"
		}
		cls.records["Party Member"] = {"a": cls.member_a, "b": cls.member_b}
		cls.people = {
			"recorder of A": (cls.recorder_a, "branch A"),
			"secretary of A": (cls.secretary_a, "branch A"),
			"committee member": (cls.committee_user, "everything"),
			"points manager": (cls.by_role[MANAGER], "everything"),
			"system manager": (cls.by_role[SYSTEM], "everything"),
			"member A": (cls.member_a_user, "own"),
			"member A2": (cls.member_a2_user, "own"),
			"department head": (cls.head, "own"),
			"recorder without a branch": (cls.stray_recorder, "own"),
			"HR clerk without a party role": (cls.no_role, "own"),
			**{f"{role} without a party role": (cls.by_role[role], "own") for role in cls.hrms_roles},
			"Guest": ("Guest", "nothing"),
		}
		cls.tokens = {user: api_token(user) for user, _ in cls.people.values() if user != "Guest"}
		# After the users' last save: ERPNext's User hook drops the Employee role of a user without an Employee.
		for role in cls.hrms_roles:
			grant_role(cls.by_role[role], role)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		for doctype, pair in cls.records.items():
			if doctype != "Party Member":
				frappe.db.delete(doctype, {"name": ("in", list(pair.values()))})
		remove_committed(
			[cls.member_a, cls.member_a2, cls.member_b],
			[cls.branch_a, cls.branch_b, cls.committee],
			[
				*cls.by_role.values(),
				cls.no_role,
				cls.recorder_a,
				cls.secretary_a,
				cls.committee_user,
				cls.member_a_user,
				cls.member_a2_user,
				cls.stray_recorder,
				cls.head,
			],
		)
		super().tearDownClass()

	@classmethod
	def raw_record(cls, doctype: str, member: str) -> str:
		"""A record that only carries what permissions look at (controllers are tested elsewhere)."""
		branch = frappe.db.get_value("Party Member", member, "party_branch")
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"member": member,
				"party_branch": branch,
				"assessment_period": cls.period,
				"department_head": cls.head,
				"stage": "Draft",
			}
		)
		doc.name = f"_MX {doctype} {member}"
		doc.db_insert()
		return doc.name

	def roles(self, user: str) -> set[str]:
		return set(frappe.get_roles(user))

	def expected_rows(self, doctype: str, person: str) -> set[str]:
		user, reach = self.people[person]
		if reach == "nothing" or not allows(self.roles(user), doctype, "R"):
			return set()
		if reach == "everything":
			return {"a", "b"}
		if reach == "branch A":
			return {"a"}
		mine = {"a"} if user == self.member_a_user else set()
		if ROW_SCOPE[doctype] == "branch" and user in (self.member_a_user, self.member_a2_user):
			mine = {"a"}
		if doctype == "Quarterly Application" and user == self.head:
			mine = {"a", "b"}  # the applications that name them as the department head
		return mine

	def test_every_role_gets_exactly_its_permissions(self) -> None:
		mismatches = []
		for doctype, by_role in ROLE_MATRIX.items():
			for role in self.roles_tested:
				user = self.by_role[role]
				for letter, ptype in PTYPES.items():
					expected = letter in by_role.get(role, "")
					if bool(frappe.has_permission(doctype, ptype, user=user)) != expected:
						mismatches.append(f"{doctype} / {role} / {ptype}: expected {expected}")
				if role in by_role and "R" not in by_role[role]:
					mismatches.append(f"{doctype} / {role}: a permission without read")
		self.assertEqual(mismatches, [])

	def test_users_without_a_party_role_and_guest_get_nothing(self) -> None:
		for user in (self.no_role, "Guest", *(self.by_role[role] for role in self.hrms_roles)):
			for doctype in ROLE_MATRIX:
				for ptype in PTYPES.values():
					self.assertFalse(frappe.has_permission(doctype, ptype, user=user), (user, doctype, ptype))

	def test_hrms_roles_are_in_the_matrix(self) -> None:
		"""HR Manager, HR User and Employee: no permission, no row, no report (run only with ERPNext / HRMS)."""
		if not self.hrms_roles:
			self.skipTest("HR Manager, HR User and Employee exist only with ERPNext / HRMS")
		self.assertEqual(self.hrms_roles, HRMS_ROLES)
		for role in self.hrms_roles:
			user = self.by_role[role]
			self.assertEqual(set(frappe.get_roles(user)) & set(HRMS_ROLES), {role}, user)
			self.assertFalse(any(role in by_role for by_role in ROLE_MATRIX.values()))
			self.assertFalse(any(role in roles for roles in REPORT_ROLES.values()))

	def test_each_person_sees_exactly_their_records(self) -> None:
		mismatches = []
		for doctype, pair in self.records.items():
			for person, (user, _reach) in self.people.items():
				expected = self.expected_rows(doctype, person)
				write = allows(self.roles(user), doctype, "W") and user != "Guest"
				with self.as_user(user):
					try:
						listed = set(
							frappe.get_list(
								doctype, filters={"name": ("in", list(pair.values()))}, pluck="name"
							)
						)
					except frappe.PermissionError:
						listed = set()
					for key, name in pair.items():
						got = {
							"list": name in listed,
							"get_doc": self.can_open(doctype, name),
							"read": bool(frappe.has_permission(doctype, "read", doc=name, user=user)),
							"print": bool(frappe.has_permission(doctype, "print", doc=name, user=user)),
							"write": bool(frappe.has_permission(doctype, "write", doc=name, user=user)),
						}
						want = {
							"list": key in expected,
							"get_doc": key in expected,
							"read": key in expected,
							"print": key in expected and allows(self.roles(user), doctype, "P"),
							"write": key in expected and write,
						}
						if got != want:
							mismatches.append(f"{doctype} {key} / {person}: got {got}, expected {want}")
		self.assertEqual(mismatches, [], "\n".join(mismatches))

	def can_open(self, doctype: str, name: str) -> bool:
		try:
			frappe.get_doc(doctype, name).check_permission("read")
		except frappe.PermissionError:
			return False
		return True

	def test_the_rest_api_agrees(self) -> None:
		mismatches = []
		for doctype, pair in self.records.items():
			for person, (user, _reach) in self.people.items():
				expected = self.expected_rows(doctype, person)
				for key, name in pair.items():
					path = f"/api/resource/{quote(doctype)}/{quote(name)}"
					status = rest_request("get", self.tokens.get(user), path).status_code
					if (status == 200) != (key in expected):
						mismatches.append(f"GET {doctype} {key} / {person}: {status}")
		self.assertEqual(mismatches, [], "\n".join(mismatches))

	def test_each_report_runs_for_its_roles_only(self) -> None:
		filters = {
			"Branch Points Ledger": {"assessment_period": self.period},
			"Quarterly Public Notice": {"assessment_period": self.period, "party_branch": self.branch_a},
			"Annual Rating Summary": {"year": frappe.db.get_value("Assessment Period", self.period, "year")},
			"Member Points Statement": {"member": self.member_a},
			"Follow-up Tracker": {},
			"Activity Participation": {},
			"Pending Approvals": {},
		}
		mismatches = []
		for report, roles in REPORT_ROLES.items():
			for person, (user, _reach) in {
				**self.people,
				**{role: (u, "") for role, u in self.by_role.items()},
			}.items():
				expected = bool(self.roles(user) & roles) and user != "Guest"
				if report == "Member Points Statement":  # one member's: only for who may read that member
					expected = expected and bool(
						frappe.has_permission("Party Member", "read", doc=self.member_a, user=user)
					)
				with self.as_user(user):
					try:
						run_report(report, filters[report])
						ran = True
					except frappe.PermissionError:
						ran = False
				if ran != expected:
					mismatches.append(f"{report} / {person}: ran={ran}")
		self.assertEqual(mismatches, [], "\n".join(mismatches))

	def test_a_user_whose_role_is_removed_loses_access_at_once(self) -> None:
		user = make_user("mx_leaving_recorder", (RECORDER,))
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": "Party Organization",
				"for_value": self.branch_a,
			}
		).insert(ignore_permissions=True)
		score = self.records["Member Score"]["a"]
		self.assertTrue(frappe.has_permission("Member Score", "read", doc=score, user=user))
		with self.as_user(user):
			self.assertEqual(frappe.get_list("Member Score", filters={"name": score}, pluck="name"), [score])
		frappe.get_doc("User", user).remove_roles(RECORDER)
		self.assertFalse(frappe.has_permission("Member Score", "read", doc=score, user=user))
		with self.as_user(user), self.assertRaises(frappe.PermissionError):
			frappe.get_list("Member Score", filters={"name": score}, pluck="name")
