"""/checkin?t=<code>: the page a member's phone opens from an activity's QR code.

A Guest is sent to log in and comes back with the code. The page checks the code and the member without
writing anything, shows the activity, and its script then checks the member in (a POST to
``party_points.portal.check_in``), so a link preview or a reload never writes on its own.
"""

from urllib.parse import quote, urlencode

import frappe
from frappe import _

from party_points.portal import preview_check_in

no_cache = 1


def get_context(context):
	token = frappe.form_dict.t or ""
	if frappe.session.user == "Guest":
		back = f"/checkin?t={quote(token, safe='')}"
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": back})
		raise frappe.Redirect(302)
	context.no_cache = 1
	context.show_sidebar = False
	context.no_breadcrumbs = True
	context.title = _("Check-in")
	context.token = token
	context.preview = preview_check_in(token)
	context.messages = {
		"checking": _("Checking you in…"),
		"done": _("You are checked in: {0}"),
		"failed": _("Something went wrong; please try again"),
		"offline": _("No connection; please try again"),
	}
	return context
