app_name = "party_points"
app_title = "Party Points"
app_publisher = "party_points developers"
app_description = "Points-based management of Party members (党员积分制管理) for Frappe / ERPNext HR"
app_email = "dev@party-points.invalid"
app_license = "MIT"
app_icon = "octicon octicon-star"
app_color = "red"

# Frappe itself is implied; HRMS / ERPNext are optional (Employee links are added when present).
required_apps = []

export_python_type_annotations = True
require_type_annotated_api_methods = True

after_install = "party_points.install.after_install"
after_migrate = "party_points.install.after_migrate"
before_uninstall = "party_points.uninstall.before_uninstall"

permission_query_conditions = {
	"Member Score": "party_points.permissions.member_score_query",
	"Points Ledger Entry": "party_points.permissions.ledger_entry_query",
	"Party Member": "party_points.permissions.party_member_query",
	"Quarterly Application": "party_points.permissions.quarterly_application_query",
	"Reward Claim": "party_points.permissions.reward_claim_query",
	"Annual Rating": "party_points.permissions.annual_rating_query",
	"Score Objection": "party_points.permissions.score_objection_query",
	"Party Activity": "party_points.permissions.party_activity_query",
	"Discipline Record": "party_points.permissions.discipline_record_query",
	"Follow-up Action": "party_points.permissions.follow_up_action_query",
	"Quantification Sheet": "party_points.permissions.branch_only_query",
	"Democratic Evaluation": "party_points.permissions.branch_only_query",
	"Branch Members Meeting": "party_points.permissions.branch_only_query",
}

has_permission = {
	"Member Score": "party_points.permissions.has_member_score_permission",
	"Points Ledger Entry": "party_points.permissions.has_own_record_permission",
	"Party Member": "party_points.permissions.has_party_member_permission",
	"Quarterly Application": "party_points.permissions.has_quarterly_application_permission",
	"Reward Claim": "party_points.permissions.has_own_record_permission",
	"Annual Rating": "party_points.permissions.has_own_record_permission",
	"Score Objection": "party_points.permissions.has_score_objection_permission",
	"Party Activity": "party_points.permissions.has_party_activity_permission",
	"Discipline Record": "party_points.permissions.has_own_record_permission",
	"Follow-up Action": "party_points.permissions.has_own_record_permission",
	"Quantification Sheet": "party_points.permissions.has_branch_only_permission",
	"Democratic Evaluation": "party_points.permissions.has_branch_only_permission",
	"Branch Members Meeting": "party_points.permissions.has_branch_only_permission",
}

scheduler_events = {
	"daily": ["party_points.notifications.send_reminders", "party_points.hrms.end_memberships_due"],
	"weekly": ["party_points.notifications.send_weekly_digests"],
	"monthly": ["party_points.notifications.send_monthly_digests"],
	"daily_long": ["party_points.projections.send_projection_notices"],
}

# Members' own page (www/points): in the portal menu, and where a Website User lands after login.
portal_menu_items = [{"title": "My Points", "route": "/points", "role": "Party Member"}]
role_home_page = {"Party Member": "points"}

# Inside ERPNext / HRMS (party_points.hrms): members follow their Employee; the Employee list and form,
# and the Party Member list, get their Party Points parts. On plain Frappe no Employee exists: the
# events never fire, and the list buttons stay hidden (nobody may read Employees).
doc_events = {
	"Employee": {
		"on_update": "party_points.hrms.on_employee_update",
		"on_trash": "party_points.hrms.on_employee_trash",
	},
}
doctype_js = {"Employee": "public/js/employee.js"}
doctype_list_js = {
	"Employee": "public/js/members_from_employees.js",
	"Party Member": "public/js/members_from_employees.js",
}
override_doctype_dashboards = {"Employee": "party_points.hrms.employee_dashboard"}
# Connection counts as the user may see them (Frappe's own counts ignore permissions).
override_whitelisted_methods = {
	"frappe.desk.notifications.get_open_count": "party_points.hrms.get_open_count",
}
# Links to a Party Organization without a query of their own: the type shown in the reader's language.
standard_queries = {"Party Organization": "party_points.desk.organization_query"}
