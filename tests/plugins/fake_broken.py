"""A country plugin whose import fails (missing dependency), for registry tests."""
import partage_country_missing_dependency  # noqa: F401

plugin = None
