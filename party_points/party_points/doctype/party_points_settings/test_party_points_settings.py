"""Settings and the scheduled reminders they drive."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days

from party_points import notifications
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, new_application


def queued_to(user: str) -> int:
	return frappe.db.count("Email Queue Recipient", {"recipient": user})


class TestReminders(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def test_members_who_have_not_applied_are_reminded_near_the_end_of_the_quarter(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			new_application(o.member_a, o.period, o.head, 10, tasks=[{"task": "Valve maintenance"}]).insert()
		with self.freeze_time(f"{YEAR}-02-01"):
			self.assertEqual(notifications.remind_members_to_apply(7), 0)  # too early
		before_a, before_a2 = queued_to(o.member_a_user), queued_to(o.member_a2_user)
		with self.freeze_time(f"{YEAR}-03-28"):
			self.assertGreaterEqual(notifications.remind_members_to_apply(7), 2)
		self.assertEqual(queued_to(o.member_a_user), before_a)
		self.assertEqual(queued_to(o.member_a2_user), before_a2 + 1)

	def test_approvals_waiting_too_long_remind_the_approver(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			doc = new_application(
				o.member_a, o.period, o.head, 10, tasks=[{"task": "Valve maintenance"}]
			).insert()
			apply_workflow(doc, "Submit for Sign-off")
		self.assertEqual([p.name for p in notifications.pending_approvals(3) if p.name == doc.name], [])
		before = queued_to(o.head)
		with self.freeze_time(add_days(frappe.utils.today(), 4)):
			waiting = notifications.pending_approvals(3)
			self.assertIn(doc.name, [p.name for p in waiting])
			notifications.remind_approvers(3)
		self.assertEqual(queued_to(o.head), before + 1)

	def test_a_site_without_outgoing_email_still_works(self) -> None:
		frappe.db.delete("Email Account", {"default_outgoing": 1})
		self.assertFalse(notifications.can_send())
		before = frappe.db.count("Email Queue")
		notifications.send([self.o.member_a_user], "Subject", "Message")
		self.assertEqual(frappe.db.count("Email Queue"), before)

	def test_the_notice_period_is_at_least_a_day(self) -> None:
		settings = frappe.get_single("Party Points Settings")
		settings.notice_days = 0
		with self.assertRaises(frappe.ValidationError):
			settings.save(ignore_permissions=True)

	def test_the_daily_job_is_scheduled(self) -> None:
		self.assertIn(
			"party_points.notifications.send_reminders", frappe.get_hooks("scheduler_events")["daily"]
		)
		self.assertTrue(
			frappe.db.exists("Scheduled Job Type", {"method": "party_points.notifications.send_reminders"})
		)
