from frappe.model.document import Document


class PartyOrganizationOfficer(Document):
	pass
