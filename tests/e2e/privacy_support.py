"""A person with records in every context, and a scan of every table for text in clear."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from services.settings import Backend, Settings
from tests.e2e.conftest import Api
from tests.e2e.process import local_today
from tests.e2e.review_support import (
    CYCLE,
    HRBP,
    MANAGER,
    REPS,
    Team,
    build_team,
    even,
    marks,
    open_cycle,
)

PERSON = "e-7731"  # an employee number: ids stay in clear, so they never carry a name
NAME = "Qian Duoduo 钱多多"
CASE = "signed after the third visit to the Xihu 西湖 plant"
# What must never be found in clear: the name, and a case written about her.
IN_CLEAR = ("Qian Duoduo", "钱多多", "Xihu", "西湖")


@dataclass
class Records:
    team: Team
    visit_id: str
    deal_id: str
    target_id: str
    position: int


def records_about(api: Api) -> Records:
    """PERSON joins, and every context records text about her: visits, a deal, coaching,
    a retrospective, a target with an explained line and a revision, a self-assessment."""
    team = build_team(api)
    team.roles[PERSON] = ["rep"]
    hire = {"person_id": PERSON, "name": NAME, "roles": ["rep"], "joined_on": "2024-01-01"}
    team.ok(team.post("/people", "admin", hire | {"team_id": "sz-1", "manager_id": MANAGER}), 201)
    today = str(local_today())
    customer = {"customer_id": "c-xh", "name": "Xh Plant Co.", "region_id": "south"}
    customer |= {"segment": "SME", "status": "prospect"}
    team.ok(team.post("/customers", MANAGER, customer), 201)
    visit = {"customer_id": "c-xh", "planned_on": today, "purpose": CASE}
    visit_id = team.ok(team.post("/visits", PERSON, visit), 201)["id"]
    team.ok(team.post(f"/visits/{visit_id}/review", MANAGER, {"decision": "coach", "note": CASE}))
    happened = {"happened_at": _now(), "met": CASE, "outcome": CASE, "next_step": CASE}
    team.ok(team.post(f"/visits/{visit_id}/outcome", PERSON, happened))
    deal_id = _deal(team, today, visit_id)
    _coaching_and_retrospective(team, today)
    target_id = _target(team)
    open_cycle(team, [*REPS, PERSON])
    assessment = {"marks": marks(even(12), what=CASE), "rating": "3.5", "comment": CASE}
    team.ok(team.post(team.review(PERSON, "self-assessment"), PERSON, assessment))
    _nomination(team)
    hold = team.ok(team.post(f"/people/{PERSON}/legal-holds", "admin", {"reason": CASE}), 201)
    team.ok(team.post(f"/people/{PERSON}/legal-holds/1/lift", "admin", {"reason": CASE}))
    return Records(team, visit_id, deal_id, target_id, hold["position"])


def _nomination(team: Team) -> None:
    """Her manager nominates her for an award, citing the case; her HRBP confirms it."""
    body = {"nominee_id": PERSON, "award_code": "little-cannon", "period": "2025-Q1"}
    nominated = team.ok(team.post("/nominations", MANAGER, body | {"citation": CASE}), 201)
    decision = {"decision": "confirm", "reason": CASE}
    team.ok(team.post(f"/nominations/{nominated['id']}/decision", HRBP, decision))


def _now() -> str:
    return (datetime.now(UTC) - timedelta(minutes=1)).isoformat()


def _deal(team: Team, today: str, visit_id: str) -> str:
    deal: dict[str, Any] = {"customer_id": "c-xh", "kind": "new", "currency": "CNY"}
    deal["amount"] = "120000.00"
    deal |= {"signed_on": today, "why_signed": CASE, "visit_ids": [visit_id]}
    deal_id: str = team.ok(team.post("/deals", PERSON, deal), 201)["id"]
    cash = {"amount": "50000.00", "received_on": today}
    team.ok(team.post(f"/deals/{deal_id}/cash", PERSON, cash))
    return deal_id


def _coaching_and_retrospective(team: Team, today: str) -> None:
    follow_up = str(local_today() + timedelta(days=7))
    session = {"rep_id": PERSON, "held_on": today, "topic": CASE, "agreed": CASE}
    team.ok(team.post("/coaching-sessions", MANAGER, session | {"follow_up_on": follow_up}), 201)
    retro = {"subject_kind": "person", "subject_id": PERSON, "period_key": "2025-Q1"}
    retro |= {name: CASE for name in ("planned", "happened", "why", "what_next")}
    team.ok(team.post("/retrospectives", PERSON, retro), 201)


def _target(team: Team) -> str:
    line = {"kind": "other", "amount": {"amount": "50000.00", "currency": "CNY"}}
    strategy = {
        "figures": [{"measure": "cash", "amount": "50000.00", "currency": "CNY"}],
        "lines": [line | {"explanation": CASE}],
    }
    body = {"subject_id": PERSON, "period": "2025-Q1"} | strategy
    target_id: str = team.ok(team.post("/targets", PERSON, body), 201)["id"]
    revision = strategy | {"reason": CASE}
    team.ok(team.post(f"/targets/{target_id}/revisions", PERSON, revision))
    return target_id


def erase(team: Team) -> dict[str, Any]:
    """She left today; her jurisdiction keeps nothing after leaving; the admin erases her."""
    today = str(local_today())
    team.ok(team.post(f"/people/{PERSON}/leaving", "admin", {"effective_on": today}))
    rule = {"jurisdiction": "de", "months": 0, "basis": "no retention after leaving"}
    team.ok(team.post("/retention-rules", "admin", rule))
    team.ok(team.post(f"/people/{PERSON}/jurisdiction", "admin", {"jurisdiction": "de"}))
    return team.ok(team.post(f"/people/{PERSON}/erasure-requests", "admin", {"reason": CASE}), 201)


def reads_about(records: Records) -> list[str]:
    """Every read that shows text about her, as the auditor (who reads everything) sees it."""
    return [
        f"/people/{PERSON}",
        f"/people/{PERSON}/visits",
        f"/visits/{records.visit_id}",
        f"/deals/{records.deal_id}",
        f"/people/{PERSON}/deals",
        f"/people/{PERSON}/coaching",
        f"/people/{PERSON}/retrospectives",
        f"/targets/{records.target_id}",
        f"/people/{PERSON}/targets",
        f"/cycles/{CYCLE}/reviews/{PERSON}",
        f"/cycles/{CYCLE}/reviews/{PERSON}/history",
        f"/people/{PERSON}/privacy",
        f"/people/{PERSON}/nominations",
        f"/people/{PERSON}/awards",
        f"/audit/events?person={PERSON}&limit=500",
        f"/audit/events.csv?person={PERSON}",
        f"/audit/events.jsonl?person={PERSON}",
        f"/audit/records/{records.deal_id}",
    ]


def table_text(settings: Settings) -> dict[str, str]:
    """Every row of every table of the store, as text (stored bytes decoded as UTF-8)."""
    if settings.backend is Backend.SQLITE:
        conn = sqlite3.connect(settings.sqlite_path)
        try:
            names = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            return {n: _text(conn.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}
        finally:
            conn.close()
    with psycopg.connect(settings.database_url) as pg:
        names = [
            str(r[0])
            for r in pg.execute(
                b"SELECT tablename FROM pg_tables WHERE schemaname = %s",
                (settings.postgres_schema,),
            )
        ]
        return {
            n: _text(
                pg.execute(f'SELECT * FROM {settings.postgres_schema}."{n}"'.encode()).fetchall()
            )
            for n in names
        }


def file_text(settings: Settings) -> dict[str, str]:
    """SQLite: the database file and its write-ahead log, byte for byte (free pages too)."""
    if settings.backend is not Backend.SQLITE:
        return {}
    paths = [
        settings.sqlite_path,
        settings.sqlite_path.with_name(settings.sqlite_path.name + "-wal"),
    ]
    return {str(p): p.read_bytes().decode("utf-8", "replace") for p in paths if p.exists()}


def _text(rows: list[Any]) -> str:
    return "\n".join(" ".join(_cell(v) for v in row) for row in rows)


def _cell(value: Any) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def found_in_clear(text: str) -> list[str]:
    return [secret for secret in IN_CLEAR if secret in text]
