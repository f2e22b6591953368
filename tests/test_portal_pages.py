"""The members' pages (party_points/www): every string they show has its Chinese line, and nothing a person
typed reaches the page unescaped (Frappe's Jinja does not escape on its own)."""

import re
from pathlib import Path

from tests import translatable

WWW = Path(__file__).resolve().parents[1] / "party_points" / "www"
PAGES = sorted(WWW.glob("*.html"))
OUTPUT = re.compile(r"{{(.*?)}}", re.S)
# What the pages print without escaping: figures, dates and codes the server computes, the chart it draws,
# and JSON (tojson escapes <, > and &).
COMPUTED = re.compile(
	r"^\s*(?:chart|messages \| tojson|1 if v\.ok else 0|"
	r"(?:a|q|d|y|r|c|o|v|row|doc)\.(?:limit|daily_conduct|cap|points|share|today|year|reward|rank|projected|"
	r"label|excess|evaluation|date|self_score|approved_score)(?: if doc else '')?|"
	r"doc\.status \| lower \| replace\(' ', '-'\))\s*$"
)


def test_the_pages_exist_with_their_controllers():
	assert {p.stem for p in PAGES} >= {"points", "checkin"}
	for page in PAGES:
		source = (WWW / f"{page.stem}.py").read_text(encoding="utf-8")
		assert "def get_context(context)" in source and "no_cache = 1" in source, page.name
		assert "raise frappe.Redirect(302)" in source, f"{page.name}: a Guest is sent to log in"


def test_every_string_of_the_pages_has_a_chinese_translation():
	known = translatable.translations()
	strings = {
		m.group(2)
		for page in PAGES
		for m in translatable.JINJA_CALL.finditer(page.read_text(encoding="utf-8"))
	}
	assert "My Points" in strings
	missing = sorted(s for s in strings if s not in known)
	assert missing == [], missing
	for text in strings:
		assert sorted(re.findall(r"\{\w*\}", text)) == sorted(re.findall(r"\{\w*\}", known[text])), text


def test_what_a_person_typed_is_escaped():
	unescaped = []
	for page in PAGES:
		for match in OUTPUT.finditer(page.read_text(encoding="utf-8")):
			expression = match.group(1)
			if re.search(r"\|\s*e\s*$", expression) or COMPUTED.match(expression):
				continue
			if expression.strip().startswith("_(") and ".format(" not in expression:
				continue  # a translated constant
			if expression.strip().startswith("_(") and re.search(
				r"\.format\((?:[a-z]+\.)?(?:score|points|counted|excess|due|completed_on|starts|late_after|date)\)",
				expression,
			):
				continue  # a translated sentence filled with a computed figure or date
			unescaped.append(f"{page.name}: {{{{{expression}}}}}")
	assert unescaped == []
