"""Webhook errors, each naming the offending field."""
from __future__ import annotations

from partage.core import errors as shared


class WebhookProblem(shared.FieldScopedError):
    """Root of the webhook errors."""


class InvalidWebhook(WebhookProblem, shared.ValidationFailed):
    pass


class WebhookNotFound(WebhookProblem, shared.NotFound):
    pass
