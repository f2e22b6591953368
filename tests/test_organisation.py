"""A faker-generated organisation, a year of ledger entries, scored end to end through the core."""

import random
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from faker import Faker

from party_points.scoring import (
	GRADES,
	UNQUALIFIED,
	Entry,
	Evaluation,
	RewardClaim,
	default_scheme,
	membership_quarters,
	score_quarter,
	score_year,
)


def build_organisation(seed: int = 20261124, branches: int = 6, members: int = 120):
	fake = Faker("zh_CN")
	Faker.seed(seed)
	rnd = random.Random(seed)
	org = {"branches": [f"{fake.city()}管理处党支部" for _ in range(branches)], "members": []}
	for n in range(members):
		joined = date(2026, rnd.choice([1, 1, 1, 1, 5, 8]), 1) if rnd.random() < 0.15 else date(2015, 1, 1)
		org["members"].append(
			{
				"id": f"PM-{n:04d}",
				"name": fake.name(),
				"branch": rnd.choice(org["branches"]),
				"joined": joined,
			}
		)
	return org, rnd


def a_year_of_entries(scheme, org, rnd):
	"""About 20 entries per member per quarter."""
	positive = [i for i in scheme.items if i.points > 0 and i.code != "WA-01"]
	negative = [i for i in scheme.items if i.points < 0]
	ledger = defaultdict(list)
	for member in org["members"]:
		for quarter in membership_quarters(2026, member["joined"]):
			picks = [rnd.choice(positive) for _ in range(18)]
			lines = [Entry(item.code, item.points) for item in picks]
			lines.append(Entry("WA-01", Decimal(rnd.randint(8, 20))))
			if rnd.random() < 0.3:
				item = rnd.choice(negative)
				lines.append(Entry(item.code, item.points))
			ledger[(member["id"], quarter)] = lines
	return ledger


def test_an_organisation_is_scored_end_to_end():
	scheme = default_scheme()
	org, rnd = build_organisation()
	ledger = a_year_of_entries(scheme, org, rnd)
	grades = Counter()
	per_branch = defaultdict(Counter)
	for member in org["members"]:
		quarters = membership_quarters(2026, member["joined"])
		totals = {q: score_quarter(ledger[(member["id"], q)], scheme).total for q in quarters}
		mid_grade = rnd.choice(["Excellent", "Qualified"])
		band = scheme.evaluation_band(mid_grade)
		evaluations = [Evaluation("year_end", mid_grade, band.high)]
		if 1 in quarters or 2 in quarters:
			evaluations.append(Evaluation("mid_year", mid_grade, band.low))
		rewards = [RewardClaim.of("article_internal")] * rnd.randint(0, 7)
		violation = rnd.random() < 0.03
		result = score_year(
			scheme,
			2026,
			totals,
			member_quarters=quarters,
			evaluations=evaluations,
			rewards=rewards,
			violation=violation,
		)
		assert result.quarters == quarters
		assert result.total == result.daily_conduct + result.evaluation + result.reward
		assert result.reward == min(Decimal(2 * len(rewards)), Decimal(10))
		if violation:
			assert result.grade == UNQUALIFIED
		grades[result.grade] += 1
		per_branch[member["branch"]][result.grade] += 1

	assert sum(grades.values()) == len(org["members"])
	assert set(grades) <= set(GRADES)
	assert sum(sum(c.values()) for c in per_branch.values()) == len(org["members"])
	# With about 20 entries a quarter most members earn well; some grades must differ.
	assert len(grades) >= 2


def test_the_same_seed_builds_the_same_organisation():
	first, _ = build_organisation()
	second, _ = build_organisation()
	assert first == second
