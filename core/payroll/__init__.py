"""Payroll engine: country-neutral payslip types; country rules come from plugins."""
