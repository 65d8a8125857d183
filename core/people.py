"""Members as the back office keeps them: identity, national number, IBAN, language, status.

Everything is checked before anything is written (one ``ValidationFailed`` naming every bad field).
National number and IBAN live in the member's worker profile (what payroll reads); the national
number is checked by the tenant's country plugin, the IBAN by schwifty. A member who leaves is
deactivated, never deleted: their invoices, payslips and ledger stay, and so does the record.
"""
from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from partage.core.audit import record
from partage.core.billing.models import Member
from partage.core.billing.rules import language_of
from partage.core.db import utcnow
from partage.core.errors import FieldError, ValidationFailed
from partage.core.payroll.guardrails import check_iban
from partage.core.payroll.models import WorkerProfile
from partage.core.plugins import registry

STATUSES = ("active", "inactive")
IDENTITY = ("first_name", "last_name", "email", "language")
EMAIL_MAX, NAME_MAX = 200, 100


def profile_of(session: Session, member: Member) -> WorkerProfile | None:
    return session.scalar(select(WorkerProfile).where(WorkerProfile.member_id == member.id))


def _text(data: Mapping[str, Any], key: str, errors: list, *, required: bool, limit: int) -> str | None:
    value = data.get(key)
    value = value.strip() if isinstance(value, str) else value
    if not value:
        if required:
            errors.append(FieldError(key, "is required"))
        return None
    if not isinstance(value, str) or len(value) > limit:
        errors.append(FieldError(key, f"is longer than {limit} characters"))
        return None
    return value


def _checked(session: Session, country: str, data: Mapping[str, Any], partial: bool) -> dict:
    """The given fields, normalised; raises ``ValidationFailed`` naming each bad one."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key, limit in (("first_name", NAME_MAX), ("last_name", NAME_MAX), ("email", EMAIL_MAX)):
        if key in data or not partial:
            out[key] = _text(data, key, errors, required=key != "email", limit=limit)
    if out.get("email") and ("@" not in out["email"] or " " in out["email"]):
        errors.append(FieldError("email", "not a valid email address"))
    if "language" in data:
        try:
            out["language"] = language_of(data.get("language") or None)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if "status" in data:
        if data["status"] not in STATUSES:
            errors.append(FieldError("status", f"must be one of {', '.join(STATUSES)}"))
        out["status"] = data["status"]
    if (data.get("national_number") or "").strip():
        rules = registry().get(country).identifiers
        try:
            out["national_number"] = rules.validate(rules.person_kind, data["national_number"].strip())
        except ValueError as exc:
            errors.append(FieldError("national_number", str(getattr(exc, "reason", exc))))
    elif "national_number" in data:
        out["national_number"] = None
    if (data.get("iban") or "").strip():
        try:
            out["iban"] = check_iban(data["iban"].strip())
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    elif "iban" in data:
        out["iban"] = None
    if errors:
        raise ValidationFailed(errors)
    return out


def _write_profile(session: Session, member: Member, values: dict) -> list[str]:
    wanted = {k: values[k] for k in ("national_number", "iban") if k in values}
    profile = profile_of(session, member)
    if profile is None:
        if not any(wanted.values()):
            return []
        profile = WorkerProfile(member_id=member.id, profile={})
        session.add(profile)
    changed = [k for k, v in wanted.items() if getattr(profile, k) != v]
    for key in changed:
        setattr(profile, key, wanted[key])
    return changed


def _apply_status(member: Member, status: str | None) -> bool:
    if status is None or status == member.status:
        return False
    member.status = status
    member.deactivated_at = utcnow() if status == "inactive" else None
    return True


def save_member(session: Session, country: str, member: Member | None, data: Mapping[str, Any], *,
                actor: str) -> Member:
    """Create (``member=None``) or edit a member; only the keys given change when editing."""
    values = _checked(session, country, data, partial=member is not None)
    created = member is None
    if created:
        member = Member(first_name=values["first_name"], last_name=values["last_name"], status="active")
        session.add(member)
    changed = [k for k in IDENTITY if k in values and getattr(member, k) != values[k]]
    for key in changed:
        setattr(member, key, values[key])
    session.flush()
    changed += _write_profile(session, member, values)
    if _apply_status(member, values.get("status")):
        changed.append("status")
    session.flush()
    if created:
        record(session, actor=actor, action="member.created", subject=f"member:{member.id}")
    elif changed:   # which fields, never their values (national numbers stay out of the trail)
        record(session, actor=actor, action="member.updated", subject=f"member:{member.id}",
               payload={"fields": sorted(set(changed)), "status": member.status})
    return member
