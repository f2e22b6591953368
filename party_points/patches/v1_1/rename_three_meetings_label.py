import frappe

OLD = "Attended a three meetings and one lesson session"
NEW = "Attended a Three Meetings and One Lesson session"


def execute() -> None:
	"""The default scheme's first item read badly in English. Rename it where nobody has changed it since."""
	item = frappe.qb.DocType("Points Scheme Item")
	frappe.qb.update(item).set(item.label, NEW).where(item.label == OLD).run()
