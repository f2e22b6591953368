import frappe

from party_points.testing import PartyPointsTestCase
from party_points.workflow import default_workflows, install_workflows


class TestDefaultWorkflows(PartyPointsTestCase):
	def tearDown(self) -> None:
		super().tearDown()
		frappe.clear_cache()

	def test_every_default_workflow_is_installed_and_active(self) -> None:
		for data in default_workflows():
			self.assertEqual(
				frappe.db.get_value("Workflow", data["workflow_name"], "is_active"), 1, data["workflow_name"]
			)

	def test_install_never_overwrites_a_company_edit(self) -> None:
		workflow = frappe.get_doc("Workflow", "Reward Claim Approval")
		workflow.transitions = [t for t in workflow.transitions if t.action != "Reject"]
		workflow.save(ignore_permissions=True)
		self.assertEqual(install_workflows(), [])
		self.assertNotIn(
			"Reject", [t.action for t in frappe.get_doc("Workflow", "Reward Claim Approval").transitions]
		)

	def test_a_company_workflow_for_the_same_document_is_left_alone(self) -> None:
		frappe.delete_doc("Workflow", "Annual Rating Approval", ignore_permissions=True)
		own = frappe.copy_doc(frappe.get_doc("Workflow", "Reward Claim Approval"))
		own.workflow_name = "Our Own Rating Approval"
		own.document_type = "Annual Rating"
		own.states = [s for s in own.states if s.state in ("Draft", "Approved")]
		own.transitions = [
			t for t in own.transitions if t.state == "Draft" and t.next_state == "Approved"
		] or []
		own.append(
			"transitions",
			{"state": "Draft", "action": "Approve", "next_state": "Approved", "allowed": "Party Committee"},
		)
		own.insert(ignore_permissions=True)
		self.assertEqual(install_workflows(), [])
		self.assertFalse(frappe.db.exists("Workflow", "Annual Rating Approval"))
