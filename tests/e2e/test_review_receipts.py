"""Receipts for the reviews context's own facts: a sealed values assessment carries one,
and it still verifies against a tree head taken a thousand events later."""

from __future__ import annotations

from base64 import b64decode, b64encode

from services.transparency.heads import TreeHead
from services.transparency.keys import load_public_key
from services.transparency.proofs import ProofError, Receipt, verify_receipt
from tests.e2e.conftest import Api
from tests.e2e.review_support import REPS, build_team, even, marks, open_cycle
from tests.support import ADMIN


def test_a_sealed_self_assessment_carries_a_receipt_that_outlives_a_thousand_events(
    api: Api,
) -> None:
    team = build_team(api)
    open_cycle(team)
    person = REPS[0]
    body = {"marks": marks(even(18), what="I"), "rating": "3.5", "comment": "my quarter"}
    team.ok(team.post(team.review(person, "self-assessment"), person, body))

    listed = team.get(team.review(person, "receipts"), person)
    assert listed.status_code == 200, listed.text
    assert len(listed.json()) == 1  # the sealed self-assessment; the rating beside it is not
    position = listed.json()[0]["position"]
    fetched = team.get(f"/ledger/receipts/{position}", person)
    assert fetched.json() | {"tree_head": None} == listed.json()[0] | {"tree_head": None}
    receipt = Receipt.from_json(fetched.json())
    assert receipt.entry is not None
    assert receipt.entry.topic.endswith("Review.ValuesAssessmentSealed")
    key = load_public_key(team.get("/ledger/public-key", person).json()["public_key_pem"])
    verify_receipt(receipt, key)

    for i in range(1000):
        api.c.organisation.open_region(ADMIN, f"later-{i}", f"Later {i}")
    later = TreeHead.from_json(team.ok(team.post("/ledger/tree-heads", "audit-sun"), 201))
    assert later.tree_size >= receipt.tree_head.tree_size + 1000
    proof = team.get(
        "/ledger/proofs/consistency",
        person,
        first=receipt.tree_head.tree_size,
        second=later.tree_size,
    )
    steps = [b64decode(s) for s in proof.json()["consistency"]]
    verify_receipt(receipt, key, later, steps)

    leaf = bytearray(b64decode(fetched.json()["leaf_hash"]))
    leaf[0] ^= 0x01
    forged = Receipt.from_json(fetched.json() | {"leaf_hash": b64encode(bytes(leaf)).decode()})
    try:
        verify_receipt(forged, key, later, steps)
    except ProofError:
        pass
    else:
        raise AssertionError("a forged receipt verified")
    # A colleague may not have it, by either route.
    assert team.get(f"/ledger/receipts/{position}", REPS[1]).status_code == 403
    assert team.get(team.review(person, "receipts"), REPS[1]).status_code == 403
