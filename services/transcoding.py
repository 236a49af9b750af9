"""How events become stored bytes: JSON, with domain value objects by topic.

Any frozen dataclass from ``domain`` is stored as its fields under its topic, so
a bounded context adds value objects without registering each one here.
``PersonalText`` has a transcoding of its own: it is the single place where
text about a person is written, and so where it is sealed with the key of the
person it is about (``services.privacy.cipher``). Stored, it is the subject and
the ciphertext; read back after the key was destroyed, it is the erased marker.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic, resolve_topic

from domain.values import PersonalText
from services.privacy.cipher import PersonalCipher

VALUE = "value"


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class PersonalTextAsDict(Transcoding):
    type = PersonalText
    name = "personal_text"

    def __init__(self, cipher: PersonalCipher) -> None:
        self.cipher = cipher

    def encode(self, obj: PersonalText) -> dict[str, Any]:
        if obj.erased:
            # A copy of a text already erased: the marker, never a new key.
            return {"about": obj.about, "erased": True}
        return {"about": obj.about, "sealed": self.cipher.seal(obj)}

    def decode(self, data: dict[str, Any]) -> PersonalText:
        about = data["about"]
        if "sealed" not in data:
            if data.get("erased"):
                return PersonalText.erased_about(about)
            raise ValueError(f"text about {about} was stored in clear, before encryption")
        return self.cipher.unseal(about, data["sealed"])


class LedgerTranscoder(JSONTranscoder):
    """JSON with the library's transcodings, dates, and domain value objects by topic."""

    def __init__(self, cipher: PersonalCipher) -> None:
        super().__init__()
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
            self.register(transcoding)
        self.register(PersonalTextAsDict(cipher))

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        cls = type(o)
        if cls not in self.types and _is_value_object(cls):
            fields = {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}
            return {"_type_": VALUE, "_data_": {"topic": get_topic(cls), "fields": fields}}
        return super()._encode_obj(o)

    def _decode_obj(self, d: dict[str, Any]) -> Any:
        if d.get("_type_") == VALUE and len(d) == 2:
            data = d["_data_"]
            cls = resolve_topic(data["topic"])
            return cls(**_tuples_where_declared(cls, data["fields"]))
        return super()._decode_obj(d)


def _is_value_object(cls: type) -> bool:
    return dataclasses.is_dataclass(cls) and cls.__module__.startswith("domain.")


def _tuples_where_declared(cls: type, fields: dict[str, Any]) -> dict[str, Any]:
    """JSON has no tuples: give back tuples to fields declared as tuples."""
    declared = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    return {
        name: tuple(value)
        if isinstance(value, list) and declared.get(name, "").startswith("tuple")
        else value
        for name, value in fields.items()
    }
