"""The scoring core must import and run with no Frappe installed."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "party_points" / "scoring"


def test_no_module_of_the_core_imports_frappe():
	for path in CORE.rglob("*.py"):
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for node in ast.walk(tree):
			if isinstance(node, ast.Import):
				names = [alias.name for alias in node.names]
			elif isinstance(node, ast.ImportFrom):
				names = [node.module or ""]
			else:
				continue
			for name in names:
				assert name.split(".")[0] != "frappe", f"{path.name} imports {name}"
				if name.startswith("party_points"):
					assert name.startswith("party_points.scoring"), (
						f"{path.name} imports {name} from above the core"
					)


def test_the_core_imports_with_frappe_blocked():
	code = (
		"import sys; sys.modules['frappe'] = None\n"
		"import party_points.scoring as s\n"
		"print(s.score_quarter([], s.default_scheme()).total)"
	)
	out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
	assert out.stdout.strip() == "14"
