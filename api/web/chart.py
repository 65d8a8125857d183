"""A small inline SVG line chart of an activity's balance over time (no JavaScript)."""
from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 300, 90, 4


def _points(values: list[Decimal]) -> list[tuple[float, float]]:
    low, high = min(values + [Decimal(0)]), max(values + [Decimal(0)])
    span = float(high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    return [(PAD + i * step, PAD + (HEIGHT - 2 * PAD) * (1 - float(v - low) / span))
            for i, v in enumerate(values)]


def balance_chart(statement, label: str) -> Markup:
    """The running balance of a ledger statement as a line; an empty statement draws a flat line."""
    values = [statement.opening] + [line.balance for line in statement.lines]
    if len(values) == 1:
        values.append(values[0])
    points = _points(values)
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    area = f"{points[0][0]:.1f},{HEIGHT - PAD} {line} {points[-1][0]:.1f},{HEIGHT - PAD}"
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">'
        f'<title>{escape(label)}</title><polygon class="area" points="{area}"/>'
        f'<polyline points="{line}"/></svg>')
