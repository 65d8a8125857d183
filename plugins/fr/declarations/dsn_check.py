"""Structural checker of a DSN file, written from the published structure (`dsn_structure`).

It checks, line by line: the ``rubric,'value'`` syntax; known blocks and rubrics; rubric order
inside a block; block order and nesting (a child follows its parent, siblings in code order);
occurrence counts; required rubrics; value formats; and the S90 totals. It knows nothing of the
writer, so it also checks files from elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from plugins.fr.declarations.dsn_structure import BY_CODE, FORMATS, LINE, Block


@dataclass
class Open:
    code: str | None                 # None: the envelope
    line: int
    seen: list[str] = field(default_factory=list)
    children: dict[str, int] = field(default_factory=dict)
    last_child: str = ""


def close(node: Open, problems: list[str]) -> None:
    spec = BY_CODE.get(node.code or "")
    if spec is not None:
        missing = [r for r in spec.required if r not in node.seen]
        if missing:
            problems.append(f"line {node.line}: {node.code} lacks rubric(s) {', '.join(missing)}")
    for child in (b for b in BY_CODE.values() if b.parent == node.code):
        if node.children.get(child.code, 0) < child.min:
            where = node.code or "the file"
            problems.append(f"line {node.line}: {where} needs at least {child.min} {child.code}")


def open_block(stack: list[Open], spec: Block, number: int, problems: list[str]) -> None:
    while len(stack) > 1 and stack[-1].code != spec.parent:
        close(stack.pop(), problems)
    parent = stack[-1]
    if parent.code != spec.parent:
        problems.append(f"line {number}: {spec.code} outside its parent block {spec.parent}")
    if spec.code < parent.last_child:
        problems.append(f"line {number}: {spec.code} out of order (after {parent.last_child})")
    parent.last_child = max(parent.last_child, spec.code)
    count = parent.children[spec.code] = parent.children.get(spec.code, 0) + 1
    if spec.max is not None and count > spec.max:
        problems.append(f"line {number}: {spec.code} occurs more than {spec.max} time(s)")
    stack.append(Open(spec.code, number))


def check_rubric(spec: Block, rubric: str, value: str, number: int, problems: list[str]) -> None:
    kind = spec.rubrics.get(rubric)
    if kind is None:
        problems.append(f"line {number}: unknown rubric {spec.code}.{rubric}")
    elif not FORMATS[kind](value):
        problems.append(f"line {number}: {spec.code}.{rubric} = {value!r} is not a valid {kind}")


def read_line(stack: list[Open], text: str, number: int, problems: list[str]) -> None:
    match = LINE.match(text)
    if not match:
        problems.append(f"line {number}: not <rubric>,'<value>': {text[:60]!r}")
        return
    code, rubric, value = match.groups()
    spec = BY_CODE.get(code)
    if spec is None:
        problems.append(f"line {number}: unknown block {code}")
        return
    current = stack[-1]
    if current.code != code or (current.seen and rubric <= current.seen[-1]):
        if current.code == code and rubric != "001":
            problems.append(f"line {number}: rubric {code}.{rubric} out of order")
        open_block(stack, spec, number, problems)
    stack[-1].seen.append(rubric)
    check_rubric(spec, rubric, value, number, problems)


def check_totals(lines: list[str], problems: list[str]) -> None:
    values = {m.group(1) + "." + m.group(2): m.group(3) for m in map(LINE.match, lines) if m}
    declared = values.get("S90.G00.90.001")
    if declared is not None and declared.isdigit() and int(declared) != len(lines):
        problems.append(f"S90.G00.90.001 = {declared} but the file has {len(lines)} rubrics")
    count = sum(1 for line in lines if line.startswith("S20.G00.05.001,"))
    dsn = values.get("S90.G00.90.002")
    if dsn is not None and dsn.isdigit() and int(dsn) != count:
        problems.append(f"S90.G00.90.002 = {dsn} but the file has {count} DSN")
    if lines and not lines[-1].startswith("S90.G00.90."):
        problems.append("the file does not end with the S90 totals")


def check_dsn(text: str) -> list[str]:
    """Every structural problem of a DSN file; an empty list means it conforms."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line]
    problems: list[str] = []
    stack = [Open(None, 1)]
    for number, line in enumerate(lines, 1):
        read_line(stack, line, number, problems)
    while stack:
        close(stack.pop(), problems)
    check_totals(lines, problems)
    return problems
