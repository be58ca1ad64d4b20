"""The verification of an alleged violation, and the parties' answers to it.

``alleged`` -> ``under_investigation`` -> ``confirmed_violation`` | ``not_confirmed`` | ``undetermined``;
a decided incident can be reopened (back to ``under_investigation``) when new evidence arrives.
Each step keeps who, when and why. A party's answer (admits, denies, investigating, no comment) is
kept beside the allegation and feeds the incident's grade. A party answers only an incident that
names it (``store/party_view.py``); staff record any party's answer on its behalf.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from ceasefire.errors import Conflict, NotFound, PermissionDenied
from ceasefire.monitor import audit, clock
from ceasefire.monitor.access import allowed
from ceasefire.monitor.accounts import Account
from ceasefire.monitor.clock import iso
from ceasefire.monitor.incidents import get_incident, refresh
from ceasefire.store.party_view import names_party
from ceasefire.store.tables import incidents, party_responses, verification_steps

_STEPS_OF = (
    select(verification_steps)
    .where(verification_steps.c.incident_id.in_(bindparam("incident_ids", expanding=True)))
    .order_by(verification_steps.c.id)
)
_RESPONSES_TO = (
    select(party_responses)
    .where(party_responses.c.incident_id.in_(bindparam("incident_ids", expanding=True)))
    .order_by(party_responses.c.id)
)
DECIDED = frozenset({"confirmed_violation", "not_confirmed", "undetermined"})
NEXT: dict[str, frozenset[str]] = {
    "alleged": frozenset({"under_investigation"}),
    "under_investigation": DECIDED,
    **{state: frozenset({"under_investigation"}) for state in DECIDED},
}


def step(conn: Connection, incident_id: str, state: str, account: Account, why: str) -> dict[str, Any]:
    """Move an incident's verification to ``state``; the steps the workflow allows, by the roles allowed."""
    incident = get_incident(conn, incident_id)
    current = incident["verification"]
    if current is None:
        raise Conflict(
            f"incident {incident_id} is not linked to a ceasefire, so there is no allegation to verify"
        )
    if state not in NEXT[current]:
        allowed_next = ", ".join(sorted(NEXT[current]))
        raise Conflict(f"incident {incident_id} is {current}: the next step is {allowed_next}, not {state}")
    needed = "verification.decide" if state in DECIDED or current in DECIDED else "verification.investigate"
    if not allowed(account.role, needed):
        raise PermissionDenied(f"role {account.role!r} may not move a verification to {state}")
    now = clock.now()
    conn.execute(
        update(incidents).where(incidents.c.id == incident_id).values(verification=state, updated_at=now)
    )
    conn.execute(
        insert(verification_steps).values(
            incident_id=incident_id, state=state, by=account.name, at=now, why=why
        )
    )
    audit.record(conn, account, "verification.step", "incident", incident_id,
                 {"from": current, "to": state, "why": why})  # fmt: skip
    return get_incident(conn, incident_id)


def history(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    return histories(conn, [incident_id])[incident_id]


def histories(conn: Connection, incident_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The verification steps of each of ``incident_ids``, oldest first, from one query."""
    found: dict[str, list[dict[str, Any]]] = {incident_id: [] for incident_id in incident_ids}
    if incident_ids:
        for r in conn.execute(_STEPS_OF, {"incident_ids": incident_ids}).mappings():
            found[r["incident_id"]].append(
                {"state": r["state"], "by": r["by"], "at": iso(r["at"]), "why": r["why"]}
            )
    return found


def respond(conn: Connection, incident_id: str, account: Account, stance: str, text: str,
            party: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Record a party's answer; a party account answers for its own party only."""
    get_incident(conn, incident_id)
    speaking_for = account.party if account.role == "party" else party
    if not speaking_for:
        raise Conflict("name the party whose answer this is (field party)")
    if account.role == "party" and not names_party(conn, incident_id, speaking_for):
        raise NotFound(f"no incident {incident_id}")  # as for any incident the party may not read
    now = clock.now()
    conn.execute(
        insert(party_responses).values(incident_id=incident_id, party=speaking_for, by=account.name, stance=stance,
                                       text=text, at=now)
    )  # fmt: skip
    refresh(conn, incident_id)
    audit.record(
        conn,
        account,
        "response.create",
        "incident",
        incident_id,
        {"party": speaking_for, "stance": stance},
    )
    return {"incident_id": incident_id, "party": speaking_for, "by": account.name, "stance": stance, "text": text,
            "at": now.isoformat()}  # fmt: skip


def responses(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    return responses_to(conn, [incident_id])[incident_id]


def responses_to(conn: Connection, incident_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The parties' answers about each of ``incident_ids``, oldest first, from one query."""
    found: dict[str, list[dict[str, Any]]] = {incident_id: [] for incident_id in incident_ids}
    if incident_ids:
        for r in conn.execute(_RESPONSES_TO, {"incident_ids": incident_ids}).mappings():
            found[r["incident_id"]].append({"party": r["party"], "by": r["by"], "stance": r["stance"],
                                            "text": r["text"], "at": iso(r["at"])})  # fmt: skip
    return found
