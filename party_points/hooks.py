app_name = "party_points"
app_title = "Party Points"
app_publisher = "party_points developers"
app_description = "Points-based management of Party members (党员积分制管理) for Frappe / ERPNext HR"
app_email = "dev@party-points.invalid"
app_license = "MIT"
app_icon = "octicon octicon-star"
app_color = "red"

required_apps = ["frappe"]

export_python_type_annotations = True
require_type_annotated_api_methods = True
