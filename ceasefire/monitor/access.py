"""Who may do what: one table of permissions, checked by every route.

``viewer`` sees published, non-sensitive data; ``monitor`` files and reads reports; ``analyst``
clusters, grades and attributes; ``coordinator`` adjudicates and manages alert rules and escalation;
``admin`` manages accounts. A ``party`` account acts for one conflict party: it sees incidents that
name that party, answers allegations and acknowledges the alerts sent to it. A ``humanitarian``
account acts for an organisation that notifies sites, movements and flights (``deconflict/``); it
files reports and hears of hits on what it notified.

The source type a report claims follows the account that files it (``SOURCE_TYPES``): only a
monitor account files a monitor's observation, a party files as a party. A gateway (e-mail, SMS)
relays for senders: its reports are ``public`` unless the sender's address is bound to an account
(``ceasefire users bind``) and the gateway's own account is staff; then they are filed as that
account's, with its source types. What a party reads and answers is one store query
(``store/party_view.py``).

Deconfliction rows: staff see every notification exactly; the notifier and the notification's
recipient parties see it exactly; everyone else gets the blurred public view (``deconflict/views.py``).
Conflicts and findings are listed to staff, and to a party or organisation for the notifications it
sent or was sent.
"""

from __future__ import annotations

from ceasefire.errors import PermissionDenied
from ceasefire.monitor.accounts import Account

STAFF = frozenset({"monitor", "analyst", "coordinator", "admin"})
EVERYONE = STAFF | {"viewer", "party", "humanitarian"}

PERMISSIONS: dict[str, frozenset[str]] = {
    "me.read": EVERYONE,
    "processes.read": EVERYONE,
    "reports.create": STAFF | {"party", "humanitarian"},
    "reports.read": EVERYONE,
    "incidents.read": EVERYONE,
    "incidents.edit": frozenset({"analyst", "coordinator", "admin"}),
    "verification.investigate": frozenset({"analyst", "coordinator", "admin"}),
    "verification.decide": frozenset({"coordinator", "admin"}),
    "responses.create": frozenset({"party", "coordinator", "admin"}),
    "rules.read": frozenset({"analyst", "coordinator", "admin"}),
    "rules.manage": frozenset({"coordinator", "admin"}),
    "alerts.read": STAFF | {"party", "humanitarian"},
    "alerts.ack": STAFF | {"party", "humanitarian"},
    "deliveries.manage": frozenset({"coordinator", "admin"}),
    "accounts.manage": frozenset({"admin"}),
    "audit.read": frozenset({"admin"}),
    "deconfliction.read": EVERYONE,
    "deconfliction.notify": frozenset({"humanitarian", "party", "coordinator", "admin"}),
    "deconfliction.ack": frozenset({"party", "coordinator", "admin"}),
    "deconfliction.outcome": frozenset({"humanitarian", "party", "coordinator", "admin"}),
    "deconfliction.checks": STAFF | {"party", "humanitarian"},
    "deconfliction.terms": frozenset({"coordinator", "admin"}),
}

_RELAYED = frozenset({"public", "media", "sensor", "party"})
#: the source types each role may give its reports (a role that files none has none)
SOURCE_TYPES: dict[str, frozenset[str]] = {
    "monitor": _RELAYED | {"monitor"},
    "analyst": _RELAYED,
    "coordinator": _RELAYED,
    "admin": _RELAYED,
    "party": frozenset({"party"}),
    "humanitarian": frozenset({"public"}),
    "viewer": frozenset(),
}
#: what a gateway's report is when its sender is bound to no account
GATEWAY_SOURCE = "public"
#: roles whose gateway posts may be filed as a bound sender's (a party's may not speak for a monitor)
RELAYS_FOR_SENDERS = STAFF

#: roles that may read a reporter's name and contact
SEE_REPORTER = frozenset({"coordinator", "admin"})
#: roles that get the public view (blurred own positions, no reporter, only what is shared with them)
PUBLIC = frozenset({"viewer", "party", "humanitarian"})
#: roles that see only the alerts addressed to them
RECIPIENTS_ONLY = frozenset({"party", "humanitarian"})
#: roles that see every notification's exact geometry (others: their own, or the public view)
SEE_NOTIFICATIONS = STAFF


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def require(account: Account, permission: str) -> None:
    if not allowed(account.role, permission):
        raise PermissionDenied(f"role {account.role!r} may not {permission.replace('.', ' ')}")


def require_source_type(account: Account, source_type: str) -> None:
    """Refuse a report whose claimed source type the filing account's role may not give."""
    may = SOURCE_TYPES.get(account.role, frozenset())
    if source_type not in may:
        allowed_ones = ", ".join(sorted(may)) or "none"
        raise PermissionDenied(
            f"role {account.role!r} may not file source_type {source_type!r} (its source types: {allowed_ones})"
        )
