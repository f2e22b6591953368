"""The members' meeting (党员大会评定) joins the default Member Score workflow, between the committee's
review and the public notice, on sites whose workflow is still exactly as the app installed it.

A workflow someone has edited (a state renamed, a transition added or removed, a role changed, even
their order) is left as it is: the README says how to add the state by hand. Only the Workflow
Builder's layout (``workflow_data``, ``workflow_builder_id``) is not compared. The meeting's settings get
their defaults where the site has never saved them.
"""

import frappe

WORKFLOW = "Member Score Review"
NEW_STATE = "Adopted by Members' Meeting"
NEW_ACTION = "Adopt at Members' Meeting"

WORKFLOW_FIELDS = {
	"document_type": "Member Score",
	"is_active": 1,
	"override_status": 0,
	"send_email_alert": 0,
	"workflow_state_field": "workflow_state",
}
STATE_FIELDS = ("state", "doc_status", "allow_edit", "update_field", "update_value")
STATE_BLANKS = ("message", "next_action_email_template", "is_optional_state", "avoid_status_override")
"""Left empty (or unticked) by the previous default."""
TRANSITION_FIELDS = ("state", "action", "next_state", "allowed", "allow_self_approval", "condition")

# The default the app installed before (git show 4269d55:party_points/workflow/member_score_review.json).
PREVIOUS_STATES = (
	("Draft", "0", "Party Recorder", "stage", "Draft"),
	("Under Review", "0", "Branch Secretary", "stage", "Under Review"),
	("Public Notice", "0", "Branch Secretary", "stage", "Public Notice"),
	("Filed", "0", "Party Committee", "stage", "Filed"),
	("Verified", "0", "Party Committee", "stage", "Verified"),
)
PREVIOUS_TRANSITIONS = (
	("Draft", "Submit for Review", "Under Review", "Party Recorder", 1, ""),
	("Under Review", "Publish Notice", "Public Notice", "Branch Secretary", 1, ""),
	("Under Review", "Send Back", "Draft", "Branch Secretary", 1, ""),
	("Public Notice", "Reopen", "Under Review", "Branch Secretary", 1, ""),
	("Public Notice", "File", "Filed", "Branch Secretary", 1, ""),
	("Filed", "Verify", "Verified", "Party Committee", 1, ""),
	("Filed", "Send Back", "Under Review", "Party Committee", 1, ""),
)

# The default from this version on (party_points/workflow/member_score_review.json).
STATES = (
	*PREVIOUS_STATES[:2],
	(NEW_STATE, "0", "Branch Secretary", "stage", "Adopted"),
	*PREVIOUS_STATES[2:],
)
TRANSITIONS = (
	PREVIOUS_TRANSITIONS[0],
	("Under Review", NEW_ACTION, NEW_STATE, "Branch Secretary", 1, ""),
	(NEW_STATE, "Publish Notice", "Public Notice", "Branch Secretary", 1, ""),
	(NEW_STATE, "Send Back", "Under Review", "Branch Secretary", 1, ""),
	*PREVIOUS_TRANSITIONS[2:],
)

SETTINGS = "Party Points Settings"
SETTINGS_DEFAULTS = {"require_members_meeting": 1, "quorum_comparison": "More than", "quorum_share": "1/2"}


def _text(value) -> str:
	return "" if value is None else str(value)


def _rows(rows, fields) -> list[tuple[str, ...]]:
	return [tuple(_text(row.get(f)) for f in fields) for row in rows]


def as_installed(workflow) -> bool:
	"""Whether the workflow is exactly the previous default: its settings, states and transitions, in order."""
	if any(_text(workflow.get(f)) != _text(v) for f, v in WORKFLOW_FIELDS.items()):
		return False
	if any(s.get(f) not in (None, "", 0, "0") for s in workflow.states for f in STATE_BLANKS):
		return False
	previous_states = [tuple(_text(v) for v in row) for row in PREVIOUS_STATES]
	previous_transitions = [tuple(_text(v) for v in row) for row in PREVIOUS_TRANSITIONS]
	return (
		_rows(workflow.states, STATE_FIELDS) == previous_states
		and _rows(workflow.transitions, TRANSITION_FIELDS) == previous_transitions
	)


def add_state(workflow) -> None:
	for name in {row[0] for row in STATES}:
		if not frappe.db.exists("Workflow State", name):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": name}).insert(
				ignore_permissions=True
			)
	for name in {row[1] for row in TRANSITIONS}:
		if not frappe.db.exists("Workflow Action Master", name):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": name}).insert(
				ignore_permissions=True
			)
	workflow.set("states", [dict(zip(STATE_FIELDS, row, strict=True)) for row in STATES])
	workflow.set("transitions", [dict(zip(TRANSITION_FIELDS, row, strict=True)) for row in TRANSITIONS])
	workflow.save(ignore_permissions=True)


def set_settings_defaults() -> None:
	saved = frappe.db.get_singles_dict(SETTINGS)
	for field, value in SETTINGS_DEFAULTS.items():
		if saved.get(field) in (None, ""):
			frappe.db.set_single_value(SETTINGS, field, value)


def execute() -> bool:
	"""Add the members' meeting state to the Member Score workflow where nobody edited it; True if added."""
	set_settings_defaults()
	if not frappe.db.exists("Workflow", WORKFLOW):
		return False
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	if not as_installed(workflow):
		print(
			f"party_points: the workflow {WORKFLOW} has been edited, so the members' meeting state was not added; "
			"see the README (Members' meeting) to add it by hand"
		)
		return False
	add_state(workflow)
	return True
