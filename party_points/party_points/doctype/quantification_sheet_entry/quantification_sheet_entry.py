from frappe.model.document import Document


class QuantificationSheetEntry(Document):
	pass
