"""Many writers and readers on one tenant through the real HTTP server; what every answer was.

Writers create and issue invoices, create members and record payments; readers list invoices and
members; a prober calls ``/health`` all along. Every request must answer within ``TIMEOUT``: a
success, or 409/503 with ``Retry-After`` (the server asks to come back), never a hang.
"""
from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import httpx

TIMEOUT = 30.0          # float ok: seconds; a request not answered by then counts as a hang
LINE = {"description": "Design", "quantity": "2", "unit_price": "100.00", "vat_code": "standard"}


@dataclass
class Tally:
    """What the requests answered (``status`` -> count) and what went wrong."""

    answers: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    issued: int = 0
    health_ms: list[float] = field(default_factory=list)   # float ok: latencies
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, what: str, response: httpx.Response | None, error: str | None = None,
             ok: tuple[int, ...] = (200, 201)) -> bool:
        with self.lock:
            if response is None:
                self.failures.append(f"{what}: {error}")
                return False
            self.answers[response.status_code] += 1
            if response.status_code in ok:
                return True
            if response.status_code == 409 or (response.status_code == 503
                                               and response.headers.get("retry-after")):
                return False
            self.failures.append(f"{what}: {response.status_code} {response.text[:200]}")
            return False


def _call(client: httpx.Client, tally: Tally, what: str, method: str, url: str, **kwargs):
    try:
        response = client.request(method, url, timeout=TIMEOUT, **kwargs)
    except httpx.HTTPError as exc:
        tally.note(what, None, f"{type(exc).__name__}: {exc}")
        return None
    return response if tally.note(what, response) else None


def invoice_writer(client, tally, ids, stop):
    while not stop.is_set():
        made = _call(client, tally, "create invoice", "POST", "/billing/invoices",
                     json={"activity_id": ids["activity_id"], "client_id": ids["client_id"],
                           "lines": [LINE]})
        if made is None:
            continue
        issued = _call(client, tally, "issue invoice", "POST",
                       f"/billing/invoices/{made.json()['id']}/issue")
        if issued is not None:
            with tally.lock:
                tally.issued += 1
            ids["last_invoice"] = issued.json()["id"]


def member_writer(client, tally, ids, stop):
    while not stop.is_set():
        tag = uuid.uuid4().hex[:8]
        _call(client, tally, "create member", "POST", "/billing/members",
              json={"first_name": "Load", "last_name": f"Test {tag}", "email": f"{tag}@load.test"})


def payment_writer(client, tally, ids, stop):
    while not stop.is_set():
        body = {"amount": "1.00", "received_on": date.today().isoformat(),
                "communication": f"load {uuid.uuid4().hex[:8]}"}
        if ids.get("last_invoice"):
            body["invoice_id"] = ids["last_invoice"]
        _call(client, tally, "record payment", "POST", "/billing/payments", json=body)


def reader(client, tally, ids, stop):
    while not stop.is_set():
        for path in ("/billing/invoices?limit=20", "/billing/members?limit=20"):
            try:
                response = client.get(path, timeout=TIMEOUT)
            except httpx.HTTPError as exc:
                tally.note(f"read {path}", None, f"{type(exc).__name__}: {exc}")
                continue
            with tally.lock:
                tally.answers[response.status_code] += 1
                if response.status_code != 200:
                    tally.failures.append(f"read {path}: {response.status_code} {response.text[:200]}")


def health_prober(base: str, tally: Tally, stop):
    with httpx.Client(base_url=base) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                response = client.get("/health", timeout=TIMEOUT)
            except httpx.HTTPError as exc:
                tally.note("/health", None, f"{type(exc).__name__}: {exc}")
                continue
            with tally.lock:
                tally.health_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                tally.note("/health", response, ok=(200,))
            time.sleep(0.05)


def run_load(base: str, headers: dict[str, str], ids: dict, *, writers: int, readers: int,
             seconds: float) -> tuple[Tally, Tally]:  # float ok: seconds
    """``writers`` (invoices, members, payments in turn) and ``readers`` for ``seconds``; returns
    (writes and health, reads)."""
    writes, reads, stop = Tally(), Tally(), threading.Event()
    kinds = (invoice_writer, member_writer, payment_writer)
    threads = []
    clients = []
    for i in range(writers + readers):
        client = httpx.Client(base_url=base, headers=headers)
        clients.append(client)
        if i < writers:
            work, tally = kinds[i % len(kinds)], writes
        else:
            work, tally = reader, reads
        threads.append(threading.Thread(target=work, args=(client, tally, ids, stop), daemon=True))
    threads.append(threading.Thread(target=health_prober, args=(base, writes, stop), daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT * 3)
    for client in clients:
        client.close()
    hung = [t for t in threads if t.is_alive()]
    if hung:
        writes.failures.append(f"{len(hung)} client thread(s) still waiting after the run")
    return writes, reads
