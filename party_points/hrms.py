"""Party Points inside a company's ERPNext / HRMS: members from Employees, members that follow their
Employee, the department head from HRMS's data, and the Employee's Party Points connection.

Everything here is optional. ERPNext brings Employee, Department and Branch; HRMS adds the
departments' approvers. On plain Frappe, Party Member has no Employee link (install adds it only
where the Employee DocType exists): the document events and the form hooks then do nothing, and the
whitelisted methods say that ERPNext / HRMS is not installed.

Who may do what:
- HR Manager, HR User and Employee get nothing of the app through their HRMS roles. Party
  membership and points are the Party organisation's records, and HR roles are broad (every HR
  clerk of every company on the site). An HR officer who keeps the member roll is given a party role
  (the "Party Points HR" Role Profile, or Branch Secretary with a User Permission on their branches).
- Creating members from Employees needs both: reading those Employees (HRMS's own permissions,
  applied by ``frappe.get_list``) and creating Party Members in the chosen branch (the app's
  permissions and User Permissions, checked on the new member).
- Keeping in step runs for whoever edits the Employee, silently: the member is written as the system
  (its version history names the editor), and the editor is shown nothing of it. A message would tell
  an HR clerk who is a Party member.

The department head (:func:`suggest_department_head`): the user of the Employee that the member's
Employee reports to (``reports_to``) wins. Otherwise it is the first leave approver (HRMS's Department
Approver rows, ``leave_approvers``) of the member's department, then of its parent departments, nearest
first, the way HRMS looks up a leave approver. A candidate counts only when their user is enabled,
holds the Department Head role and is not the member themselves. The expense approvers are not read:
they approve money, not someone's work.
"""

from html import escape
from urllib.parse import quote

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import flt, getdate, today

from party_points.constants import DEPARTMENT_HEAD, MEMBER, PERIOD, SCORE
from party_points.loaders import locking_read, score_name

EMPLOYEE = "Employee"
DEPARTMENT = "Department"
RATING = "Annual Rating"
ACTIVE, LEFT = "Active", "Left"

# Where an application's department head came from (Quarterly Application.department_head_source).
FROM_REPORTS_TO = "Reports To"
FROM_DEPARTMENT = "Department Approver"
BY_HAND = "Entered by Hand"

EMPLOYEE_FIELDS = ("name", "employee_name", "user_id", "department", "status", "relieving_date")
FOLLOWED = ("full_name", "user", "department", "status", "leave_date")
"""What a member takes from their Employee; a save of the Employee that changes none of it writes nothing."""


class HRMSNotInstalledError(frappe.ValidationError):
	"""Employees are ERPNext's (and HRMS's); on plain Frappe there are none to make members from."""


class NoEmployeesChosenError(frappe.ValidationError):
	"""Neither Employees nor a company, department or branch to take them from."""


def has_employee_link() -> bool:
	"""Whether this site links Party Members to Employees (ERPNext or HRMS installed)."""
	return bool(frappe.get_meta(MEMBER).has_field("employee")) and bool(frappe.db.exists("DocType", EMPLOYEE))


def require_employee_link() -> None:
	if not has_employee_link():
		frappe.throw(
			_("Party Members are made from Employees only where ERPNext or HRMS is installed"),
			exc=HRMSNotInstalledError,
		)


# Members from Employees ---------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def create_members_from_employees(
	party_branch: str,
	employees: list | str | None = None,
	company: str | None = None,
	department: str | None = None,
	branch: str | None = None,
	party_group: str | None = None,
	join_date: str | None = None,
	dry_run: bool | int | str = False,
) -> dict:
	"""Create the Party Members of a branch from Employees, in one step.

	The Employees are the names given (the Employee list's bulk action), or every active Employee of
	the company, department (its sub-departments included) or ERPNext Branch given, among those the user
	may read. Each member takes the Employee's name, login (``user_id``) and department, and joins on
	``join_date`` (default: today). An Employee who already has a member is skipped; so is one who is
	not active. A hand-made member holding the Employee's login and no Employee is linked to it instead
	of being doubled. With ``dry_run`` nothing is written: the answer says what would happen.

	Returns ``{"created": [...], "linked": [...], "skipped": [...]}``, each row with the employee, their
	name and the member, and for a skipped one the reason.
	"""
	require_employee_link()
	dry_run = bool(frappe.utils.cint(dry_run)) if isinstance(dry_run, str) else bool(dry_run)
	join_date = str(getdate(join_date or today()))
	check_may_create(party_branch, party_group, join_date)
	names = frappe.parse_json(employees) if isinstance(employees, str) and employees.strip() else employees
	rows, missing = chosen_employees(names, company, department, branch)
	out = {"created": [], "linked": [], "skipped": [], "dry_run": dry_run}
	out["skipped"] += [
		{"employee": name, "employee_name": name, "reason": _("not found, or you may not read it")}
		for name in missing
	]
	if not rows:
		return out
	if not dry_run:
		lock_employees([r.name for r in rows])
	members = members_of_employees([r.name for r in rows], [r.user_id for r in rows if r.user_id])
	for row in rows:
		outcome = plan(row, members)
		if outcome["kind"] == "skipped" or dry_run:
			out[outcome["kind"]].append(outcome["row"])
		elif outcome["kind"] == "linked":
			out["linked"].append(link_member(outcome["member"], row, outcome["row"]))
		else:
			done = insert_member(row, party_branch, party_group, join_date)
			out["skipped" if done.get("reason") else "created"].append(done)
	return out


def check_may_create(party_branch: str, party_group: str | None, join_date: str) -> None:
	"""The user may create a Party Member in this branch (its User Permissions included), and it is one."""
	probe = frappe.new_doc(MEMBER)
	probe.update(
		{"full_name": "-", "party_branch": party_branch, "party_group": party_group, "join_date": join_date}
	)
	probe.check_permission("create")
	probe.validate_branch_and_group()


def chosen_employees(
	names: list | None, company: str | None, department: str | None, branch: str | None
) -> tuple[list[frappe._dict], list[str]]:
	"""The Employees the user chose and may read, and the names given that are not among them."""
	filters = {}
	if company:
		filters["company"] = company
	if department:
		filters["department"] = ("descendants of (inclusive)", department)
	if branch:
		filters["branch"] = branch
	if names:
		names = list(dict.fromkeys(n for n in names if n))
		filters["name"] = ("in", names)
	elif filters:
		filters["status"] = ACTIVE
	else:
		frappe.throw(
			_("Choose the Employees, or a company, department or branch to take them from"),
			exc=NoEmployeesChosenError,
		)
	rows = frappe.get_list(
		EMPLOYEE, filters=filters, fields=list(EMPLOYEE_FIELDS), order_by="employee_name asc", limit=0
	)
	found = {r.name for r in rows}
	return rows, [n for n in names or () if n not in found]


def lock_employees(names: list[str]) -> None:
	"""Two people creating the same Employees' members take turns: the second then finds them made."""
	emp = frappe.qb.DocType(EMPLOYEE)
	frappe.qb.from_(emp).select(emp.name).where(emp.name.isin(names)).orderby(emp.name).for_update().run()


def members_of_employees(employees: list[str], users: list[str]) -> dict[str, dict]:
	"""Existing members by Employee and by login, read with shared locks (the latest committed rows)."""
	pm = frappe.qb.DocType(MEMBER)
	query = frappe.qb.from_(pm).select("*").where(pm.employee.isin(employees) | pm.user.isin(users or [""]))
	by_employee, by_user = {}, {}
	for row in locking_read(query):
		# A document as read with the lock: a plain read may not see a member made meanwhile.
		row = frappe.get_doc({**row, "doctype": MEMBER})
		if row.employee:
			by_employee[row.employee] = row
		if row.user:
			by_user[row.user] = row
	return {"employee": by_employee, "user": by_user}


def plan(row: frappe._dict, members: dict) -> dict:
	"""What becomes of one Employee: created, linked (a member with their login) or skipped, and why."""
	base = {"employee": row.name, "employee_name": row.employee_name}
	existing = members["employee"].get(row.name)
	if existing:
		return {"kind": "skipped", "row": {**base, **shown(existing), "reason": _("already a member")}}
	if row.status != ACTIVE:
		return {
			"kind": "skipped",
			"row": {**base, "reason": _("the Employee is not active ({0})").format(_(row.status))},
		}
	holder = members["user"].get(row.user_id) if row.user_id else None
	if holder and holder.employee:
		reason = _("their login {0} belongs to another member").format(row.user_id)
		return {"kind": "skipped", "row": {**base, **shown(holder), "reason": reason}}
	if holder:
		if not frappe.has_permission(MEMBER, "write", doc=holder):
			reason = _("already a member under their login, which you may not edit")
			return {"kind": "skipped", "row": {**base, "reason": reason}}
		return {"kind": "linked", "member": holder.name, "row": {**base, **shown(holder)}}
	return {"kind": "created", "row": {**base, "member": None}}


def shown(member) -> dict:
	"""A member's name and branch, for a user who may read that member; nothing more for others."""
	if frappe.has_permission(MEMBER, "read", doc=member):
		return {"member": member.name, "member_name": member.full_name, "party_branch": member.party_branch}
	return {}


def insert_member(row: frappe._dict, party_branch: str, party_group: str | None, join_date: str) -> dict:
	"""Insert one member as the user; a member made meanwhile by someone else is reported as skipped."""
	base = {"employee": row.name, "employee_name": row.employee_name}
	doc = frappe.get_doc(
		{
			"doctype": MEMBER,
			"full_name": row.employee_name,
			"user": row.user_id,
			"employee": row.name,
			"department": row.department,
			"party_branch": party_branch,
			"party_group": party_group,
			"join_date": join_date,
			"status": ACTIVE,
		}
	)
	messages = len(frappe.local.message_log)
	frappe.db.savepoint("pp_member_from_employee")
	try:
		doc.insert()
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point="pp_member_from_employee")
		del frappe.local.message_log[messages:]
		return {**base, "reason": _("already a member (made meanwhile)")}
	doc.add_comment("Info", _("Created from Employee {0}").format(row.name))
	return {**base, "member": doc.name, "member_name": doc.full_name, "party_branch": party_branch}


def link_member(member: str, row: frappe._dict, shown_row: dict) -> dict:
	doc = frappe.get_doc(MEMBER, member)
	doc.employee = row.name
	doc.department = doc.department or row.department
	doc.save()
	doc.add_comment("Info", _("Linked to Employee {0}, who has the same login").format(row.name))
	return shown_row


# Keeping in step ----------------------------------------------------------------------------------


def on_employee_update(doc, method: str | None = None) -> None:
	"""Employee on_update: the member follows the name, login and department; relieving ends it."""
	if not has_employee_link():
		return
	name = frappe.db.get_value(MEMBER, {"employee": doc.name})
	if not name:
		return  # not a member, or a member who is not an employee: nothing to follow
	before = doc.get_doc_before_save()
	member = frappe.get_doc(MEMBER, name)
	original = {f: member.get(f) for f in FOLLOWED}
	notes = follow_identity(member, doc, before)
	notes += follow_relieving(member, doc, before, getdate(today()))
	member.flags.followed = any(member.get(f) != value for f, value in original.items())
	save_quietly(member, notes)


def changed(doc, before, field: str) -> bool:
	return before is None or (doc.get(field) or None) != (before.get(field) or None)


def follow_identity(member, employee, before) -> list[str]:
	"""Name, login and department follow the Employee when they change there."""
	notes = []
	if changed(employee, before, "employee_name") and employee.employee_name:
		member.full_name = employee.employee_name
	if changed(employee, before, "department") and member.meta.has_field("department"):
		member.department = employee.department
	if changed(employee, before, "user_id") and member.user != employee.user_id:
		holder = employee.user_id and frappe.db.get_value(
			MEMBER, {"user": employee.user_id, "name": ("!=", member.name)}
		)
		if holder:
			notes.append(
				_("The login {0} of Employee {1} was not taken over: it belongs to member {2}").format(
					employee.user_id, employee.name, holder
				)
			)
		else:
			member.user = employee.user_id
	return notes


def relieved_on(employee, on) -> object | None:
	"""The date an Employee's membership ends: status Left, or a relieving date that has come."""
	relieving = getdate(employee.relieving_date) if employee.get("relieving_date") else None
	if employee.status == LEFT:
		return relieving or on
	return relieving if relieving and relieving <= on else None


def follow_relieving(member, employee, before, on) -> list[str]:
	"""Relieving ends the membership on the relieving date (points stay); a date to come is noted."""
	ends = relieved_on(employee, on)
	if ends and member.status == ACTIVE:
		return end_membership(member, employee, ends)
	if ends and member.status == LEFT and before is not None:
		earlier = relieved_on(before, on)
		if (
			earlier
			and getdate(member.leave_date) == max(earlier, getdate(member.join_date))
			and ends != earlier
		):
			member.leave_date = max(ends, getdate(member.join_date))
			return [
				_("Employee {0}'s relieving date moved to {1}: so did the leaving date").format(
					employee.name, frappe.format(ends, {"fieldtype": "Date"})
				)
			]
		return []
	relieving = employee.get("relieving_date")
	if relieving and not ends and member.status == ACTIVE and changed(employee, before, "relieving_date"):
		return [
			_("Employee {0} is to be relieved on {1}; the membership ends on that day").format(
				employee.name, frappe.format(getdate(relieving), {"fieldtype": "Date"})
			)
		]
	if not ends and member.status == LEFT and before is not None:
		earlier = relieved_on(before, on)
		if earlier and getdate(member.leave_date) == max(earlier, getdate(member.join_date)):
			member.status, member.leave_date = ACTIVE, None
			return [_("Employee {0} is no longer relieved: the membership continues").format(employee.name)]
	return []


def end_membership(member, employee, ends) -> list[str]:
	member.status = LEFT
	member.leave_date = max(ends, getdate(member.join_date))
	return [
		_(
			"Membership ended on {0}: Employee {1} was relieved on {2}. "
			"No points were removed: the ledger keeps every entry."
		).format(
			frappe.format(member.leave_date, {"fieldtype": "Date"}),
			employee.name,
			frappe.format(ends, {"fieldtype": "Date"}),
		)
	]


def save_quietly(member, notes: list[str]) -> None:
	"""Save what followed, as the system and without a message to the Employee's editor.

	An Employee is HR's record: a member that cannot follow (a validation of the app) must not stop its
	save, nor tell the editor about a Party member. The member gets a comment and the error log the rest.
	"""
	if member.flags.followed:
		messages = len(frappe.local.message_log)
		frappe.db.savepoint("pp_follow_employee")
		try:
			member.flags.ignore_permissions = True
			member.save()
		except frappe.ValidationError:
			frappe.db.rollback(save_point="pp_follow_employee")
			frappe.log_error(title=_("Party Member {0} could not follow its Employee").format(member.name))
			notes = [
				*notes,
				_("This member could not follow a change of Employee {0}; see the Error Log").format(
					member.employee
				),
			]
		del frappe.local.message_log[messages:]
	for note in notes:
		member.add_comment("Info", note)


def end_memberships_due(on: str | None = None) -> int:
	"""Daily: members whose Employee's relieving date has come (set in advance) end their membership."""
	if not has_employee_link():
		return 0
	on = getdate(on or today())
	pm, emp = frappe.qb.DocType(MEMBER), frappe.qb.DocType(EMPLOYEE)
	due = (
		frappe.qb.from_(pm)
		.join(emp)
		.on(pm.employee == emp.name)
		.select(pm.name, *(emp[f] for f in EMPLOYEE_FIELDS if f != "name"), emp.name.as_("employee"))
		.where(pm.status == ACTIVE)
		.where((emp.status == LEFT) | (emp.relieving_date <= on))
	).run(as_dict=True)
	for row in due:
		member = frappe.get_doc(MEMBER, row.name)
		employee = frappe._dict(row, name=row.employee)
		member.flags.followed = True
		save_quietly(member, end_membership(member, employee, relieved_on(employee, on)))
	return len(due)


def on_employee_trash(doc, method: str | None = None) -> None:
	"""Employee on_trash: its member stays, without the Employee (and the deletion is not refused)."""
	if not has_employee_link():
		return
	for name in frappe.get_all(MEMBER, filters={"employee": doc.name}, pluck="name"):
		frappe.db.set_value(MEMBER, name, "employee", None)
		frappe.get_doc(MEMBER, name).add_comment(
			"Info", _("Employee {0} was deleted; the member keeps its record without it").format(doc.name)
		)


# The department head ------------------------------------------------------------------------------


def suggest_department_head(member: str) -> frappe._dict:
	"""Who HRMS says signs off the member's application: ``user``, ``source`` (the reports-to Employee
	or the department's approver) and ``passed_over`` (who came first but cannot, and why). ``user``
	is None for a member who is not an employee, or when no candidate fits."""
	out = frappe._dict(user=None, source=None, passed_over=[])
	if not member or not has_employee_link():
		return out
	m = frappe.db.get_value(MEMBER, member, ["user", "employee", "department"], as_dict=True)
	if not m or not m.employee:
		return out
	employee = frappe.db.get_value(EMPLOYEE, m.employee, ["reports_to", "department"], as_dict=True)
	if not employee:
		return out
	candidates = []
	if employee.reports_to:
		boss = frappe.db.get_value(EMPLOYEE, employee.reports_to, ["user_id", "employee_name"], as_dict=True)
		if boss and boss.user_id:
			candidates.append((boss.user_id, FROM_REPORTS_TO))
		elif boss:
			out.passed_over.append(
				_("{0}, whom the member reports to, has no login").format(boss.employee_name)
			)
	candidates += [
		(user, FROM_DEPARTMENT) for user in department_approvers(m.department or employee.department)
	]
	fit = users_who_may_sign_off({user for user, _source in candidates})
	for user, source in candidates:
		if user == m.user:
			continue  # the member heads the department: the next one up signs off
		if user not in fit:
			out.passed_over.append(
				_("{0} ({1}) does not hold the Department Head role, or the user is disabled").format(
					frappe.utils.get_fullname(user), _(source)
				)
			)
			continue
		out.user, out.source = user, source
		break
	return out


def department_approvers(department: str | None) -> list[str]:
	"""The leave approvers of the department, then of its parents, nearest first (HRMS's own order)."""
	if not department or not frappe.get_meta(DEPARTMENT).has_field("leave_approvers"):
		return []
	dept, own = frappe.qb.DocType(DEPARTMENT), frappe.qb.DocType(DEPARTMENT).as_("own")
	approver = frappe.qb.DocType("Department Approver")
	rows = (
		frappe.qb.from_(approver)
		.join(dept)
		.on(approver.parent == dept.name)
		.join(own)
		.on((dept.lft <= own.lft) & (dept.rgt >= own.rgt))
		.select(approver.approver)
		.where(own.name == department)
		.where(approver.parenttype == DEPARTMENT)
		.where(approver.parentfield == "leave_approvers")
		.where(dept.disabled == 0)
		.orderby(dept.lft, order=Order.desc)
		.orderby(approver.idx)
	).run(pluck=True)
	return list(dict.fromkeys(r for r in rows if r))


def users_who_may_sign_off(users: set[str]) -> set[str]:
	"""Of these users, the enabled ones holding the Department Head role (one query)."""
	if not users:
		return set()
	user, has_role = frappe.qb.DocType("User"), frappe.qb.DocType("Has Role")
	return set(
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.where(user.name.isin(list(users)))
		.where(user.enabled == 1)
		.where(has_role.role == DEPARTMENT_HEAD)
		.run(pluck=True)
	)


def default_department_head(doc) -> None:
	"""Quarterly Application before_validate: an empty department head is filled in from HRMS, and
	``department_head_source`` says where the value came from (or that it was entered by hand).

	A head chosen by hand is kept. The source is worked out when the head is set or changed, or when a
	head that came from HRMS follows a change of member; later changes in HRMS leave it as it was.
	"""
	if not doc.get("member") or not has_employee_link():
		return
	by_hand = doc.get("department_head_source") == BY_HAND
	head_changed = doc.is_new() or doc.has_value_changed("department_head")
	member_changed = not doc.is_new() and doc.has_value_changed("member") and not by_hand
	if doc.get("department_head") and not head_changed and not member_changed:
		return
	suggestion = suggest_department_head(doc.member)
	if not doc.get("department_head") or (member_changed and not head_changed):
		doc.department_head = suggestion.user
	if not doc.department_head:
		doc.department_head_source = None
	elif doc.department_head == suggestion.user:
		doc.department_head_source = suggestion.source
	else:
		doc.department_head_source = BY_HAND


@frappe.whitelist()
def department_head_for(member: str) -> dict:
	"""For the application form: the suggested head, where they come from, and who was passed over."""
	frappe.has_permission(MEMBER, "read", doc=member, throw=True)
	suggestion = suggest_department_head(member)
	return {
		"user": suggestion.user,
		"source": suggestion.source,
		"source_label": _(suggestion.source) if suggestion.source else None,
		"full_name": frappe.utils.get_fullname(suggestion.user) if suggestion.user else None,
		"passed_over": suggestion.passed_over,
	}


# The Employee's form ------------------------------------------------------------------------------


def employee_dashboard(data: dict) -> dict:
	"""override_doctype_dashboards for Employee: the member record among the connections. Frappe shows
	it only to users who may read Party Members; :func:`get_open_count` keeps its count to them too."""
	if frappe.get_meta(MEMBER).has_field("employee"):
		data = frappe._dict(data)
		data.setdefault("transactions", []).append({"label": _("Party Points"), "items": [MEMBER]})
	return data


@frappe.whitelist()
def get_open_count(doctype: str, name: str, items: list | str | None = None) -> dict:
	"""Frappe's connection counts, with this app's DocTypes counted as the user may see them.

	Frappe counts linked records without permissions (``frappe.get_all``), so asking the Employee's
	counts for Party Member would tell an HR clerk who is a Party member. Wired through
	``override_whitelisted_methods`` for ``frappe.desk.notifications.get_open_count``.
	"""
	from frappe.desk.notifications import get_open_count as frappe_get_open_count

	out = frappe_get_open_count(doctype, name, items)
	links = frappe.get_meta(doctype).get_dashboard_data()
	for row in out.get("count", {}).get("external_links_found", []):
		linked = row.get("doctype")
		if not linked or frappe.get_meta(linked).module != "Party Points":
			continue
		fieldname = links.get("non_standard_fieldnames", {}).get(linked, links.get("fieldname"))
		count = 0
		if frappe.has_permission(linked, "read"):
			count = len(frappe.get_list(linked, filters={fieldname: name}, pluck="name", limit=100))
		row["count"], row["open_count"] = count, min(row.get("open_count") or 0, count)
	return out


@frappe.whitelist()
def employee_points(employee: str) -> dict | None:
	"""The Employee form's Party Points section: the member, this quarter's score and the last annual
	grade, for a user who may read that member. None for everybody else, exactly as for an Employee
	who is not a member, so that the answer tells them nothing."""
	if not has_employee_link():
		return None
	member = frappe.db.get_value(
		MEMBER,
		{"employee": employee},
		["name", "full_name", "party_branch", "status", "leave_date"],
		as_dict=True,
	)
	if not member or not frappe.has_permission(MEMBER, "read", doc=member.name):
		return None
	out = {"member": member, "score": readable_score(member.name), "rating": readable_rating(member.name)}
	out["html"] = render_points(out)
	return out


def readable_score(member: str) -> dict | None:
	"""This quarter's Member Score, else the newest one; only one the user may read."""
	day = getdate(today())
	current = frappe.db.get_value(PERIOD, {"start_date": ("<=", day), "end_date": (">=", day)})
	names = [score_name(member, current)] if current else []
	names += frappe.get_all(
		SCORE, filters={"member": member}, order_by="year desc, quarter desc", pluck="name", limit=1
	)
	for name in names:
		if frappe.db.exists(SCORE, name) and frappe.has_permission(SCORE, "read", doc=name):
			score = frappe.db.get_value(
				SCORE, name, ["name", "assessment_period", "daily_conduct", "stage"], as_dict=True
			)
			score.current = score.assessment_period == current
			score.current_period = current
			return score
	return None


def readable_rating(member: str) -> dict | None:
	"""The last approved Annual Rating (submitted), if the user may read it."""
	rows = frappe.get_all(
		RATING,
		filters={"member": member, "docstatus": 1},
		fields=["name", "year", "grade", "total"],
		order_by="year desc",
		limit=1,
	)
	if rows and frappe.has_permission(RATING, "read", doc=rows[0].name):
		return rows[0]
	return None


def render_points(data: dict) -> str:
	"""The section's HTML, every value escaped, in the reader's language."""
	member, score, rating = data["member"], data["score"], data["rating"]

	def link(doctype: str, name: str, label: str) -> str:
		url = escape(f"/app/{frappe.scrub(doctype).replace('_', '-')}/{quote(name)}")
		return f'<a href="{url}">{escape(label)}</a>'

	def cell(title: str, body: str) -> str:
		return f'<div class="col-sm-4"><div class="text-muted small">{escape(title)}</div><div>{body}</div></div>'

	status = escape(_(member.status))
	if member.leave_date:
		status += " · " + escape(
			_("left on {0}").format(frappe.format(member.leave_date, {"fieldtype": "Date"}))
		)
	cells = [
		cell(
			_("Party Member"),
			f"{link(MEMBER, member.name, member.full_name)}<br>{escape(member.party_branch)} · {status}",
		)
	]
	if score:
		title = (
			_("This quarter ({0})").format(score.assessment_period)
			if score.current
			else _("Last scored quarter ({0})").format(score.assessment_period)
		)
		figure = frappe.format(flt(score.daily_conduct), {"fieldtype": "Float", "precision": 2})
		body = f"<b>{link(SCORE, score.name, figure)}</b> {escape(_('Daily Conduct'))} · {escape(_(score.stage))}"
		cells.append(cell(title, body))
	else:
		cells.append(cell(_("This quarter"), escape(_("No score yet"))))
	if rating:
		total = frappe.format(flt(rating.total), {"fieldtype": "Float", "precision": 2})
		cells.append(
			cell(
				_("Annual grade {0}").format(rating.year),
				f"<b>{link(RATING, rating.name, _(rating.grade))}</b> ({escape(total)})",
			)
		)
	else:
		cells.append(cell(_("Annual grade"), escape(_("No approved rating yet"))))
	return f'<div class="row pp-employee-points">{"".join(cells)}</div>'
