"""Every user-facing string the app ships has a Chinese translation, with its placeholders intact."""

import re

from tests import translatable


def test_every_user_facing_string_has_a_chinese_translation():
	missing = sorted(translatable.all_strings() - set(translatable.translations()))
	assert missing == [], f"{len(missing)} strings have no zh translation, e.g. {missing[:10]}"


def test_translations_keep_their_placeholders():
	for source, target in translatable.translations().items():
		assert sorted(re.findall(r"\{\w*\}", source)) == sorted(re.findall(r"\{\w*\}", target)), source
		assert target.strip(), source


def test_the_collector_finds_strings_in_every_source():
	strings = translatable.all_strings()
	assert "Give a reason for the reversal" in strings  # _() in a controller
	assert "Daily Conduct total: {total}" in strings  # a trail line of the core
	assert "The evaluation weights add up to {total}, not to 1" in strings  # a scheme problem
	assert "Study & Education" in strings  # the default scheme
	assert "Points Ledger Entry" in strings and "Joined the Branch" in strings  # DocType metadata
	assert "Add Branch Members" in strings  # __() in a form script
	assert "Publish Notice" in strings and "Pending Sign-off" in strings  # workflow actions and states
