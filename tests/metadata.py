"""Static checks of the metadata the app ships: DocTypes, workflows, reports, fixtures, workspaces.

Each checker returns a list of problems (empty = fine), so the tests can run them over the real
files and over deliberately broken examples.
"""

import ast
import json
import keyword
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "party_points"
MODULE = APP / "party_points"
MODULE_NAME = "Party Points"

FIELDTYPES = {
	"Autocomplete", "Attach", "Attach Image", "Barcode", "Button", "Check", "Code", "Color", "Column Break",
	"Currency", "Data", "Date", "Datetime", "Duration", "Dynamic Link", "Float", "Fold", "Geolocation", "Heading",
	"HTML", "HTML Editor", "Icon", "Image", "Int", "JSON", "Link", "Long Text", "Markdown Editor", "Password",
	"Percent", "Phone", "Read Only", "Rating", "Section Break", "Select", "Signature", "Small Text", "Tab Break",
	"Table", "Table MultiSelect", "Text", "Text Editor", "Time",
}  # fmt: skip
NO_VALUE = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold", "Image"}
RESERVED = {
	"name", "owner", "creation", "modified", "modified_by", "parent", "parentfield", "parenttype", "idx",
	"docstatus", "doctype", "_user_tags", "_comments", "_assign", "_liked_by", "_seen",
}  # fmt: skip
# Frappe core DocTypes the app may link to; Employee and Department only through optional custom fields.
CORE_DOCTYPES = {
	"User", "Role", "DocType", "Report", "Print Format", "Email Template", "Email Account", "Workflow",
	"Workflow State", "Workflow Action Master", "Module Def", "File", "Language", "Contact", "Communication",
	"Auto Email Report", "Notification", "ToDo", "Event",
}  # fmt: skip
OPTIONAL_DOCTYPES = {"Employee", "Department"}
CORE_ROLES = {"Administrator", "System Manager", "Guest", "All", "Desk User", "Report Manager"}
PERM_FLAGS = {"read", "write", "create", "delete", "submit", "cancel", "amend", "report", "export", "import",
	"print", "email", "share", "select", "if_owner", "set_user_permissions"}  # fmt: skip


def scrub(name: str) -> str:
	return name.lower().replace(" ", "_").replace("-", "_")


def load(path: Path) -> dict:
	return json.loads(path.read_text(encoding="utf-8"))


def doctype_files() -> list[Path]:
	return sorted(MODULE.glob("doctype/*/*.json"))


def app_doctypes() -> dict[str, dict]:
	return {d["name"]: d for d in map(load, doctype_files())}


def app_roles() -> set[str]:
	tree = ast.parse((APP / "install.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "ROLES" for t in node.targets):
			return set(ast.literal_eval(node.value))
	return set()


def known_roles() -> set[str]:
	return app_roles() | CORE_ROLES


def check_doctype(doc: dict, path: Path | None, doctypes: dict[str, dict], roles: set[str]) -> list[str]:
	name = doc.get("name", "?")
	problems: list[str] = []
	p = problems.append
	if doc.get("doctype") != "DocType":
		p(f"{name}: not a DocType record")
	if doc.get("module") != MODULE_NAME:
		p(f"{name}: module is {doc.get('module')!r}, not {MODULE_NAME!r}")
	if path is not None:
		if path.stem != scrub(name) or path.parent.name != scrub(name):
			p(f"{name}: stored as {path.parent.name}/{path.name}")
		controller = path.with_suffix(".py")
		if not controller.exists():
			p(f"{name}: no controller {controller.name}")
		else:
			cls = name.replace(" ", "").replace("-", "")
			if f"class {cls}(" not in controller.read_text(encoding="utf-8"):
				p(f"{name}: controller has no class {cls}")
	fields = doc.get("fields", [])
	by_name = {}
	for field in fields:
		fieldname, fieldtype = field.get("fieldname", ""), field.get("fieldtype")
		where = f"{name}.{fieldname}"
		if not re.fullmatch(r"[a-z][a-z0-9_]*", fieldname) or keyword.iskeyword(fieldname):
			p(f"{where}: invalid fieldname")
		if fieldname in RESERVED:
			p(f"{where}: reserved fieldname")
		if fieldname in by_name:
			p(f"{where}: duplicate fieldname")
		by_name[fieldname] = field
		if fieldtype not in FIELDTYPES:
			p(f"{where}: unknown fieldtype {fieldtype!r}")
		if fieldtype not in NO_VALUE and not field.get("label") and not field.get("hidden"):
			p(f"{where}: no label")
	for field in fields:
		fieldname, fieldtype, options = field.get("fieldname"), field.get("fieldtype"), field.get("options")
		where = f"{name}.{fieldname}"
		if fieldtype in ("Link", "Table", "Table MultiSelect"):
			if not options:
				p(f"{where}: {fieldtype} without options")
			elif options not in doctypes and options not in CORE_DOCTYPES:
				p(f"{where}: links to unknown DocType {options!r}")
			elif fieldtype != "Link" and options in doctypes and not doctypes[options].get("istable"):
				p(f"{where}: table of {options!r}, which is not a child table")
			elif fieldtype == "Link" and options in doctypes and doctypes[options].get("istable"):
				p(f"{where}: links to the child table {options!r}")
		if fieldtype == "Dynamic Link" and (
			by_name.get(options or "", {}).get("fieldtype") not in ("Link", "Select", "Data")
		):
			p(f"{where}: Dynamic Link's options must name a field of this DocType")
		if fieldtype == "Select":
			choices = (options or "").split("\n")
			if not options:
				p(f"{where}: Select without options")
			if field.get("default") and field["default"] not in choices:
				p(f"{where}: default {field['default']!r} is not an option")
		if field.get("fetch_from"):
			link, _, target = field["fetch_from"].partition(".")
			link_field = by_name.get(link)
			if not link_field or link_field.get("fieldtype") != "Link":
				p(f"{where}: fetch_from {field['fetch_from']!r} does not start at a Link field")
			elif link_field.get("options") in doctypes:
				target_fields = {f["fieldname"] for f in doctypes[link_field["options"]].get("fields", [])}
				if target not in target_fields:
					p(f"{where}: fetch_from names {target!r}, not a field of {link_field['options']}")
	order = doc.get("field_order")
	if order is not None and order != [f.get("fieldname") for f in fields]:
		p(f"{name}: field_order does not match fields")
	if doc.get("is_tree"):
		parent = doc.get("nsm_parent_field")
		for needed in ("lft", "rgt", "old_parent", parent):
			if needed not in by_name:
				p(f"{name}: tree without field {needed!r}")
	for fieldname in ("title_field", "sort_field"):
		value = doc.get(fieldname)
		if value and value not in by_name and value not in {"name", "modified", "creation"}:
			p(f"{name}: {fieldname} {value!r} is not a field")
	for perm in doc.get("permissions", []):
		if perm.get("role") not in roles:
			p(f"{name}: permission for unknown role {perm.get('role')!r}")
		for key, value in perm.items():
			if key in PERM_FLAGS and value not in (0, 1):
				p(f"{name}: permission flag {key}={value!r}")
	if doc.get("istable") and doc.get("permissions"):
		p(f"{name}: a child table carries permissions")
	if not doc.get("istable") and not doc.get("permissions"):
		p(f"{name}: no permissions: nobody could use it")
	return problems


def check_workflow(doc: dict, doctypes: dict[str, dict], roles: set[str]) -> list[str]:
	"""States and transitions that Frappe accepts and a user can actually walk."""
	name = doc.get("workflow_name", "?")
	problems: list[str] = []
	p = problems.append
	target = doctypes.get(doc.get("document_type"))
	if target is None:
		p(f"{name}: unknown document type {doc.get('document_type')!r}")
		return problems
	fields = {f["fieldname"]: f for f in target.get("fields", [])}
	state_field = doc.get("workflow_state_field") or "workflow_state"
	if state_field not in fields:
		p(f"{name}: {doc.get('document_type')} has no field {state_field!r}")
	states = {}
	for state in doc.get("states", []):
		if state["state"] in states:
			p(f"{name}: state {state['state']!r} twice")
		states[state["state"]] = state
		if str(state.get("doc_status", "0")) not in ("0", "1", "2"):
			p(f"{name}: state {state['state']!r} has docstatus {state.get('doc_status')!r}")
		if str(state.get("doc_status", "0")) != "0" and not target.get("is_submittable"):
			p(f"{name}: state {state['state']!r} submits a DocType that is not submittable")
		if state.get("allow_edit") not in roles:
			p(f"{name}: state {state['state']!r} editable by unknown role {state.get('allow_edit')!r}")
		if state.get("update_field") and state["update_field"] not in fields:
			p(f"{name}: state {state['state']!r} updates unknown field {state['update_field']!r}")
	if not states:
		p(f"{name}: no states")
		return problems
	reachable, frontier = set(), [next(iter(states))]
	for tr in doc.get("transitions", []):
		for key in ("state", "next_state"):
			if tr.get(key) not in states:
				p(f"{name}: transition {tr.get('action')!r} uses unknown state {tr.get(key)!r}")
		if tr.get("allowed") not in roles:
			p(f"{name}: transition {tr.get('action')!r} allowed to unknown role {tr.get('allowed')!r}")
		if tr.get("state") in states and tr.get("next_state") in states:
			before, after = (int(states[tr[k]].get("doc_status", 0)) for k in ("state", "next_state"))
			if (before, after) not in {(0, 0), (0, 1), (1, 1), (1, 2), (2, 2)}:
				p(f"{name}: transition {tr.get('action')!r} moves docstatus {before} to {after}")
	while frontier:
		state = frontier.pop()
		if state in reachable:
			continue
		reachable.add(state)
		frontier += [t["next_state"] for t in doc.get("transitions", []) if t.get("state") == state]
	for state in states:
		if state not in reachable:
			p(f"{name}: state {state!r} cannot be reached from {next(iter(states))!r}")
	return problems


def check_report(doc: dict, path: Path, doctypes: dict[str, dict], roles: set[str]) -> list[str]:
	name = doc.get("name", "?")
	problems: list[str] = []
	p = problems.append
	if doc.get("module") != MODULE_NAME:
		p(f"{name}: module is {doc.get('module')!r}")
	if doc.get("ref_doctype") not in doctypes:
		p(f"{name}: ref_doctype {doc.get('ref_doctype')!r} is not an app DocType")
	if doc.get("is_standard") != "Yes":
		p(f"{name}: not standard")
	for role in doc.get("roles", []):
		if role.get("role") not in roles:
			p(f"{name}: unknown role {role.get('role')!r}")
	if doc.get("report_type") == "Script Report":
		source = path.with_suffix(".py")
		if not source.exists() or "def execute(" not in source.read_text(encoding="utf-8"):
			p(f"{name}: Script Report without execute() in {source.name}")
	return problems


def check_fixtures(hooks_source: str, fixture_dir: Path) -> list[str]:
	"""Fixtures are overwritten on every migrate: each must be filtered, and never a company's editable record."""
	problems: list[str] = []
	tree = ast.parse(hooks_source)
	fixtures = []
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "fixtures" for t in node.targets):
			fixtures = ast.literal_eval(node.value)
	editable = {"Workflow", "Auto Email Report", "Points Scheme", "Party Points Settings", "Custom Field"}
	for entry in fixtures:
		doctype = entry if isinstance(entry, str) else entry.get("dt") or entry.get("doctype")
		if isinstance(entry, str) or not entry.get("filters"):
			problems.append(f"fixture {doctype!r} is not filtered")
		if doctype in editable:
			problems.append(f"fixture {doctype!r} would overwrite a company's edits on every migrate")
	for path in sorted(fixture_dir.glob("*.json")):
		try:
			records = load(path)
		except json.JSONDecodeError as error:
			problems.append(f"{path.name}: invalid JSON ({error})")
			continue
		for record in records:
			if "doctype" not in record or "name" not in record:
				problems.append(f"{path.name}: a record without doctype or name")
	return problems
