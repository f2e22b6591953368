import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from party_points.exceptions import OrganizationHierarchyError


class PartyMember(Document):
	def validate(self) -> None:
		self.validate_branch_and_group()
		self.validate_dates()

	def validate_branch_and_group(self) -> None:
		if (
			frappe.db.get_value("Party Organization", self.party_branch, "organization_type")
			!= "Party Branch"
		):
			frappe.throw(
				_("{0} is not a Party Branch").format(self.party_branch), exc=OrganizationHierarchyError
			)
		if self.party_group:
			group = frappe.db.get_value(
				"Party Organization",
				self.party_group,
				["organization_type", "parent_party_organization"],
				as_dict=True,
			)
			if (
				not group
				or group.organization_type != "Party Group"
				or group.parent_party_organization != self.party_branch
			):
				frappe.throw(
					_("{0} is not a Party Group of {1}").format(self.party_group, self.party_branch),
					exc=OrganizationHierarchyError,
				)

	def validate_dates(self) -> None:
		if self.status == "Active":
			self.leave_date = None
		elif not self.leave_date:
			frappe.throw(
				_("Set the leaving date of a member who is no longer active"), exc=frappe.MandatoryError
			)
		if self.leave_date and getdate(self.leave_date) < getdate(self.join_date):
			frappe.throw(_("The leaving date cannot be before the joining date"), exc=frappe.ValidationError)

	def on_update(self) -> None:
		if self.user and self.has_value_changed("user"):
			user = frappe.get_doc("User", self.user)
			if "Party Member" not in {r.role for r in user.roles}:
				user.flags.ignore_permissions = True
				user.add_roles("Party Member")

	def on_trash(self) -> None:
		if frappe.db.exists("Points Ledger Entry", {"member": self.name}):
			frappe.throw(
				_("{0} has ledger entries; set the status to Left or Transferred Out instead").format(
					self.full_name
				),
				exc=frappe.LinkExistsError,
			)
