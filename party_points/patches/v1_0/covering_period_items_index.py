import frappe

from party_points.party_points.doctype.points_ledger_entry.points_ledger_entry import on_doctype_update

OLD_INDEX = "assessment_period_part_member_index"


def execute() -> None:
	"""Replace the (period, part, member) ledger index by a covering one that it is a prefix of."""
	on_doctype_update()
	if frappe.db.has_index("tabPoints Ledger Entry", OLD_INDEX):
		frappe.db.sql_ddl(f"alter table `tabPoints Ledger Entry` drop index `{OLD_INDEX}`")
