"""The tamper-evident log: its public key, signed tree heads, proofs and receipts.

Field names follow RFC 6962 (``get-sth``, ``get-proof-by-hash``,
``get-sth-consistency``); hashes and signatures are base64. A receipt saved as
returned here is what ``perfledger ledger check-receipt`` (or
``services.transparency.proofs.verify_receipt``) checks, offline.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import ContainerDep, CurrentActor
from api.problems import PROBLEM_RESPONSES
from services.transparency.heads import TreeHead, b64
from services.transparency.proofs import Receipt, entry_json

router = APIRouter(prefix="/ledger", tags=["ledger"], responses=PROBLEM_RESPONSES)
LogPosition = Annotated[int, Path(ge=1, le=2**62, description="A position in the event log")]
TreeSize = Annotated[int, Query(ge=1, le=2**62)]


class PublicKeyOut(BaseModel):
    algorithm: str
    key_id: str
    public_key_pem: str


class TreeHeadOut(BaseModel):
    """A signed tree head; the signature covers RFC 6962's TreeHeadSignature."""

    tree_size: int
    timestamp: int
    sha256_root_hash: str
    tree_head_signature: str
    key_id: str
    signed_at: str

    @classmethod
    def of(cls, head: TreeHead) -> TreeHeadOut:
        return cls(**head.to_json(), signed_at=head.signed_at.isoformat())


class ConsistencyOut(BaseModel):
    first: int
    second: int
    consistency: list[str]


class InclusionOut(BaseModel):
    position: int
    leaf_index: int
    leaf_hash: str
    tree_size: int
    audit_path: list[str]


class EntryOut(BaseModel):
    """A stored event exactly as stored: its leaf hash can be recomputed from these fields."""

    position: int
    aggregate_id: str
    version: int
    topic: str
    state: str


class ReceiptOut(BaseModel):
    """Proof that a record is in the log: its entry and leaf, a signed head, the audit path."""

    position: int
    leaf_index: int
    leaf_hash: str
    tree_head: TreeHeadOut
    audit_path: list[str]
    entry: EntryOut

    @classmethod
    def of(cls, receipt: Receipt) -> ReceiptOut:
        data = receipt.to_json() | {"tree_head": TreeHeadOut.of(receipt.tree_head)}
        return cls.model_validate(data)


@router.get("/public-key")
def public_key(actor: CurrentActor, c: ContainerDep) -> PublicKeyOut:
    """The Ed25519 key every tree head is signed with."""
    del actor
    key = c.transparency.key
    return PublicKeyOut(algorithm="Ed25519", key_id=b64(key.key_id), public_key_pem=key.public_pem)


@router.get("/tree-heads/latest")
def latest_tree_head(actor: CurrentActor, c: ContainerDep) -> TreeHeadOut:
    """The newest signed tree head; every person may read it."""
    return TreeHeadOut.of(c.transparency.latest_head(actor))


@router.post("/tree-heads", status_code=201)
def sign_tree_head(actor: CurrentActor, c: ContainerDep) -> TreeHeadOut:
    """Follow the log to its end and sign a tree head now (admins and auditors)."""
    return TreeHeadOut.of(c.transparency.sign_head(actor))


@router.get("/proofs/consistency")
def consistency_proof(
    actor: CurrentActor, c: ContainerDep, first: TreeSize, second: TreeSize
) -> ConsistencyOut:
    """Proof that the tree of ``second`` leaves extends the tree of ``first`` leaves."""
    return ConsistencyOut(**c.transparency.consistency(actor, first, second).to_json())


@router.get("/proofs/inclusion")
def inclusion_proof(
    actor: CurrentActor,
    c: ContainerDep,
    position: Annotated[int, Query(ge=1, le=2**62)],
    tree_size: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> InclusionOut:
    """The audit path of the record at ``position`` (default: under the latest head)."""
    return InclusionOut(**c.transparency.inclusion(actor, position, tree_size).to_json())


@router.get("/entries/{position}")
def log_entry(position: LogPosition, actor: CurrentActor, c: ContainerDep) -> EntryOut:
    """The record at a position as stored, to check it still hashes to a receipt's leaf."""
    return EntryOut(**entry_json(c.transparency.entry(actor, position)))


@router.get("/receipts/{position}")
def receipt(position: LogPosition, actor: CurrentActor, c: ContainerDep) -> ReceiptOut:
    """A receipt for a sealed assessment, an amendment or a finalised review."""
    return ReceiptOut.of(c.transparency.receipt(actor, position))
