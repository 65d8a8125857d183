"""The app the browser tests talk to (``uvicorn --factory tests.web.server:make_app``)."""
from __future__ import annotations

import os

from partage.api.app import create_app
from partage.core.db import Database
from partage.core.settings import load_settings


def make_app():
    settings = load_settings({"PARTAGE_SECRET_KEY": os.environ["PARTAGE_WEB_TEST_SECRET"],
                              "PARTAGE_DATABASE_URL": os.environ["PARTAGE_WEB_TEST_DB"],
                              "PARTAGE_VAR_DIR": os.environ["PARTAGE_WEB_TEST_VAR"],
                              "PARTAGE_SMTP_URL": os.environ.get("PARTAGE_WEB_TEST_SMTP", "")})
    return create_app(Database(settings.database_url), settings)
