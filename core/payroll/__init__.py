"""Payroll engine: country-neutral payslip types, performances with guardrails, and bulk runs
(chunks computed by each country plugin's batch API, rows written in bulk, SEPA, PDFs)."""
