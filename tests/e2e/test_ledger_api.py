"""The tamper-evident log through HTTP: heads, proofs, entries and receipts, and who may see them."""

from __future__ import annotations

from base64 import b64decode
from datetime import date

import pytest

from services.transparency.heads import TreeHead
from services.transparency.keys import load_public_key
from services.transparency.proofs import (
    Receipt,
    entry_from_json,
    verify_consistency,
    verify_inclusion,
    verify_receipt,
)
from tests.e2e.conftest import Api
from tests.e2e.test_foundation_api import _problem
from tests.stand_in import bear_receipts, seal
from tests.support import ADMIN


@pytest.fixture
def sealed(api: Api) -> tuple[Api, int]:
    """rep-wang's assessment for the first quarter of 2025, sealed by mgr-li."""
    bear_receipts(api.c)
    return api, seal(api.c, "rep-wang", date(2025, 3, 31))


def test_the_person_fetches_a_receipt_and_checks_it_with_the_published_key(
    sealed: tuple[Api, int],
) -> None:
    api, position = sealed
    response = api.get(f"/ledger/receipts/{position}", "rep-wang")
    assert response.status_code == 200, response.text
    receipt = Receipt.from_json(response.json())
    pem = api.get("/ledger/public-key", "rep-wang").json()["public_key_pem"]
    verify_receipt(receipt, load_public_key(pem))
    assert receipt.entry is not None
    assert receipt.entry.topic.endswith("StandInAssessment.Sealed")

    api.c.organisation.open_region(ADMIN, "later", "Later")
    latest = api.post("/ledger/tree-heads", "audit-sun")
    assert latest.status_code == 201, latest.text
    later = TreeHead.from_json(latest.json())
    proof = api.get(
        "/ledger/proofs/consistency",
        "rep-wang",
        first=receipt.tree_head.tree_size,
        second=later.tree_size,
    )
    assert proof.status_code == 200, proof.text
    steps = [b64decode(s) for s in proof.json()["consistency"]]
    verify_receipt(receipt, load_public_key(pem), later, steps)
    now = api.get(f"/ledger/entries/{position}", "rep-wang")
    assert entry_from_json(now.json()).leaf_hash() == receipt.leaf_hash


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("rep-wang", 200),  # the person the record concerns
        ("mgr-li", 200),  # their manager on the record's day
        ("dir-ma", 200),  # above the manager that day
        ("hrbp-liu", 200),  # the team's HRBP that day
        ("audit-sun", 200),  # auditors read everything
        ("rep-chen", 403),  # a colleague
        ("mgr-zhang", 403),  # another team's manager
        ("admin", 403),  # admins keep the organisation, not performance records
    ],
)
def test_who_may_have_a_records_receipt_entry_and_proof(
    sealed: tuple[Api, int], person: str, status: int
) -> None:
    api, position = sealed
    for path, params in (
        (f"/ledger/receipts/{position}", {}),
        (f"/ledger/entries/{position}", {}),
        ("/ledger/proofs/inclusion", {"position": position}),
    ):
        response = api.get(path, person, **params)
        assert response.status_code == status, (path, response.text)
        if status == 403:
            _problem(response, 403)


def test_records_that_concern_no_one_are_for_auditors_and_carry_no_receipt(api: Api) -> None:
    head = api.c.ledger.head()  # an organisation event: no receipt-bearing record
    _problem(api.get(f"/ledger/receipts/{head}", "rep-wang"), 403)
    _problem(api.get(f"/ledger/receipts/{head}", "audit-sun"), 404)
    _problem(api.get(f"/ledger/receipts/{head + 1000}", "audit-sun"), 404)
    _problem(api.get(f"/ledger/entries/{head}", "mgr-li"), 403)
    found = api.get("/ledger/proofs/inclusion", "audit-sun", position=head)
    assert found.status_code == 200, found.text
    body = found.json()
    signed = TreeHead.from_json(api.get("/ledger/tree-heads/latest", "audit-sun").json())
    assert body["tree_size"] == signed.tree_size
    path = [b64decode(p) for p in body["audit_path"]]
    leaf = b64decode(body["leaf_hash"])
    verify_inclusion(leaf, body["leaf_index"], body["tree_size"], path, signed.root_hash)


def test_heads_and_consistency_are_for_everyone_signing_for_admins_and_auditors(
    api: Api,
) -> None:
    first = api.get("/ledger/tree-heads/latest", "rep-chen")
    assert first.status_code == 200, first.text
    _problem(api.post("/ledger/tree-heads", "rep-chen"), 403)
    _problem(api.post("/ledger/tree-heads", "mgr-li"), 403)
    api.c.organisation.open_region(ADMIN, "west", "West")
    second = api.post("/ledger/tree-heads", "admin")
    assert second.status_code == 201, second.text
    a, b = TreeHead.from_json(first.json()), TreeHead.from_json(second.json())
    proof = api.get("/ledger/proofs/consistency", "rep-chen", first=a.tree_size, second=b.tree_size)
    steps = [b64decode(s) for s in proof.json()["consistency"]]
    verify_consistency(a.tree_size, b.tree_size, a.root_hash, b.root_hash, steps)


@pytest.mark.parametrize(
    "params",
    [
        {"first": 5, "second": 4},
        {"first": 0, "second": 4},
        {"first": 1, "second": 10**9},
        {"first": "x", "second": 2},
        {"second": 2},
    ],
)
def test_bad_proof_requests_get_a_problem(api: Api, params: dict[str, object]) -> None:
    _problem(api.get("/ledger/proofs/consistency", "rep-wang", **params), 422)


def test_bad_positions_get_a_problem(api: Api) -> None:
    _problem(api.get("/ledger/receipts/0", "audit-sun"), 422)
    _problem(api.get("/ledger/receipts/abc", "audit-sun"), 422)
    _problem(api.get("/ledger/proofs/inclusion", "audit-sun", position=1, tree_size=10**9), 422)
