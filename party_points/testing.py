"""Factories and a base class shared by the integration tests (FrappeTestCase on v15, v16 alike)."""

from contextlib import contextmanager

import frappe
from frappe.utils import getdate, today

try:  # v16
	from frappe.tests import IntegrationTestCase as _BaseTestCase
except ImportError:  # v15
	from frappe.tests.utils import FrappeTestCase as _BaseTestCase

from party_points.install import create_default_scheme

YEAR = getdate(today()).year
PREFIX = "_T "
DOMAIN = "pp-test.invalid"


class PartyPointsTestCase(_BaseTestCase):
	"""Each test runs in a savepoint rolled back afterwards; the class's fixtures roll back at its end."""

	use_savepoint = True

	def setUp(self) -> None:
		super().setUp()
		if self.use_savepoint:
			frappe.db.savepoint("party_points_test")

	def tearDown(self) -> None:
		if self.use_savepoint:
			frappe.db.rollback(save_point="party_points_test")
		else:
			frappe.db.rollback()
		# Single values read during the test are cached on the connection; a rollback does not undo that.
		frappe.db.value_cache.clear()
		frappe.set_user("Administrator")
		super().tearDown()

	@contextmanager
	def as_user(self, user: str):
		"""Act as ``user``; the previous user is restored even when the block fails."""
		previous = frappe.session.user
		frappe.set_user(user)
		try:
			yield
		finally:
			frappe.set_user(previous)


def email(name: str) -> str:
	return f"{name}@{DOMAIN}"


def make_user(name: str, roles: tuple[str, ...] = ()) -> str:
	address = email(name)
	if not frappe.db.exists("User", address):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": address,
				"first_name": name.replace("_", " ").title(),
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		).insert(ignore_permissions=True)
	if roles:
		user = frappe.get_doc("User", address)
		user.flags.ignore_permissions = True
		user.add_roles(*roles)
	return address


def grant_role(user: str, role: str) -> None:
	"""The role as a bare Has Role row: a test of the role itself, not of what other apps' User hooks make
	of it (ERPNext drops the Employee role of a user without an Employee on save)."""
	if role not in frappe.get_roles(user):
		frappe.get_doc(
			{
				"doctype": "Has Role",
				"parent": user,
				"parenttype": "User",
				"parentfield": "roles",
				"role": role,
			}
		).db_insert()
		frappe.clear_cache(user=user)


def make_org(
	name: str,
	org_type: str,
	parent: str | None = None,
	secretary: str | None = None,
	recorder: str | None = None,
	committee: tuple[str, ...] = (),
) -> str:
	full = PREFIX + name
	if frappe.db.exists("Party Organization", full):
		return full
	doc = frappe.get_doc(
		{
			"doctype": "Party Organization",
			"organization_name": full,
			"organization_type": org_type,
			"parent_party_organization": parent,
			"secretary": secretary,
			"recorder": recorder,
			"committee_members": [{"user": u} for u in committee],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_member(
	full_name: str,
	branch: str,
	user: str | None = None,
	join_date: str = "2000-01-01",
	group: str | None = None,
	**extra,
) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Party Member",
			"full_name": full_name,
			"party_branch": branch,
			"party_group": group,
			"user": user,
			"join_date": join_date,
			**extra,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def make_period(year: int = YEAR, quarter: int = 1, stage: str = "Open") -> str:
	create_default_scheme(year)
	name = f"{year}-Q{quarter}"
	if not frappe.db.exists("Assessment Period", name):
		frappe.get_doc({"doctype": "Assessment Period", "year": year, "quarter": str(quarter)}).insert(
			ignore_permissions=True
		)
	if stage != frappe.db.get_value("Assessment Period", name, "stage"):
		frappe.db.set_value("Assessment Period", name, "stage", stage)
	return name


def make_outgoing_email_account() -> str:
	"""So that notifications reach the email queue (nothing is sent in tests)."""
	name = "_T Party Points Outgoing"
	if not frappe.db.exists("Email Account", name):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": email("notifications"),
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"smtp_port": 25,
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	return name


def build_organisation() -> frappe._dict:
	"""A committee with two branches (A with a group), their officers and members, and users for each role."""
	o = frappe._dict()
	o.committee_user = make_user("committee")
	o.manager = make_user("manager", ("Party Points Manager",))
	o.recorder_a = make_user("recorder_a")
	o.secretary_a = make_user("secretary_a")
	o.recorder_b = make_user("recorder_b")
	o.member_a_user = make_user("member_a")
	o.member_a2_user = make_user("member_a2")
	o.member_b_user = make_user("member_b")
	o.head = make_user("department_head", ("Department Head",))
	o.committee = make_org("Committee", "Party Committee", committee=(o.committee_user,))
	o.branch_a = make_org(
		"Branch A", "Party Branch", o.committee, secretary=o.secretary_a, recorder=o.recorder_a
	)
	o.group_a1 = make_org("Group A1", "Party Group", o.branch_a)
	o.branch_b = make_org("Branch B", "Party Branch", o.committee, recorder=o.recorder_b)
	o.member_a = make_member("Li Ming", o.branch_a, o.member_a_user, group=o.group_a1)
	o.member_a2 = make_member("Wang Fang", o.branch_a, o.member_a2_user)
	o.member_b = make_member("Zhang Wei", o.branch_b, o.member_b_user)
	o.period = make_period(YEAR, 1)
	make_outgoing_email_account()
	return o


def make_periods(year: int = YEAR) -> list[str]:
	return [make_period(year, q) for q in (1, 2, 3, 4)]


def submit_via_workflow(doc, *steps: tuple[str, str]):
	"""Apply workflow actions in turn, each as its user: ``(user, action)``; returns the reloaded document."""
	from frappe.model.workflow import apply_workflow

	for user, action in steps:
		frappe.set_user(user)
		try:
			doc = apply_workflow(frappe.get_doc(doc.doctype, doc.name), action)
		finally:
			frappe.set_user("Administrator")
	return frappe.get_doc(doc.doctype, doc.name)


def new_application(member: str, period: str, head: str, self_score: float = 18, **extra):
	"""An unsaved Quarterly Application with one task."""
	return frappe.get_doc(
		{
			"doctype": "Quarterly Application",
			"member": member,
			"assessment_period": period,
			"department_head": head,
			"self_score": self_score,
			"tasks": [{"task": "Pipeline inspection of section 3", "completion": "Completed"}],
			**extra,
		}
	)


def remove_committed(members: list[str], orgs: list[str], users: list[str]) -> None:
	"""Remove what a test class committed (for tests whose other connections must see their data)."""
	members = [m for m in members if m]
	scores = frappe.get_all("Member Score", filters={"member": ("in", members or [""])}, pluck="name")
	applications = frappe.get_all(
		"Quarterly Application", filters={"member": ("in", members or [""])}, pluck="name"
	)
	for doctype, names in (("Member Score", scores), ("Quarterly Application", applications)):
		frappe.db.delete("Version", {"ref_doctype": doctype, "docname": ("in", names or [""])})
		frappe.db.delete("Comment", {"reference_doctype": doctype, "reference_name": ("in", names or [""])})
	frappe.db.delete("Member Score Dimension", {"parent": ("in", scores or [""])})
	frappe.db.delete("Quarterly Application Task", {"parent": ("in", applications or [""])})
	frappe.db.delete("Quarterly Application", {"name": ("in", applications or [""])})
	frappe.db.delete("Points Ledger Entry", {"member": ("in", members or [""])})
	frappe.db.delete("Member Score", {"name": ("in", scores or [""])})
	for member in members:
		frappe.delete_doc("Party Member", member, ignore_permissions=True, force=True)
	for org in orgs:  # children first
		if frappe.db.exists("Party Organization", org):
			frappe.delete_doc("Party Organization", org, ignore_permissions=True, force=True)
	if users:
		keep_a_system_manager(users)
	for user in users:
		frappe.db.delete("User Permission", {"user": user})
		if frappe.db.exists("User", user):
			frappe.delete_doc("User", user, ignore_permissions=True, force=True)
	frappe.db.commit()


def keep_a_system_manager(leaving: list[str]) -> None:
	"""Frappe refuses to delete any user when no System Manager but Administrator would remain (a bare
	site): give it another one, once."""
	others = frappe.get_all(
		"Has Role",
		filters={
			"role": "System Manager",
			"parenttype": "User",
			"parent": ("not in", ["Administrator", *leaving]),
		},
		pluck="parent",
	)
	if not frappe.get_all("User", filters={"name": ("in", others or [""]), "enabled": 1}, limit=1):
		make_user("tests_system_manager", ("System Manager",))


def run_in_thread(user: str, work, barrier=None):
	"""Run ``work()`` as ``user`` in another thread with its own site context and database connection.

	The thread commits when ``work`` returns and rolls back when it raises; the result or the
	exception is returned. With a ``barrier``, the threads start their work together.
	"""
	import threading

	site, sites_path, outcome = frappe.local.site, frappe.local.sites_path, {}

	def target() -> None:
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		frappe.flags.in_test = frappe.flags.mute_emails = True
		try:
			frappe.set_user(user)
			if barrier is not None:
				barrier.wait()
			outcome["result"] = work()
			frappe.db.commit()
		except Exception as error:
			frappe.db.rollback()
			outcome["result"] = error
		finally:
			frappe.destroy()

	thread = threading.Thread(target=target)
	thread.start()
	return thread, outcome


def api_token(user: str) -> str:
	"""An Authorization header value for the REST API as ``user`` (the user is saved: commit it)."""
	doc = frappe.get_doc("User", user)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.flags.ignore_permissions = True
	doc.save()
	return f"token {doc.api_key}:{secret}"


def rest_request(method: str, token: str | None, path: str, body: dict | None = None):
	"""A real REST request through Frappe's WSGI app, in its own thread and database connection."""
	import threading
	from unittest.mock import patch

	from frappe.utils import get_test_client

	result = {}

	def call() -> None:
		client = get_test_client(use_cookies=False)
		headers = {"Authorization": token} if token else {}
		result["response"] = getattr(client, method)(path, headers=headers, json=body)

	with patch("frappe.app.get_site_name", return_value=frappe.local.site):
		thread = threading.Thread(target=call)
		thread.start()
		thread.join()
	return result["response"]


def adopt_scores(branch: str, period: str, recorder: str, secretary: str) -> str:
	"""The branch's members' meeting on the period's scores, everyone present, adopting them.

	It is dated on the next period's first day (made if need be, and if that day has come), so that its
	attendance points do not change the period's figures; returns the Branch Members Meeting.
	"""
	from party_points.desk import branch_members

	p = frappe.db.get_value(
		"Assessment Period", period, ["year", "quarter", "start_date", "end_date"], as_dict=True
	)
	year, quarter = (p.year, int(p.quarter) + 1) if int(p.quarter) < 4 else (p.year + 1, 1)
	day = quarter_start = getdate(f"{year}-{3 * quarter - 2:02d}-01")
	if quarter_start > getdate(today()):
		day = p.start_date
	else:
		make_period(year, quarter)
	frappe.set_user(recorder)
	try:
		activity = frappe.get_doc(
			{
				"doctype": "Party Activity",
				"title": "Members' meeting",
				"activity_type": "Branch Members' Meeting",
				"activity_date": day,
				"party_branch": branch,
				"attendance": [
					{"member": m.name, "status": "Present"}
					for m in branch_members(branch, p.start_date, p.end_date)
				],
			}
		).insert()
		activity.submit()
		frappe.set_user(secretary)
		meeting = frappe.get_doc(
			{
				"doctype": "Branch Members Meeting",
				"party_branch": branch,
				"assessment_period": period,
				"party_activity": activity.name,
				"scores_adopted": 1,
				"resolution": "The members' meeting adopts the branch's scores.",
			}
		).insert()
		meeting.submit()
	finally:
		frappe.set_user("Administrator")
	return meeting.name
