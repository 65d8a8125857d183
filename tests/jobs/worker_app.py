"""Worker entry point for the real-Redis test: ``python -m dramatiq tests.jobs.worker_app``.

Uses the process settings (``PARTAGE_REDIS_URL``), exactly like a production worker module.
"""
from partage.core.jobs import setup_broker
from tests.jobs.jobs_models import declare

broker = setup_broker()
count_items = declare(broker)
