"""The demo's main job: a month of payslips for each demo tenant, with its country's rules."""
from __future__ import annotations

from rich.console import Console

from core.db import Database


def run_demo_payroll(db: Database, console: Console) -> None:
    console.print("[dim]payroll: country rules not wired into the demo yet[/]")
