"""Who may do what: one table of permissions, checked by every route.

``viewer`` sees published, non-sensitive data; ``monitor`` files and reads reports; ``analyst``
clusters, grades and attributes; ``coordinator`` adjudicates and manages alert rules and escalation;
``admin`` manages accounts. A ``party`` account acts for one conflict party: it sees incidents that
name that party, answers allegations and acknowledges the alerts sent to it.
"""

from __future__ import annotations

from ceasefire.errors import PermissionDenied
from ceasefire.monitor.accounts import Account

STAFF = frozenset({"monitor", "analyst", "coordinator", "admin"})
EVERYONE = STAFF | {"viewer", "party"}

PERMISSIONS: dict[str, frozenset[str]] = {
    "me.read": EVERYONE,
    "processes.read": EVERYONE,
    "reports.create": STAFF | {"party"},
    "reports.read": EVERYONE,
    "incidents.read": EVERYONE,
    "incidents.edit": frozenset({"analyst", "coordinator", "admin"}),
    "verification.investigate": frozenset({"analyst", "coordinator", "admin"}),
    "verification.decide": frozenset({"coordinator", "admin"}),
    "responses.create": frozenset({"party", "coordinator", "admin"}),
    "rules.read": frozenset({"analyst", "coordinator", "admin"}),
    "rules.manage": frozenset({"coordinator", "admin"}),
    "alerts.read": STAFF | {"party"},
    "alerts.ack": STAFF | {"party"},
    "deliveries.manage": frozenset({"coordinator", "admin"}),
    "accounts.manage": frozenset({"admin"}),
    "audit.read": frozenset({"admin"}),
}

#: roles that may read a reporter's name and contact
SEE_REPORTER = frozenset({"coordinator", "admin"})
#: roles that get the public view (blurred own positions, no reporter, only what is shared with them)
PUBLIC = frozenset({"viewer", "party"})


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def require(account: Account, permission: str) -> None:
    if not allowed(account.role, permission):
        raise PermissionDenied(f"role {account.role!r} may not {permission.replace('.', ' ')}")
