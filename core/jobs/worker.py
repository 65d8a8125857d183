"""Entry module for ``dramatiq core.jobs.worker`` (what ``partage worker`` runs).

Sets the broker from settings, then imports every module declared under the ``partage.jobs``
entry-point group so their actors register: modules and plugins add jobs without a central list.
"""
from importlib.metadata import entry_points

from partage.core.db.base import load_models
from partage.core.jobs.broker import setup_broker

broker = setup_broker()
load_models()
for _ep in entry_points(group="partage.jobs"):
    _ep.load()
