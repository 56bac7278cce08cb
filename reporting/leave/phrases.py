"""The texts a leave request stores as phrases (issue 14): which rule (L-3..L-5) made its
approval chain and what each step asks of whom – worded in the reader's language when shown
(``committees.phrases``)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from committees.phrases import phrase

# The steps of a chain (``LeaveStep.title``).
STEP_FILED_WITH_PARENT = phrase(
    "leave.step.filed_with_parent", gettext_noop("Filed with the organisation department of %(parent)s")
)
STEP_PARENT_CONSENT_ABROAD = phrase(
    "leave.step.parent_consent_abroad", gettext_noop("Prior consent to go abroad: principal leader of %(c)s")
)
STEP_PARENT_APPROVES = phrase("leave.step.parent_approves", gettext_noop("Approved by the principal leader of %(c)s"))
STEP_REPORTED_TO_PARENT = phrase(
    "leave.step.reported_to_parent", gettext_noop("Reported to the principal leader of %(c)s")
)
STEP_CONSENT_ABROAD = phrase("leave.step.consent_abroad", gettext_noop("Prior consent to go abroad: principal leader"))
STEP_PRINCIPAL_APPROVES = phrase("leave.step.principal_approves", gettext_noop("Approved by the principal leader"))
STEP_PRINCIPAL_AGREES = phrase("leave.step.principal_agrees", gettext_noop("The principal leader agrees"))
STEP_IN_CHARGE_APPROVES = phrase(
    "leave.step.in_charge_approves", gettext_noop("Approved by the leader in charge of %(c)s")
)

# The rule that made the chain (``LeaveRequest.chain_rule``).
RULE_ABROAD = phrase("leave.rule.abroad", gettext_noop("L-5: prior consent to go abroad; then %(rule)s"))
RULE_PRINCIPAL_PRIVATE = phrase(
    "leave.rule.principal_private",
    gettext_noop("L-4: the principal leader's private leave is approved by the parent's principal leader"),
)
RULE_PRINCIPAL_TRIP = phrase(
    "leave.rule.principal_trip",
    gettext_noop("L-4: the principal leader's trips are reported to the parent's principal leader"),
)
RULE_SHORT = phrase("leave.rule.short", gettext_noop("L-3: up to %(n)s days, the principal leader approves"))
RULE_FILED = phrase(
    "leave.rule.filed",
    gettext_noop(
        "L-3: up to %(n)s days, the principal leader approves and the request is filed with the parent's "
        "organisation department"
    ),
)
RULE_LONG = phrase(
    "leave.rule.long",
    gettext_noop(
        "L-3: more than %(n)s days, the principal leader agrees, the parent's leader in charge approves and "
        "the request is filed with the parent's organisation department"
    ),
)
