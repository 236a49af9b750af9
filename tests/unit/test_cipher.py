"""Text sealed with its subject's key; a destroyed key erases it, here at once, elsewhere soon."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.errors import StateConflict
from domain.values import ERASED_TEXT, PersonalText
from projections.sealed import UnsealedText, open_value, token
from projections.tables import to_json
from services.privacy.cipher import PersonalCipher, TextErased, TextUnreadable
from services.privacy.keys import MemoryKeyStore
from services.privacy.master import (
    KeyUnreadable,
    MasterKey,
    generate_master_key,
    load_master_key,
)
from services.settings import Settings
from services.transcoding import LedgerTranscoder

SECRET = "signed after the third visit to the 西湖 plant"


def twin(cipher: PersonalCipher, cache_seconds: float = 60.0) -> PersonalCipher:
    """Another process: the same master key and key store, a cache of its own."""
    return PersonalCipher(cipher.master, cipher.keys, cache_seconds=cache_seconds)


def test_a_text_is_sealed_under_its_subjects_key_and_opens_again() -> None:
    cipher = PersonalCipher.in_memory()
    sealed = cipher.seal(PersonalText("e-1", SECRET))
    assert SECRET not in sealed
    assert "西湖" not in sealed
    opened = cipher.unseal("e-1", sealed)
    assert opened == PersonalText("e-1", SECRET)
    assert opened.sealed == sealed
    assert cipher.open("e-1", sealed) == SECRET
    with pytest.raises(TextUnreadable):
        cipher.open("e-2", cipher.seal(PersonalText("e-2", "x"))[:-4] + "AAAA")
    cipher.seal(PersonalText("e-2", "x"))  # e-2 has a key of its own now
    with pytest.raises(TextUnreadable):  # bound to its subject: e-1's text is not e-2's
        cipher.open("e-2", sealed)


def test_a_destroyed_key_erases_every_text_at_once_and_refuses_new_text() -> None:
    cipher = PersonalCipher.in_memory()
    told: list[frozenset[str]] = []
    cipher.on_destroyed(told.append)
    sealed = cipher.seal(PersonalText("e-1", SECRET))
    other = cipher.seal(PersonalText("e-2", "kept"))
    cipher.destroy("e-1")
    assert told == [frozenset({"e-1"})]
    assert cipher.open("e-1", sealed) == ERASED_TEXT
    erased = cipher.unseal("e-1", sealed)
    assert (erased.text, erased.erased) == (ERASED_TEXT, True)
    assert cipher.open("e-2", other) == "kept"
    with pytest.raises(TextErased) as refused:
        cipher.seal(PersonalText("e-1", "something new"))
    assert isinstance(refused.value, StateConflict)
    stored = cipher.keys.fetch("e-1")
    assert stored is not None
    assert stored.wrapped is None
    assert stored.destroyed
    with pytest.raises(TextErased):  # never a new key: not for another process either
        twin(cipher).seal(PersonalText("e-1", "something new"))


def test_another_process_stops_opening_within_its_cache_time() -> None:
    here = PersonalCipher.in_memory()
    sealed = here.seal(PersonalText("e-1", SECRET))
    there = twin(here, cache_seconds=3600)
    told: list[frozenset[str]] = []
    there.on_destroyed(told.append)
    assert there.open("e-1", sealed) == SECRET  # its cache now holds the key
    here.destroy("e-1")
    assert there.open("e-1", sealed) == SECRET  # until it next checks for tombstones
    there.cache_seconds = 0  # the check is due
    assert there.open("e-1", sealed) == ERASED_TEXT
    assert told[-1] == frozenset({"e-1"})
    assert twin(here).open("e-1", sealed) == ERASED_TEXT  # a process started later


def test_keys_are_wrapped_and_a_wrong_master_key_is_named() -> None:
    cipher = PersonalCipher.in_memory()
    cipher.seal(PersonalText("e-1", SECRET))
    stored = cipher.keys.fetch("e-1")
    assert stored is not None
    assert stored.wrapped is not None
    assert stored.master_key_id == cipher.master.key_id
    other = PersonalCipher(MasterKey.from_text(generate_master_key()), cipher.keys)
    with pytest.raises(KeyUnreadable, match="master key"):
        other.seal(PersonalText("e-1", "x"))
    with pytest.raises(ValueError, match="32 bytes"):
        MasterKey(os.urandom(16))


def test_stored_events_hold_no_clear_text_and_an_erased_copy_stays_erased() -> None:
    cipher = PersonalCipher.in_memory()
    transcoder = LedgerTranscoder(cipher)
    data = transcoder.encode({"note": PersonalText("e-1", SECRET)})
    assert SECRET.encode() not in data
    assert "西湖".encode() not in data
    cipher.destroy("e-1")
    (value,) = transcoder.decode(data).values()
    assert value == PersonalText.erased_about("e-1")
    copied = transcoder.encode({"note": value})  # a copy of an erased text: the marker
    assert transcoder.decode(copied) == {"note": PersonalText.erased_about("e-1")}
    with pytest.raises(ValueError, match="in clear"):
        transcoder.decode(b'{"n":{"_type_":"personal_text","_data_":{"about":"e","text":"t"}}}')


def test_views_hold_tokens_and_open_them_in_columns_and_json() -> None:
    cipher = PersonalCipher.in_memory()
    text = cipher.unseal("e-1", cipher.seal(PersonalText("e-1", SECRET)))
    column, document = token(text), to_json({"lines": [{"explanation": text, "amount": "5"}]})
    for stored in (column, document):
        assert SECRET not in stored
        assert "西湖" not in stored
    assert open_value(column, cipher) == SECRET
    assert json.loads(open_value(document, cipher)) == {
        "lines": [{"explanation": SECRET, "amount": "5"}]
    }
    cipher.destroy("e-1")
    assert open_value(column, cipher) == ERASED_TEXT
    assert json.loads(open_value(document, cipher))["lines"][0]["explanation"] == ERASED_TEXT
    assert open_value(token(PersonalText.erased_about("e-1")), cipher) == ERASED_TEXT
    with pytest.raises(UnsealedText):  # never plaintext into a view
        token(PersonalText("e-1", "typed in a test"))


# Input never holds control characters (0x1f marks a token): see api.models.Text.
PLAIN = st.text(max_size=40).filter(lambda s: "\x1f" not in s)


@given(st.text(max_size=200), PLAIN)
def test_any_text_in_a_json_column_opens_to_itself(text: str, other: str) -> None:
    cipher = CIPHER
    sealed = cipher.unseal("p-1", cipher.seal(PersonalText("p-1", text)))
    document = to_json({"a": sealed, "b": other, "c": [sealed]})
    assert json.loads(open_value(document, cipher)) == {"a": text, "b": other, "c": [text]}


CIPHER = PersonalCipher.in_memory()


def test_the_memory_store_keeps_the_first_key_and_the_tombstone() -> None:
    store = MemoryKeyStore()
    cipher = PersonalCipher(MasterKey.from_text(generate_master_key()), store)
    cipher.seal(PersonalText("e-1", "x"))
    first = store.fetch("e-1")
    assert first is not None
    assert store.add(first) == first
    cipher.destroy("e-1")
    assert store.destroyed() == ["e-1"]
    assert store.destroyed_count() == 1
    assert list(store.live()) == []


def test_production_refuses_to_start_without_a_master_key(tmp_path: Path) -> None:
    production = {
        "mode": "production",
        "jwt_secret": "a-production-secret-of-some-length",
        "ledger_signing_key": "a pem",
        "database_url": f"sqlite:///{tmp_path}/p.db",
    }
    with pytest.raises(ValidationError, match="PERFLEDGER_MASTER_KEY"):
        Settings(**production)  # type: ignore[arg-type]
    key = generate_master_key()
    assert load_master_key(Settings(**production, master_key=key)).key_id  # type: ignore[arg-type]


def test_development_generates_one_master_key_beside_the_database(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/dev.db")
    first, again = load_master_key(settings), load_master_key(settings)
    assert first.key_id == again.key_id
    assert (tmp_path / "master-key").exists()
