"""A DSN validator built from the norm's data dictionary (`dsn_dictionary`), not from the writer.

For each line ``<block>.<rubric>,'<value>'`` it checks: the syntax; that the rubric exists in the
norm; its value against the rubric's data type (code list of an enumeration, pattern, length, a
real calendar date); rubric order inside a block; that each block sits under its parent, after its
preceding siblings (in the order of the norm's Blocks sheet, which is not always numeric: S21.G00.82
comes before S21.G00.20), and occurs as many times as the dictionary allows under each parent
occurrence; that every rubric marked ``O`` for the monthly DSN in the usage table is present in
each block occurrence; and the S90 totals (rubric and declaration counts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from partage.plugins.fr.declarations.dsn_dictionary import Dictionary

LINE = re.compile(r"^(S\d{2}\.G\d{2}\.\d{2})\.(\d{3}),'([^']*)'$")


@dataclass
class Occurrence:
    block: str | None
    line: int
    rubrics: list[str] = field(default_factory=list)
    children: dict[str, int] = field(default_factory=dict)
    last_child: str | None = None


@lru_cache(maxsize=512)
def _pattern(regexp: str) -> re.Pattern[str]:
    return re.compile(regexp)


def value_problem(dictionary: Dictionary, rubric: str, value: str) -> str | None:
    """Why ``value`` does not fit the rubric's data type, or None."""
    nature, regexp, low, high, codes = dictionary.types[dictionary.rubrics[rubric]]
    if nature == "Enumeration":
        return None if value in codes else f"{value!r} is not in its code list"
    if not (low or 1) <= len(value) <= (high or len(value)):
        return f"{value!r} has {len(value)} characters (allowed {low}-{high})"
    if regexp and not _pattern(regexp).fullmatch(value):
        return f"{value!r} does not match the pattern of its data type"
    if nature == "Date":
        try:
            datetime.strptime(value, "%d%m%Y")
        except ValueError:
            return f"{value!r} is not a date JJMMAAAA"
    return None


class Validator:
    def __init__(self, dictionary: Dictionary, nature: str = "01") -> None:
        self.d = dictionary
        self.nature = nature
        self.problems: list[str] = []
        self.stack = [Occurrence(None, 0)]

    def close(self, occurrence: Occurrence) -> None:
        where = f"line {occurrence.line}: {occurrence.block or 'the file'}"
        if occurrence.block is not None:
            missing = [r for r in self.d.required(occurrence.block, self.nature) if r not in occurrence.rubrics]
            if missing:
                self.problems.append(f"{where} lacks rubric(s) {', '.join(missing)} (usage O, nature {self.nature})")
        for child in self.d.children(occurrence.block):
            _, low, high = self.d.blocks[child]
            count = occurrence.children.get(child, 0)
            if count < low and self.d.used(child, self.nature):
                self.problems.append(f"{where} needs at least {low} {child} (has {count})")
            if high is not None and count > high:
                self.problems.append(f"{where} allows at most {high} {child} (has {count})")

    def open(self, block: str, number: int) -> None:
        parent = self.d.blocks[block][0]
        while len(self.stack) > 1 and self.stack[-1].block != parent:
            self.close(self.stack.pop())
        top = self.stack[-1]
        if top.block != parent:
            self.problems.append(f"line {number}: {block} outside its parent block {parent}")
        rank = self.d.order[block]
        if top.last_child is not None and rank < self.d.order[top.last_child]:
            self.problems.append(f"line {number}: {block} out of order (after {top.last_child})")
        else:
            top.last_child = block
        top.children[block] = top.children.get(block, 0) + 1
        self.stack.append(Occurrence(block, number))

    def read(self, text: str, number: int) -> None:
        match = LINE.match(text)
        if not match:
            self.problems.append(f"line {number}: not <rubric>,'<value>': {text[:60]!r}")
            return
        block, rubric, value = match.groups()
        if block not in self.d.blocks:
            self.problems.append(f"line {number}: unknown block {block} in {self.d.norm}")
            return
        current = self.stack[-1]
        if current.block == block and current.rubrics and rubric <= current.rubrics[-1] and rubric != "001":
            self.problems.append(f"line {number}: rubric {block}.{rubric} out of order (after "
                                 f"{block}.{current.rubrics[-1]})")
        if current.block != block or (current.rubrics and rubric <= current.rubrics[-1]):
            self.open(block, number)
        self.stack[-1].rubrics.append(rubric)
        full = f"{block}.{rubric}"
        if full not in self.d.rubrics:
            self.problems.append(f"line {number}: unknown rubric {full} in {self.d.norm}")
            return
        if self.d.forbidden(full, self.nature):
            self.problems.append(f"line {number}: {full} is forbidden (usage N) in a declaration of nature {self.nature}")
        problem = value_problem(self.d, full, value)
        if problem:
            self.problems.append(f"line {number}: {full} = {problem}")

    def totals(self, lines: list[str]) -> None:
        values = {m.group(1) + "." + m.group(2): m.group(3) for m in map(LINE.match, lines) if m}
        declared = values.get("S90.G00.90.001")
        if declared is not None and declared.isdigit() and int(declared) != len(lines):
            self.problems.append(f"S90.G00.90.001 = {declared} but the file has {len(lines)} rubrics")
        count = sum(1 for line in lines if line.startswith("S20.G00.05.001,"))
        if values.get("S90.G00.90.002", "").isdigit() and int(values["S90.G00.90.002"]) != count:
            self.problems.append(f"S90.G00.90.002 = {values['S90.G00.90.002']} but the file has {count} DSN")


def validate(text: str, dictionary: Dictionary) -> list[str]:
    """Every problem of a DSN file against the dictionary of its norm; empty when it conforms."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line]
    nature = next((m.group(3) for m in map(LINE.match, lines) if m and m.group(1) == "S20.G00.05" and m.group(2) == "001"),
                  "01")
    if nature not in dictionary.usage:
        return [f"S20.G00.05.001 = {nature!r}: no usage table for this nature in {dictionary.norm}"]
    validator = Validator(dictionary, nature)
    for number, line in enumerate(lines, 1):
        validator.read(line, number)
    while validator.stack:
        validator.close(validator.stack.pop())
    validator.totals(lines)
    norm = next((m.group(3) for m in map(LINE.match, lines) if m and m.group(1) == "S10.G00.00" and m.group(2) == "006"),
                None)
    if norm != dictionary.norm:
        validator.problems.append(f"S10.G00.00.006 = {norm!r}: the file is not of norm {dictionary.norm}")
    return validator.problems
