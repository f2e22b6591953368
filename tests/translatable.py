"""Collects every user-facing string the app ships, for the translation coverage test.

Sources: ``_("...")`` calls in the Frappe layer; the scoring core's message templates (error
templates, scheme problems, trail lines); the default scheme's labels and codes shown to people;
DocType names, labels, options and descriptions; report columns; workflow states and actions;
roles; workspace labels.
"""

import ast
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "party_points"
CORE = APP / "scoring"
ZH = APP / "translations" / "zh.csv"

CORE_CALLS = {"of", "add", "ScoringError", "CapError", "UnknownCodeError", "BandError", "InvalidNumberError"}
SKIP_FIELDTYPES = {"Section Break", "Column Break", "Tab Break"}


def _const(node: ast.AST) -> str | None:
	return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_strings() -> set[str]:
	out: set[str] = set()
	for path in APP.rglob("*.py"):
		if path.name.startswith("test_") or path.name == "testing.py":
			continue
		tree = ast.parse(path.read_text(encoding="utf-8"))
		in_core = CORE in path.parents
		for node in ast.walk(tree):
			if isinstance(node, ast.Call) and node.args:
				func = node.func
				name = (
					func.id
					if isinstance(func, ast.Name)
					else func.attr
					if isinstance(func, ast.Attribute)
					else ""
				)
				text = _const(node.args[0])
				if text and (name in ("_", "_lt") or (in_core and name in CORE_CALLS)):
					out.add(text)
			if in_core and isinstance(node, ast.Assign):
				targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
				if targets == ["template"] and _const(node.value):
					out.add(node.value.value)
	return out


JINJA_CALL = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""")
JS_CALL = re.compile(r"""__\(\s*(["'])((?:\\.|(?!\1).)*)\1""")


def js_strings() -> set[str]:
	out: set[str] = set()
	for path in APP.rglob("*.js"):
		out |= {m.group(2) for m in JS_CALL.finditer(path.read_text(encoding="utf-8"))}
	return out


def scheme_strings() -> set[str]:
	from party_points.scoring import ATTENDANCE_STATUSES, GRADES, default_scheme

	scheme = default_scheme()
	out = {scheme.title, *GRADES, *ATTENDANCE_STATUSES}
	out |= {p.label for p in scheme.parts} | {d.label for d in scheme.dimensions}
	out |= {i.label for i in scheme.items} | {r.label for r in scheme.reward_types}
	out |= {r.label for r in scheme.evaluation_rounds} | {a.activity_type for a in scheme.activity_rules}
	out |= {
		"scoring item",
		"dimension",
		"reward type",
		"evaluation round",
		"grade",
		"part",
		"evaluation grade",
		"annual grade",
	}
	return out


def load_json(path: Path) -> dict:
	return json.loads(path.read_text(encoding="utf-8"))


def json_files(kind: str) -> list[Path]:
	return sorted((APP / "party_points" / kind).glob("*/*.json"))


def metadata_strings() -> set[str]:
	out: set[str] = set()
	for path in json_files("doctype"):
		doc = json.loads(path.read_text(encoding="utf-8"))
		out.add(doc["name"])
		for field in doc.get("fields", []):
			if field.get("fieldtype") in SKIP_FIELDTYPES and not field.get("label"):
				continue
			for key in ("label", "description"):
				if field.get(key):
					out.add(field[key])
			if field.get("fieldtype") == "Select" and field.get("options"):
				out |= {o for o in field["options"].split("\n") if o and not o.isdigit()}
		for perm in doc.get("permissions", []):
			out.add(perm["role"])
	for path in json_files("report"):
		doc = json.loads(path.read_text(encoding="utf-8"))
		out.add(doc["name"])
	for path in sorted((APP / "workflow").glob("*.json")):
		doc = json.loads(path.read_text(encoding="utf-8"))
		out.add(doc["workflow_name"])
		out |= {s["state"] for s in doc.get("states", [])}
		out |= {t["action"] for t in doc.get("transitions", [])}
	for path in json_files("number_card"):
		out.add(load_json(path)["label"])
	for path in json_files("dashboard_chart"):
		out.add(load_json(path)["chart_name"])
	for path in json_files("print_format"):
		doc = load_json(path)
		out.add(doc["name"])
		out |= {m.group(2) for m in JINJA_CALL.finditer(doc.get("html") or "")}
	for path in json_files("workspace"):
		doc = json.loads(path.read_text(encoding="utf-8"))
		out.add(doc.get("label") or doc["name"])
		out |= {s["label"] for s in doc.get("shortcuts", [])}
		out |= {link["label"] for link in doc.get("links", [])}
	return out


def all_strings() -> set[str]:
	return {s for s in python_strings() | js_strings() | scheme_strings() | metadata_strings() if s.strip()}


def translations() -> dict[str, str]:
	if not ZH.exists():
		return {}
	with ZH.open(encoding="utf-8", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if len(row) >= 2}


if __name__ == "__main__":
	known = translations()
	for text in sorted(all_strings() - set(known)):
		print(text)
