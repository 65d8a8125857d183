"""The published structure of a monthly DSN (nature 01), as data for the writer and the checker.

Sources: cahier technique DSN (norme P26V01) as summarised in france.md 5.2-5.3, and the rubric
labels and block cardinalities of the cahier as listed by public DSN writers: one rubric per
line ``<rubric>,'<value>'``; blocks in the imposed order; a child block follows its parent; a new
occurrence of a repeated block starts at its ``.001`` rubric; ``S90.G00.90.001`` counts every
line of the file, ``.002`` the DSN (S20.G00.05 blocks) it carries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from stdnum import luhn


def _date(value: str) -> bool:
    try:
        datetime.strptime(value, "%d%m%Y")
        return True
    except ValueError:
        return False


def _regex(pattern: str):
    compiled = re.compile(pattern)
    return lambda value: bool(compiled.fullmatch(value))


FORMATS = {
    "date": _date,
    "month": lambda v: v.startswith("01") and _date(v),
    "amount": _regex(r"-?\d{1,13}\.\d{2}"),
    "rate": _regex(r"\d{1,3}\.\d{2,4}"),
    "hours": _regex(r"\d{1,4}\.\d{2}"),
    "siren": lambda v: bool(re.fullmatch(r"\d{9}", v)) and luhn.is_valid(v),
    "nic": _regex(r"\d{5}"),
    "siret": lambda v: bool(re.fullmatch(r"\d{14}", v)) and luhn.is_valid(v),
    "nir": _regex(r"[1-478]\d{4}(\d{2}|2A|2B)\d{6}"),
    "code2": _regex(r"\d{2}"),
    "code3": _regex(r"[0-9A-Z]{3}"),
    "count": _regex(r"\d{1,9}"),
    "naf": _regex(r"\d{4}[A-Z]"),
    "idcc": _regex(r"[0-9A-Z]{4}"),
    "postcode": _regex(r"\d{5}"),
    "text": _regex(r"[^'\r\n]{1,80}"),
    "email": _regex(r"[^'@\s]+@[^'@\s]+"),
    "phone": _regex(r"[0-9+ ]{6,20}"),
}


@dataclass(frozen=True, slots=True)
class Block:
    code: str
    parent: str | None              # None: the envelope
    min: int = 0                    # occurrences per occurrence of the parent
    max: int | None = None          # None: unbounded
    rubrics: Mapping[str, str] = field(default_factory=dict)   # rubric number -> format
    required: tuple[str, ...] = ()


def block(code: str, parent: str | None, occurs: tuple[int, int | None], rubrics: str, required: str) -> Block:
    """``rubrics``: ``"001:siren 002:nic"``; ``required``: ``"001 002"``."""
    pairs = dict(item.split(":") for item in rubrics.split())
    return Block(code, parent, occurs[0], occurs[1], pairs, tuple(required.split()))


BLOCKS: tuple[Block, ...] = (
    block("S10.G00.00", None, (1, 1), "001:text 002:text 003:text 005:code2 006:text 008:code2", "001 002 003 005 006 008"),
    block("S10.G00.01", None, (1, 1), "001:siren 002:nic 003:text 004:text 005:postcode 006:text", "001 002 003"),
    block("S10.G00.02", None, (1, None), "001:code2 002:text 004:email 005:phone", "002 004"),
    block("S20.G00.05", None, (1, None), "001:code2 002:code2 003:code2 004:count 005:month 007:date 010:code2",
          "001 002 003 004 005 007 010"),
    block("S20.G00.07", "S20.G00.05", (0, None), "001:text 002:phone 003:email 004:code2", "001"),
    block("S21.G00.06", "S20.G00.05", (1, 1), "001:siren 002:nic 003:naf 004:text 005:postcode 006:text", "001 002"),
    block("S21.G00.11", "S21.G00.06", (1, 1), "001:nic 002:naf 003:text 004:postcode 005:text 022:idcc", "001 002"),
    block("S21.G00.20", "S21.G00.11", (0, None), "001:text 002:text 005:amount 006:date 007:date 010:code2",
          "001 005"),
    block("S21.G00.22", "S21.G00.11", (0, None), "001:text 002:text 003:date 004:date 005:amount", "001 003 004 005"),
    block("S21.G00.23", "S21.G00.22", (1, None), "001:code3 002:code3 003:rate 004:amount 005:amount", "001 002 005"),
    block("S21.G00.30", "S21.G00.11", (0, None),
          "001:nir 002:text 004:text 005:code2 006:date 007:text 014:text 019:text", "001 002 004 005 006 007"),
    block("S21.G00.40", "S21.G00.30", (1, None),
          "001:date 002:code2 003:code2 004:text 006:text 007:code2 008:code2 009:text 010:date 011:code2 "
          "012:hours 013:hours 014:code2 016:code2 017:idcc 018:code3 019:siret 020:code3 021:code2",
          "001 002 003 004 006 007 008 009 011 012 013 014 016 017 018 019 020"),
    block("S21.G00.50", "S21.G00.30", (1, None), "001:date 002:amount 003:text 004:amount 006:rate 007:code2 009:amount",
          "001 002 003 004 006 007 009"),
    block("S21.G00.51", "S21.G00.50", (1, None), "001:date 002:date 010:text 011:code3 012:hours 013:amount",
          "001 002 010 011 013"),
    block("S21.G00.78", "S21.G00.30", (0, None), "001:code2 002:date 003:date 004:amount", "001 002 003 004"),
    block("S21.G00.81", "S21.G00.78", (0, None), "001:code3 002:text 003:amount 004:amount 007:rate", "001 004"),
    block("S90.G00.90", None, (1, 1), "001:count 002:count", "001 002"),
)
BY_CODE: Mapping[str, Block] = {b.code: b for b in BLOCKS}
LINE = re.compile(r"^(S\d{2}\.G\d{2}\.\d{2})\.(\d{3}),'([^']*)'$")
