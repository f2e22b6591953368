"""Tier-1 static checks of every DocType, workflow, report and fixture the app ships."""

import copy
import json

import pytest

from tests import metadata as m

DOCTYPES = m.app_doctypes()
ROLES = m.known_roles()


def test_the_app_ships_its_doctypes():
	expected = {
		"Party Organization", "Party Member", "Points Scheme", "Assessment Period", "Points Ledger Entry",
		"Member Score", "Party Points Settings",
	}  # fmt: skip
	assert expected <= set(DOCTYPES)


@pytest.mark.parametrize("path", m.doctype_files(), ids=lambda p: p.parent.name)
def test_doctype_is_valid(path):
	assert m.check_doctype(m.load(path), path, DOCTYPES, ROLES) == []


def test_every_role_the_app_uses_is_created_on_install():
	used = {perm["role"] for doc in DOCTYPES.values() for perm in doc.get("permissions", [])}
	assert used - m.CORE_ROLES <= m.app_roles()
	assert m.app_roles() == {
		"Party Member", "Department Head", "Party Recorder", "Branch Secretary", "Party Committee",
		"Party Points Manager",
	}  # fmt: skip


def test_nobody_may_edit_or_delete_the_ledger():
	for perm in DOCTYPES["Points Ledger Entry"]["permissions"]:
		assert not perm.get("write") and not perm.get("delete"), perm["role"]
	for perm in DOCTYPES["Member Score"]["permissions"]:
		assert not perm.get("create") and not perm.get("delete"), perm["role"]


@pytest.mark.parametrize("path", sorted((m.APP / "workflow").glob("*.json")), ids=lambda p: p.stem)
def test_workflow_is_legal(path):
	assert m.check_workflow(m.load(path), DOCTYPES, ROLES) == []


@pytest.mark.parametrize("path", sorted(m.MODULE.glob("report/*/*.json")), ids=lambda p: p.stem)
def test_report_is_valid(path):
	assert m.check_report(m.load(path), path, DOCTYPES, ROLES) == []


def test_fixtures_are_filtered_and_never_company_editable():
	assert m.check_fixtures((m.APP / "hooks.py").read_text(encoding="utf-8"), m.APP / "fixtures") == []


def test_every_json_file_parses():
	for path in m.APP.rglob("*.json"):
		json.loads(path.read_text(encoding="utf-8"))


# The checkers catch what they claim to -------------------------------------------------------


def broken(doctype, **changes):
	doc = copy.deepcopy(DOCTYPES[doctype])
	doc.update(changes)
	return doc


def test_checker_catches_bad_fieldtypes_links_roles_and_fetches():
	doc = broken("Party Member")
	doc["fields"] = [
		*copy.deepcopy(doc["fields"]),
		{"fieldname": "shoe_size", "fieldtype": "Shoe", "label": "Shoe Size"},
		{"fieldname": "club", "fieldtype": "Link", "label": "Club", "options": "Golf Club"},
		{"fieldname": "name", "fieldtype": "Data", "label": "Name"},
		{"fieldname": "nick", "fieldtype": "Data", "label": "Nick", "fetch_from": "user.no_such_field"},
		{"fieldname": "kind", "fieldtype": "Select", "label": "Kind", "options": "A\nB", "default": "C"},
	]
	doc["permissions"] = [*doc["permissions"], {"role": "Golfer", "read": 1}]
	problems = m.check_doctype(doc, None, DOCTYPES, ROLES)
	assert "Party Member.shoe_size: unknown fieldtype 'Shoe'" in problems
	assert "Party Member.club: links to unknown DocType 'Golf Club'" in problems
	assert "Party Member.name: reserved fieldname" in problems
	assert "Party Member: permission for unknown role 'Golfer'" in problems
	assert "Party Member.kind: default 'C' is not an option" in problems
	assert "Party Member: field_order does not match fields" in problems
	member_fetch = broken("Points Ledger Entry")
	member_fetch["fields"] = [
		dict(f, fetch_from="member.no_such_field") if f["fieldname"] == "member_name" else f
		for f in member_fetch["fields"]
	]
	assert (
		"Points Ledger Entry.member_name: fetch_from names 'no_such_field', not a field of Party Member"
		in m.check_doctype(member_fetch, None, DOCTYPES, ROLES)
	)


def test_checker_catches_a_table_of_a_non_child_doctype():
	doc = broken("Points Scheme")
	doc["fields"] = [
		dict(f, options="Party Member") if f["fieldname"] == "items" else f for f in doc["fields"]
	]
	assert "Points Scheme.items: table of 'Party Member', which is not a child table" in m.check_doctype(
		doc, None, DOCTYPES, ROLES
	)


def test_checker_catches_illegal_workflows():
	doctypes = dict(
		DOCTYPES,
		**{
			"Thing": {
				"name": "Thing",
				"fields": [{"fieldname": "workflow_state", "fieldtype": "Link"}],
				"is_submittable": 1,
			}
		},
	)
	workflow = {
		"workflow_name": "Thing Approval",
		"document_type": "Thing",
		"states": [
			{"state": "Draft", "doc_status": "0", "allow_edit": "Party Member"},
			{"state": "Approved", "doc_status": "1", "allow_edit": "Party Committee"},
			{"state": "Orphan", "doc_status": "0", "allow_edit": "Party Member"},
		],
		"transitions": [
			{"state": "Draft", "action": "Approve", "next_state": "Approved", "allowed": "Party Committee"},
			{"state": "Approved", "action": "Reopen", "next_state": "Draft", "allowed": "Party Committee"},
			{"state": "Draft", "action": "Jump", "next_state": "Nowhere", "allowed": "Golfer"},
		],
	}
	problems = m.check_workflow(workflow, doctypes, ROLES)
	assert "Thing Approval: transition 'Reopen' moves docstatus 1 to 0" in problems
	assert "Thing Approval: transition 'Jump' uses unknown state 'Nowhere'" in problems
	assert "Thing Approval: transition 'Jump' allowed to unknown role 'Golfer'" in problems
	assert "Thing Approval: state 'Orphan' cannot be reached from 'Draft'" in problems


def test_checker_catches_unfiltered_and_company_editable_fixtures(tmp_path):
	hooks = 'fixtures = ["Custom Field", {"dt": "Role", "filters": [["name", "in", ["Party Member"]]]}, {"dt": "Workflow", "filters": [["name", "=", "x"]]}]'
	(tmp_path / "bad.json").write_text("{not json")
	problems = m.check_fixtures(hooks, tmp_path)
	assert "fixture 'Custom Field' is not filtered" in problems
	assert "fixture 'Workflow' would overwrite a company's edits on every migrate" in problems
	assert any(p.startswith("bad.json: invalid JSON") for p in problems)


def test_checker_catches_reports_without_execute(tmp_path):
	path = tmp_path / "ghost.json"
	doc = {
		"name": "Ghost",
		"module": "Party Points",
		"ref_doctype": "Member Score",
		"is_standard": "Yes",
		"report_type": "Script Report",
		"roles": [{"role": "Golfer"}],
	}
	problems = m.check_report(doc, path, DOCTYPES, ROLES)
	assert "Ghost: unknown role 'Golfer'" in problems
	assert "Ghost: Script Report without execute() in ghost.py" in problems
