"""The framework-free scoring core: every rule of the scheme, with the scheme passed in as data.

Nothing in this package imports Frappe; the DocType controllers load data, call these functions
and store what they return.
"""

from party_points.scoring.errors import (
	BandError,
	CapError,
	InvalidNumberError,
	NotRatedError,
	SchemeError,
	ScoringError,
	UnknownCodeError,
)
from party_points.scoring.evaluation import (
	Evaluation,
	EvaluationTotal,
	check_evaluation,
	evaluation_points,
	posted_evaluations,
)
from party_points.scoring.numbers import fmt, round2, to_decimal
from party_points.scoring.periods import (
	membership_quarters,
	period_label,
	quarter_dates,
	quarter_of,
	was_member,
)
from party_points.scoring.posting import Posted, YearToDate, check_posting, year_to_date
from party_points.scoring.projection import (
	HELD,
	LAST_ROUND,
	NONE_HELD,
	Projection,
	Target,
	project_year,
	projection_trail,
)
from party_points.scoring.quarter import (
	Entry,
	QuarterResult,
	application_item,
	check_application_score,
	check_entry,
	quarter_record,
	record_trail,
	score_quarter,
	score_trail,
)
from party_points.scoring.reward import RewardClaim, RewardResult, claim_points, reward_trail, score_rewards
from party_points.scoring.scheme import (
	ATTENDANCE_STATUSES,
	BASICALLY_QUALIFIED,
	DAILY_CONDUCT,
	EVALUATION,
	EXCELLENT,
	GRADES,
	QUALIFIED,
	REWARD,
	UNQUALIFIED,
	Scheme,
	annual_grade,
	check_scheme,
	default_scheme,
	grade_rank,
	validate_scheme,
)
from party_points.scoring.trail import TrailLine, render_trail
from party_points.scoring.year import (
	AWARD_BUREAU,
	AWARD_DIVISION,
	AWARD_NONE,
	Outcome,
	YearResult,
	outcome_for,
	score_year,
)
