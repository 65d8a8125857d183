"""Fixtures of the declaration tests: plugin parameter trees and the official schemas."""
from __future__ import annotations

from datetime import date

import pytest

from partage.plugins.be.declarations.inputs import Employer
from partage.plugins.be.resources import RESOURCES


@pytest.fixture(scope="session")
def be_tree():
    from partage.plugins.be import plugin
    return plugin.parameters.tree()


@pytest.fixture(scope="session")
def fr_tree():
    from partage.plugins.fr import plugin
    return plugin.parameters.tree()


@pytest.fixture(scope="session")
def dimona_xsd():
    return RESOURCES.path("onss-dimona", "Dimona_20231.xsd")


@pytest.fixture(scope="session")
def dmfa_xsd():
    return RESOURCES.path("onss-dmfa", "DmfAOriginal_20223.xsd")


@pytest.fixture
def employer() -> Employer:
    # 0403019261: a valid enterprise number from the python-stdnum doctests (belgium.md 2.5)
    return Employer("197200032", "0403019261", "Smart BE", "BE0403019261", "Rue Coenraets 72", "1060",
                    "Saint-Gilles")


NISS_1985 = "85073003328"   # valid national numbers from the stdnum doctests (belgium.md 2.5)
NISS_2017 = "17073003384"
BIS = "98472899765"
START = date(2025, 3, 3)
