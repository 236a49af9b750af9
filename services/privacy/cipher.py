"""Text about a person, sealed with that person's data key (AES-256-GCM).

Every ``PersonalText`` is sealed with the key of the subject it is ``about``
when an event is stored, and opened when it is read. Destroying the key
(crypto-shredding) erases every text about the subject at once, in the events,
the views and every backup of them, while the stored bytes, and so the
tamper-evident ledger over them, stay exactly as they were.

Unwrapped keys are cached. A key destroyed in this process stops working here
at once; other processes learn of it when they next check the key store for
new tombstones, at most ``cache_seconds`` later, and then drop the key and tell
their listeners (which forget cached aggregates holding opened texts).
"""

from __future__ import annotations

import base64
import binascii
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.errors import StateConflict
from domain.values import ERASED_TEXT, PersonalText
from services.privacy.keys import KeyStore, MemoryKeyStore, StoredKey
from services.privacy.master import KEY_BYTES, NONCE_BYTES, MasterKey

Listener = Callable[[frozenset[str]], None]


class TextErased(StateConflict):
    """New text about a subject whose key was destroyed: it could never be erased."""

    def __init__(self, subject: str) -> None:
        super().__init__(
            f"the personal data of {subject} was erased: no new text about them can be recorded"
        )
        self.subject = subject


class TextUnreadable(Exception):
    """Stored text that cannot be opened although its key exists: a fault, never erasure."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class PersonalCipher:
    """Seals and opens texts with their subject's key; destroys keys."""

    def __init__(
        self,
        master: MasterKey,
        keys: KeyStore | None = None,
        *,
        cache_seconds: float = 60.0,
        cache_size: int = 100_000,
    ) -> None:
        self.master = master
        self.cache_seconds = cache_seconds
        self.cache_size = cache_size
        self._keys = keys
        self._cache: OrderedDict[str, AESGCM] = OrderedDict()
        self._destroyed: set[str] = set()
        self._known_destroyed = -1
        self._synced_at = float("-inf")
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    @classmethod
    def in_memory(cls) -> PersonalCipher:
        """A cipher with a random master key and keys in memory (unit tests)."""
        return cls(MasterKey(os.urandom(KEY_BYTES)), MemoryKeyStore())

    def attach(self, keys: KeyStore) -> None:
        """The key store, once the database it lives in is open."""
        self._keys = keys

    @property
    def keys(self) -> KeyStore:
        if self._keys is None:
            raise RuntimeError("the cipher has no key store yet")
        return self._keys

    def on_destroyed(self, listener: Listener) -> None:
        """Call ``listener`` with the subjects whose keys were destroyed, when learnt."""
        self._listeners.append(listener)

    # --- texts ------------------------------------------------------------------------

    def seal(self, text: PersonalText) -> str:
        """The ciphertext to store; refused for a subject whose key was destroyed."""
        if not text.about:
            raise ValueError("personal text must name the subject it is about")
        aead = self._key(text.about, create=True)
        if aead is None:
            raise TextErased(text.about)
        if text.sealed is not None:
            return text.sealed
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + aead.encrypt(nonce, text.text.encode(), text.about.encode())
        return base64.b64encode(sealed).decode()

    def unseal(self, about: str, sealed: str) -> PersonalText:
        """The stored text as a value: the text, or (key destroyed) the erased marker."""
        aead = self._key(about, create=False)
        if aead is None:
            return PersonalText.erased_about(about)
        text = PersonalText(about, _decrypt(aead, about, sealed))
        object.__setattr__(text, "sealed", sealed)
        return text

    def open(self, about: str, sealed: str) -> str:
        """What a reader sees of stored text: the text, or the erased marker."""
        if not sealed:
            return ERASED_TEXT
        aead = self._key(about, create=False)
        return ERASED_TEXT if aead is None else _decrypt(aead, about, sealed)

    # --- keys ---------------------------------------------------------------------------

    def destroy(self, subject: str) -> None:
        """Destroy the subject's key: from now on every text about them reads as erased."""
        with self._lock:
            self._destroyed.add(subject)
            self._cache.pop(subject, None)
        self.keys.destroy(subject, _now())
        self._tell(frozenset({subject}))

    def is_destroyed(self, subject: str) -> bool:
        self._sync_if_due()
        with self._lock:
            if subject in self._destroyed:
                return True
        stored = self.keys.fetch(subject)
        return stored is not None and stored.destroyed

    def _key(self, subject: str, *, create: bool) -> AESGCM | None:
        self._sync_if_due()
        with self._lock:
            if subject in self._destroyed:
                return None
            found = self._cache.get(subject)
            if found is not None:
                self._cache.move_to_end(subject)
                return found
        stored = self.keys.fetch(subject)
        if stored is None and create:
            stored = self.keys.add(self._new_key(subject))
        if stored is None:
            raise TextUnreadable(f"no key for {subject} in the key store: is it the right one?")
        return self._remember(stored)

    def _new_key(self, subject: str) -> StoredKey:
        data_key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        return StoredKey(subject, self.master.wrap(subject, data_key), self.master.key_id, _now())

    def _remember(self, stored: StoredKey) -> AESGCM | None:
        if stored.wrapped is None:
            with self._lock:
                self._destroyed.add(stored.subject)
            return None
        aead = AESGCM(self.master.unwrap(stored.subject, stored.wrapped, stored.master_key_id))
        with self._lock:
            # A destroy in this process while we read wins: never cache a destroyed key.
            if stored.subject in self._destroyed:
                return None
            self._cache[stored.subject] = aead
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return aead

    def _sync_if_due(self) -> None:
        """Every ``cache_seconds``: learn of keys destroyed by other processes."""
        now = time.monotonic()
        if now - self._synced_at < self.cache_seconds:
            return
        self._synced_at = now
        count = self.keys.destroyed_count()
        if count == self._known_destroyed:
            return
        subjects = set(self.keys.destroyed())
        with self._lock:
            learnt = frozenset(subjects - self._destroyed)
            self._destroyed |= subjects
            for subject in learnt:
                self._cache.pop(subject, None)
            self._known_destroyed = count
        if learnt:
            self._tell(learnt)

    def _tell(self, subjects: frozenset[str]) -> None:
        for listener in self._listeners:
            listener(subjects)


def _decrypt(aead: AESGCM, about: str, sealed: str) -> str:
    try:
        raw = base64.b64decode(sealed, validate=True)
        return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], about.encode()).decode()
    except (InvalidTag, binascii.Error, ValueError):
        raise TextUnreadable(f"stored text about {about} does not open: altered") from None
