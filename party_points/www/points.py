"""/points: the member's own page, rendered on the server in one request (no desk assets).

Guests are sent to log in and come back here; a user who is no Party Member is told so. Everything shown
is the logged-in member's own (see ``party_points.portal.get_page_data``); the forms post to the
whitelisted methods of ``party_points.portal``.
"""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import escape_html

from party_points.portal import NotAPartyMemberError, get_page_data

no_cache = 1

CHART_WIDTH, CHART_HEIGHT = 340, 176
TOP, BASE = 22, 146


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": "/points"})
		raise frappe.Redirect(302)
	context.no_cache = 1
	context.show_sidebar = False
	context.no_breadcrumbs = True
	context.title = _("My Points")
	try:
		context.data = get_page_data()
	except NotAPartyMemberError as error:
		frappe.clear_messages()
		context.data = None
		context.not_member = str(error)
		context.http_status_code = 403
		return context
	year = context.data.get("year")
	context.chart = year_chart(year) if year else ""
	context.messages = client_messages()
	return context


def client_messages() -> dict:
	"""What the page's script says, in the member's language."""
	return {
		"saving": _("Saving…"),
		"saved": _("Saved"),
		"failed": _("Something went wrong; please try again"),
		"offline": _("No connection; please try again"),
		"confirm_submit": _("Send the application to your department head for sign-off?"),
		"confirm_object": _("Lodge this objection? Your score goes back to the branch committee for review."),
		"task": _("Work task"),
		"remove": _("Remove"),
		"need_file": _("Attach the evidence of the reward"),
		"need_reason": _("Give the reason for your objection"),
	}


def year_chart(year: dict) -> str:
	"""The year so far as a small inline SVG: per quarter, Daily Conduct (the projection dashed where a
	quarter is not scored yet), the evaluation and reward points it brought, and reward over the cap apart."""
	cap = year["cap"] or 75
	scale = (BASE - TOP) / cap
	group = CHART_WIDTH / 4
	parts = [
		f'<svg class="pp-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
		f'aria-label="{escape_html(_("The year so far"))}" preserveAspectRatio="xMidYMid meet">',
		f'<line x1="0" y1="{BASE}" x2="{CHART_WIDTH}" y2="{BASE}" class="pp-axis"/>',
	]

	def bar(x: float, width: float, value: float, css: str, bottom: float = BASE) -> float:
		height = max(0.0, value) * scale
		if height > 0:
			parts.append(
				f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{width}" height="{height:.1f}" class="{css}"/>'
			)
		return bottom - height

	for index, q in enumerate(year["quarters"]):
		x = index * group + 10
		centre = index * group + group / 2
		if q["projected_value"] is not None:
			height = q["projected_value"] * scale
			parts.append(
				f'<rect x="{x:.1f}" y="{BASE - height:.1f}" width="30" height="{height:.1f}" class="pp-projected"/>'
			)
		top = BASE
		if q["daily_value"] is not None:
			top = bar(x, 30, q["daily_value"], "pp-daily" if q["scored"] else "pp-daily pp-open")
		label_y = min(top, BASE - (q["projected_value"] or 0) * scale) - 5
		text = q["daily_conduct"] if q["daily_conduct"] is not None else ""
		if q["projected"] is not None and not q["scored"]:
			text = f"{text} ≈{q['projected']}" if text else f"≈{q['projected']}"
		if text:
			parts.append(
				f'<text x="{x + 15:.1f}" y="{max(label_y, 10):.1f}" class="pp-value">{escape_html(text)}</text>'
			)
		bar(x + 34, 14, float(q["evaluation"]), "pp-evaluation")
		reward_top = bar(x + 51, 14, float(q["reward"]), "pp-reward")
		bar(x + 51, 14, float(q["excess"]), "pp-excess", bottom=reward_top)
		parts.append(
			f'<text x="{centre:.1f}" y="{BASE + 18}" class="pp-quarter">{escape_html(q["label"])}</text>'
		)
		if not q["member"]:
			parts.append(f'<text x="{centre:.1f}" y="{BASE - 8}" class="pp-value">—</text>')
	parts.append("</svg>")
	return "".join(parts)
