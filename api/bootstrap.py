"""Create an account from the command line (the first tenant admin, platform ops).

    python -m api.bootstrap --tenant smart-be --email admin@smart.be \\
        --roles tenant_admin,platform_ops        # password: $PARTAGE_PASSWORD or prompted

Any role may be given here (``platform_ops`` included), unlike through the API.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from partage.core.errors import PartageError
from partage.core.identity.policy import ROLES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.bootstrap", description=__doc__.split("\n")[0])
    parser.add_argument("--tenant", required=True, help="tenant slug")
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", default=None, help="display name (default: the email)")
    parser.add_argument("--roles", default="tenant_admin", help=f"comma-separated, among {', '.join(ROLES)}")
    args = parser.parse_args(argv)
    password = os.environ.get("PARTAGE_PASSWORD") or getpass.getpass("password: ")
    from partage.core.db import database
    from partage.core.identity.users import create_user
    from partage.core.tenancy import bind_tenant
    from partage.tenants.provisioning import tenant_by_slug

    try:
        tenant = tenant_by_slug(database(), args.tenant)
        with bind_tenant(tenant.id), database().session() as s:
            user = create_user(s, email=args.email, display_name=args.name or args.email,
                               roles=[r.strip() for r in args.roles.split(",") if r.strip()],
                               password=password, actor="cli", grantable=ROLES)
    except (PartageError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"user {user.email} ({', '.join(user.roles)}) created in {args.tenant}: {user.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
