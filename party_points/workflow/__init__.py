"""The default workflows, created on install only when absent.

A company may rename states, add or remove an approval level in the desk; migrate never touches
an existing workflow. The business rules do not read state names: each state sets the document's
``status`` (or a Member Score's ``stage``) through ``update_field``, and the controllers check that.
"""

import json
from pathlib import Path

import frappe

HERE = Path(__file__).parent
STATE_STYLES = {
	"Draft": "",
	"Approved": "Success",
	"Verified": "Success",
	"Filed": "Primary",
	"Public Notice": "Info",
	"Adopted by Members' Meeting": "Primary",
	"Under Review": "Warning",
	"Pending Sign-off": "Warning",
	"Pending Recorder": "Warning",
	"Proposed": "Warning",
	"Returned": "Warning",
	"Rejected": "Danger",
	"Cancelled": "Inverse",
}


def default_workflows() -> list[dict]:
	return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(HERE.glob("*.json"))]


def install_workflows() -> list[str]:
	"""Create each default workflow whose name and document type have none yet; return those created."""
	created = []
	for data in default_workflows():
		if frappe.db.exists("Workflow", data["workflow_name"]) or frappe.db.exists(
			"Workflow", {"document_type": data["document_type"], "is_active": 1}
		):
			continue
		for state in {s["state"] for s in data["states"]}:
			if not frappe.db.exists("Workflow State", state):
				frappe.get_doc(
					{
						"doctype": "Workflow State",
						"workflow_state_name": state,
						"style": STATE_STYLES.get(state, ""),
					}
				).insert(ignore_permissions=True)
		for action in {t["action"] for t in data["transitions"]}:
			if not frappe.db.exists("Workflow Action Master", action):
				frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
					ignore_permissions=True
				)
		frappe.get_doc(data).insert(ignore_permissions=True)
		created.append(data["workflow_name"])
	return created


def workflow_state_for(doctype: str, field: str, value: str) -> str | None:
	"""The active workflow's state that sets ``field`` to ``value`` (state names may have been changed)."""
	workflow = frappe.db.get_value("Workflow", {"document_type": doctype, "is_active": 1})
	if not workflow:
		return None
	return frappe.db.get_value(
		"Workflow Document State", {"parent": workflow, "update_field": field, "update_value": value}, "state"
	)
