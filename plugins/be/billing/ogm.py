"""Belgian structured communication (OGM / VCS): ``+++123/4567/89002+++``.

Ten data digits followed by a two-digit check: the data modulo 97, or 97 when that is 0
(/work/shared/reference/belgium.md section 2.5).
"""
from __future__ import annotations

import re

_FORMATTED = re.compile(r"[+*]{3}\s*(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})\s*[+*]{3}")
_BARE = re.compile(r"(?<!\d)(\d{12})(?!\d)")


def check_digits(data: int) -> int:
    remainder = data % 97
    return remainder or 97


def format_ogm(data: int | str) -> str:
    """The structured communication for up to ten data digits."""
    digits = f"{int(data):010d}"
    if len(digits) != 10:
        raise ValueError(f"structured communication data has more than 10 digits: {data}")
    d = digits + f"{check_digits(int(digits)):02d}"
    return f"+++{d[:3]}/{d[3:7]}/{d[7:]}+++"


def is_valid(digits: str) -> bool:
    """True for twelve digits whose last two are the check of the first ten."""
    return (len(digits) == 12 and digits.isdigit() and int(digits[:10]) > 0
            and check_digits(int(digits[:10])) == int(digits[10:]))


def find_ogm(text: str) -> str | None:
    """The first valid structured communication in a bank communication, formatted, or None."""
    candidates = ["".join(m.groups()) for m in _FORMATTED.finditer(text or "")]
    candidates += _BARE.findall(re.sub(r"[\s/+*]", "", text or ""))
    for digits in candidates:
        if is_valid(digits):
            return format_ogm(digits[:10])
    return None
