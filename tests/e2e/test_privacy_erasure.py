"""Erasure by crypto-shredding, end to end on each store.

A person with records in every context is erased: every read shows her text
as erased while the numbers stay, no table of the store and no export holds her
name or a case written about her in clear (before the erasure neither: it is
all sealed), views rebuilt from scratch show the same, and ``perfledger verify``
still passes, because the stored bytes never changed.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from domain.values import ERASED_TEXT
from services.privacy.backup import export_keys
from services.privacy.cipher import TextErased
from services.settings import Settings
from services.transparency.audit import audit
from services.transparency.export import exporter_for
from services.transparency.snapshot import open_snapshot
from tests.e2e.conftest import Api
from tests.e2e.privacy_support import (
    CASE,
    NAME,
    PERSON,
    Records,
    erase,
    file_text,
    found_in_clear,
    reads_about,
    records_about,
    table_text,
)
from tests.e2e.process import local_today
from tests.targets_support import sign_deal

AUDITOR = "audit-sun"


def _reads(api: Api, records: Records) -> dict[str, str]:
    api.c.runner.catch_up()
    texts = {}
    for path in reads_about(records):
        response = api.get(path, AUDITOR)
        assert response.status_code == 200, (path, response.text)
        texts[path] = response.text
    return texts


def _scan(settings: Settings) -> dict[str, list[str]]:
    """Every table (and on SQLite the files themselves) searched for her name and case."""
    texts = table_text(settings) | file_text(settings)
    found = {table: found_in_clear(text) for table, text in texts.items()}
    return {table: secrets for table, secrets in found.items() if secrets}


@pytest.fixture
def records(api: Api) -> Records:
    return records_about(api)


def test_before_erasure_the_text_reads_in_full_and_no_table_holds_it_in_clear(
    api: Api, records: Records, settings: Settings
) -> None:
    reads = _reads(api, records)
    assert json.loads(reads[f"/people/{PERSON}"])["name"] == NAME
    without = sorted(path for path, text in reads.items() if CASE not in text)
    assert without == [f"/people/{PERSON}"]  # her name, no case
    assert _scan(settings) == {}
    scanned = set(table_text(settings))  # keys, views, idempotency, the ledger, tracking...
    assert {"perfledger_person_keys", "visits", "perfledger_idempotency"} <= scanned
    assert {"perfledger_ledger_leaves", "perfledger_tree_heads", "directory_people"} <= scanned


def test_after_erasure_every_read_shows_erased_and_the_numbers_stay(
    api: Api, records: Records, settings: Settings, tmp_path: Path
) -> None:
    key = api.c.app.cipher.keys.fetch(PERSON)
    assert key is not None
    assert key.wrapped is not None
    wrapped = base64.b64encode(key.wrapped).decode()
    answer = erase(records.team)
    assert (answer["outcome"], answer["blocked_by"], answer["proceeds_on"]) == ("erased", [], None)
    # Her key is gone from the key table and (SQLite) from the file's bytes and its log.
    for where, text in (table_text(settings) | file_text(settings)).items():
        assert wrapped not in text, where
    reads = _reads(api, records)
    for path, text in reads.items():
        assert found_in_clear(text) == [], path
        assert ERASED_TEXT in text, path
    deal = json.loads(reads[f"/deals/{records.deal_id}"])
    assert (deal["amount"], deal["received"]) == ("120000.00", "50000.00")
    review = json.loads(reads[f"/cycles/2025-Q1-sz/reviews/{PERSON}"])
    assert review["self_assessment"]["points"] == 12
    person = json.loads(reads[f"/people/{PERSON}"])
    assert (person["name"], person["joined_on"]) == (ERASED_TEXT, "2024-01-01")
    assert _scan(settings) == {}
    _check_exports(api, tmp_path)


def test_views_rebuilt_from_scratch_show_erased_and_verify_still_passes(
    api: Api, records: Records, settings: Settings
) -> None:
    erase(records.team)
    api.c.follower.catch_up()
    api.c.follower.sign_head()
    api.c.runner.rebuild()
    for path, text in _reads(api, records).items():
        assert found_in_clear(text) == [], path
        assert ERASED_TEXT in text, path
    assert _scan(settings) == {}
    api.c.follower.catch_up()
    with open_snapshot(settings) as snapshot:
        report = audit(snapshot, [], api.c.follower.key.public_key)
    assert report.ok, report.findings
    assert report.events == api.c.ledger.head()


def test_nothing_new_can_be_written_about_an_erased_person(api: Api, records: Records) -> None:
    erase(records.team)
    team, head = records.team, api.c.ledger.head()
    again = team.post(f"/people/{PERSON}/erasure-requests", "admin", {"reason": "again"})
    assert again.status_code == 409, again.text
    visit = {"customer_id": "c-xh", "planned_on": str(local_today()), "purpose": "new text"}
    refused = team.post("/visits", PERSON, visit)
    assert refused.status_code == 409, refused.text
    assert "erased" in refused.json()["detail"]
    # Below the rules, the store itself refuses to seal text under a destroyed key.
    with pytest.raises(TextErased):
        sign_deal(api.c.ledger, PERSON, 100, local_today(), customer="c-xh")
    assert api.c.ledger.head() == head


def _check_exports(api: Api, tmp_path: Path) -> None:
    """The ledger export with its leaves, and the key backup: nothing in clear, no key of hers."""
    c = api.c
    c.follower.catch_up()
    target = tmp_path / "heads.jsonl"
    export = exporter_for(str(target))
    assert export is not None
    export(c.follower.checkpoint(c.follower.sign_head(), 0))
    assert found_in_clear(target.read_text()) == []
    assert len(json.loads(target.read_text())["leaves"]["hashes"]) == c.follower.size
    backup = export_keys(c.app.cipher.keys, c.privacy.erased_in_log())
    assert PERSON not in {k["subject"] for k in backup}
    assert backup
    assert found_in_clear(json.dumps(backup)) == []
