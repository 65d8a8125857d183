"""One tenant lookup (``tenants.directory``), reached by core through its own typed interface."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from partage.core.errors import NotFound
from partage.core.payroll.tenant import tenant_id_by_slug as payroll_lookup
from partage.core.tenancy import bind_tenant
from partage.core.tenant_facts import TenantFacts, UnknownTenant, directory, tenant_facts, tenant_id_by_slug
from partage.tenants.directory import DIRECTORY, find_tenant, tenant_by_slug
from partage.tenants.provisioning import tenant_by_slug as tenant_by_slug_in_db
from tests.conftest import create_tenant


def test_core_finds_the_directory_tenants_registers():
    assert directory() is DIRECTORY


def _slug() -> str:
    return f"coop-{uuid.uuid4().hex[:8]}"  # the PostgreSQL database lives for the whole session


@pytest.mark.parametrize("typed", ["{}", "{upper}", "  {title} ", "\t{}\n"])
def test_a_slug_is_found_whatever_its_case_and_surrounding_spaces(db, typed):
    slug = _slug()
    tenant_id = create_tenant(db, slug)
    typed = typed.format(slug, upper=slug.upper(), title=slug.title())
    with db.session() as s:
        assert tenant_by_slug(s, typed).id == tenant_id
        assert find_tenant(s, typed).id == tenant_id
        assert tenant_id_by_slug(s, typed) == tenant_id
        assert payroll_lookup(s, typed) == tenant_id
    assert tenant_by_slug_in_db(db, typed).id == tenant_id


@pytest.mark.parametrize("typed", ["{}-b", "{spaced}", "{}-", ""])
def test_an_unknown_slug_is_a_clear_error_naming_the_field(db, typed):
    slug = _slug()
    create_tenant(db, slug)
    typed = typed.format(slug, spaced=slug.replace("-", " "))
    with db.session() as s:
        assert find_tenant(s, typed) is None and payroll_lookup(s, typed) is None
        for lookup in (tenant_by_slug, tenant_id_by_slug):
            with pytest.raises(UnknownTenant) as error:
                lookup(s, typed)
            assert error.value.field == "tenant" and repr(typed) in error.value.message
            assert isinstance(error.value, NotFound) and error.value.status == 404
    with pytest.raises(LookupError, match="no tenant with slug"):  # what the CLI catches (exit 2)
        tenant_by_slug_in_db(db, typed)


def test_core_reads_the_tenant_as_typed_facts(sqlite_db):
    tenant_id = create_tenant(sqlite_db, "coop-f", country="fr")
    with bind_tenant(tenant_id), sqlite_db.session() as s:
        facts = tenant_facts(s)
    assert isinstance(facts, TenantFacts)
    assert (facts.id, facts.slug, facts.country, facts.legal_name) == (tenant_id, "coop-f", "fr", "coop-f coop")
    assert (facts.locales, facts.default_locale, facts.contribution_rate) == (("fr",), "fr", Decimal("0.065"))
    with pytest.raises(AttributeError):
        facts.country = "be"  # frozen: core cannot write the tenant row through its facts


def test_facts_of_a_missing_tenant_is_not_found(sqlite_db):
    with sqlite_db.session() as s, pytest.raises(NotFound):
        tenant_facts(s, uuid.uuid4())


def test_no_other_module_compares_slugs_itself():
    """The lookup stays in one place: no ``Tenant.slug ==`` (or a table's slug column) elsewhere."""
    from tests.architecture.layers import source_files

    elsewhere = [str(p) for p in source_files() if p.name != "directory.py"
                 and any(needle in p.read_text(encoding="utf-8") for needle in ("slug ==", "c.slug =="))]
    assert elsewhere == []
