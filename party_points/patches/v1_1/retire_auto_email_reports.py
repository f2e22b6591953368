"""The two Auto Email Reports that earlier versions created ran as Administrator, so every recipient got
every branch's rows. The digests are now built per recipient (notifications.DIGESTS); the old reports
are disabled, not deleted, so that an administrator's copy of their settings stays readable."""

import frappe

OLD_REPORTS = ("Annual Rating Summary for the Party Committee", "Pending Approvals for Approvers")


def execute() -> None:
	for name in OLD_REPORTS:
		if frappe.db.exists("Auto Email Report", name):
			frappe.db.set_value("Auto Email Report", name, "enabled", 0)
