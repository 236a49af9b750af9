"""A team of eight built through the organisation API, and helpers to review it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.e2e.conftest import Api

CYCLE = "2025-Q1-sz"
TEAM = "sz-1"
REPS = [f"rep-s{i}" for i in range(1, 9)]
MANAGER, HRBP, DIRECTOR = "mgr-sz", "hrbp-sz", "dir-ma"
SIX_VALUES = [
    "customer-first",
    "teamwork",
    "embrace-change",
    "integrity",
    "passion",
    "dedication",
]
ROLES = {MANAGER: ["manager"], HRBP: ["hrbp"]} | {r: ["rep"] for r in REPS}


def marks(levels: Mapping[str, int], *, what: str = "did it") -> list[dict[str, Any]]:
    """Marks for levels 1..n of each value, every one with its case."""
    return [
        {
            "value": value,
            "rank": rank,
            "what": f"{what}: {value} level {rank}",
            "on": "2025-02-10",
            "where": f"CRM note {value}-{rank}",
        }
        for value, n in levels.items()
        for rank in range(1, n + 1)
    ]


def even(points: int) -> dict[str, int]:
    """Levels for the six values adding up to ``points`` (spread as evenly as may be)."""
    base, extra = divmod(points, len(SIX_VALUES))
    return {v: base + (1 if i < extra else 0) for i, v in enumerate(SIX_VALUES)}


@dataclass
class Team:
    """Who may act, and a client that signs each request as that person."""

    api: Api
    roles: dict[str, list[str]] = field(default_factory=lambda: dict(ROLES))

    def headers(self, person: str | None, **extra: str) -> dict[str, str]:
        if person is None:
            return extra
        roles = self.roles.get(person)
        return {"Authorization": f"Bearer {self.api.token(person, roles)}"} | extra

    def post(
        self, path: str, person: str | None, body: Any = None, **headers: str
    ) -> httpx.Response:
        h = self.headers(person, **{k.replace("_", "-"): v for k, v in headers.items()})
        response: httpx.Response = self.api.client.post(path, headers=h, json=body)
        return response

    def get(self, path: str, person: str | None, **params: Any) -> httpx.Response:
        response: httpx.Response = self.api.client.get(
            path, headers=self.headers(person), params=params
        )
        return response

    def ok(self, response: httpx.Response, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body

    def ok_list(self, response: httpx.Response) -> list[dict[str, Any]]:
        assert response.status_code == 200, response.text
        body: list[dict[str, Any]] = response.json()
        return body

    def review(self, person: str, step: str = "") -> str:
        return f"/cycles/{CYCLE}/reviews/{person}" + (f"/{step}" if step else "")


SCHEME = {
    "scale": [
        {"value": "3", "label": "fails", "band": "low"},
        {"value": "3.5", "label": "meets", "band": "middle"},
        {"value": "4", "label": "exceeds", "band": "high"},
    ],
    "performance_weight": 60,
    "values_weight": 40,
    "guidances": [{"name": "271", "high": 20, "middle": 70, "low": 10}],
    "default_guidance": "271",
    "tolerance": 5,
    "talent": {"performance_high": "3.8", "performance_middle": "3.3", "values_high": "3"},
}


def build_team(api: Api) -> Team:
    """The South region's team of eight reps under one manager, with an HRBP, via HTTP."""
    team = Team(api)
    post = team.post
    team.ok(post("/regions", "admin", {"region_id": "south", "name": "South China"}), 201)
    team.ok(
        post("/teams", "admin", {"team_id": TEAM, "name": "Shenzhen 1", "region_id": "south"}), 201
    )
    hire = {"joined_on": "2024-01-01", "team_id": TEAM}
    team.ok(
        post(
            "/people",
            "admin",
            hire
            | {
                "person_id": MANAGER,
                "name": "Sz Manager",
                "roles": ["manager"],
                "manager_id": DIRECTOR,
            },
        ),
        201,
    )
    for i, rep in enumerate(REPS, start=1):
        body = hire | {
            "person_id": rep,
            "name": f"Rep {i}",
            "roles": ["rep"],
            "manager_id": MANAGER,
        }
        team.ok(post("/people", "admin", body), 201)
    team.ok(
        post(
            "/people",
            "admin",
            {"person_id": HRBP, "name": "Sz HRBP", "roles": ["hrbp"], "joined_on": "2024-01-01"},
        ),
        201,
    )
    team.ok(post(f"/teams/{TEAM}/hrbps", "admin", {"hrbp_id": HRBP, "effective_on": "2024-01-01"}))
    team.ok(
        post(f"/teams/{TEAM}/lead", "admin", {"person_id": MANAGER, "effective_on": "2024-01-01"})
    )
    team.ok(post("/periods", "admin", {"key": "2025-Q1"}), 201)
    return team


def open_cycle(
    team: Team, people: list[str] | None = None, rubric: str = "six-values"
) -> dict[str, Any]:
    body = {
        "cycle_id": CYCLE,
        "period": "2025-Q1",
        "people": people or REPS,
        "rubric_code": rubric,
        "rubric_version": 1,
    }
    return team.ok(team.post("/cycles", "admin", body), 201)


def assess(team: Team, person: str, self_points: int, points: int, rating: str) -> None:
    """Self-assessment, then the manager's assessment, both with cases."""
    team.ok(
        team.post(
            team.review(person, "self-assessment"),
            person,
            {"marks": marks(even(self_points), what="I"), "rating": "3.5", "comment": "my quarter"},
        )
    )
    team.ok(
        team.post(
            team.review(person, "manager-assessment"),
            MANAGER,
            {"marks": marks(even(points), what="seen"), "rating": rating, "comment": "the quarter"},
        )
    )


def to_calibration(team: Team, person: str, points: int = 18, rating: str = "3.5") -> None:
    assess(team, person, 18, points, rating)
    team.ok(team.post(team.review(person, "hrbp-review"), HRBP, {"decision": "countersign"}))
