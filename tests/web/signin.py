"""Sign in to the web UI as a browser does: read the sign-in form (its login token and cookie), post it."""
from __future__ import annotations

import re

TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


def post_sign_in(client, tenant: str, email: str, password: str):
    """GET /login (form token + its cookie), then POST the form; the response of the POST."""
    form = client.get("/login")
    found = TOKEN.search(form.text)
    assert found, f"no login_token in the sign-in form ({form.status_code})"
    return client.post("/login", data={"tenant": tenant, "email": email, "password": password,
                                       "login_token": found.group(1)}, follow_redirects=False)
