"""Conventions the code keeps everywhere, checked statically: errors name their class, imports go downward."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "party_points"


def python_files():
	return [p for p in APP.rglob("*.py") if "test_" not in p.name]


def calls(tree: ast.AST, dotted: str):
	for node in ast.walk(tree):
		if isinstance(node, ast.Call) and ast.unparse(node.func) == dotted:
			yield node


def test_every_frappe_throw_names_its_exception_class():
	missing = [
		f"{path.relative_to(APP)}:{call.lineno}"
		for path in python_files()
		for call in calls(ast.parse(path.read_text(encoding="utf-8")), "frappe.throw")
		if not any(k.arg == "exc" for k in call.keywords)
	]
	assert missing == []


# Each layer may import only the layers below it (DEVELOPERS.md: core -> services -> controllers).
LAYERS = [
	{"scoring"},
	{"constants", "exceptions"},
	{"bulk", "scope", "workflow", "utils", "retry"},
	{"loaders"},
	{"guards", "pending", "hrms"},
	{"scores"},
	{"ledger", "rating"},
	{"process", "notifications", "reports", "permissions", "dashboard", "install", "uninstall"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def imported_app_modules(path: Path) -> set[str]:
	out = set()
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
		if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("party_points"):
			parts = node.module.split(".")
			if parts == ["party_points"]:
				out.update(alias.name for alias in node.names)
			else:
				out.add(parts[1])
		elif isinstance(node, ast.Import):
			out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("party_points."))
	return out


def test_services_import_only_downward_and_never_a_report_or_controller():
	upward = []
	for path in APP.glob("*.py"):
		own = path.stem
		if own not in RANK:
			continue
		for module in imported_app_modules(path) - {own}:
			if module == "party_points":  # the module folder: DocTypes and reports
				upward.append(f"{own} imports a DocType or report")
			elif module in RANK and RANK[module] >= RANK[own] and not RANK[own] == RANK[module] == 7:
				upward.append(f"{own} imports {module}")
	assert upward == []


def test_the_core_imports_nothing_of_the_app_outside_it():
	for path in (APP / "scoring").glob("*.py"):
		modules = imported_app_modules(path)
		assert modules <= {"scoring"}, (path.name, modules)
