"""Names the rules read: stages, statuses, roles and defaults, each written once.

Workflow *state* names are a company's to change; these are the semantic values the states set
(a Member Score's ``stage``, a document's ``status``) and that the rules check.
"""

# Member Score stages (the Member Score Review workflow sets them) and Assessment Period stages.
DRAFT = "Draft"
UNDER_REVIEW = "Under Review"
PUBLIC_NOTICE = "Public Notice"
FILED = "Filed"
VERIFIED = "Verified"
FINAL_STAGES = (FILED, VERIFIED)
"""A score in these stages is final: only the Party Committee's correction (a reversal) changes it."""

OPEN = "Open"
APPLICATIONS_CLOSED = "Applications Closed"
PERIOD_STAGES = (OPEN, APPLICATIONS_CLOSED, UNDER_REVIEW, PUBLIC_NOTICE, FILED, VERIFIED)
CLOSING_STAGES = (APPLICATIONS_CLOSED, UNDER_REVIEW)
"""Entering these period stages closes the quarter: every member's score is rebuilt, in the background."""

# Document statuses (the approval workflows set them).
PENDING_SIGN_OFF = "Pending Sign-off"
PENDING_RECORDER = "Pending Recorder"
RETURNED = "Returned"
PROPOSED = "Proposed"
APPROVED = "Approved"

# Roles.
PARTY_MEMBER = "Party Member"
DEPARTMENT_HEAD = "Department Head"
PARTY_RECORDER = "Party Recorder"
BRANCH_SECRETARY = "Branch Secretary"
PARTY_COMMITTEE = "Party Committee"
POINTS_MANAGER = "Party Points Manager"
SYSTEM_MANAGER = "System Manager"
CORRECTING_ROLES = frozenset({PARTY_COMMITTEE, POINTS_MANAGER})
"""Who may correct a final score, by reversing its entries."""
UNRESTRICTED_ROLES = frozenset({PARTY_COMMITTEE, POINTS_MANAGER, SYSTEM_MANAGER, "Administrator"})
OFFICER_ROLES = frozenset({BRANCH_SECRETARY, PARTY_RECORDER, DEPARTMENT_HEAD})

DEFAULT_NOTICE_DAYS = 5
"""The public notice lasts this many days unless the settings say otherwise (DOMAIN.md §3)."""

# DocTypes the services write.
LEDGER = "Points Ledger Entry"
SCORE = "Member Score"
PERIOD = "Assessment Period"
MEMBER = "Party Member"
ORGANIZATION = "Party Organization"

# The general members' meeting (党员大会评定), between the committee's review and the public notice.
ADOPTED = "Adopted"
"""The Member Score stage the members' meeting state sets: the branch's meeting adopted the scores."""
MEETING = "Branch Members Meeting"
MEETING_ACTIVITY_TYPE = "Branch Members' Meeting"
"""The Party Activity type whose attendance a members' meeting reads."""
