"""CAMT.053 statements (ISO 20022 camt.053.001.02 layout) imported and matched in bulk."""
from __future__ import annotations

from decimal import Decimal

import pytest

from partage.core.billing import InvalidInput
from partage.core.billing.camt import import_statement
from partage.core.billing.models import Invoice
from tests.billing.conftest import ACTOR, line

NTRY = """<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt><AcctSvcrRef>{ref}</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><AcctSvcrRef>{ref}</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt>
</TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Client SA</Nm></Dbtr><DbtrAcct><Id><IBAN>BE71096123456769</IBAN>
</Id></DbtrAcct></RltdPties><RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"""
STATEMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>STMT-1</MsgId><CreDtTm>2026-03-11T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>1</Id><CreDtTm>2026-03-11T08:00:00</CreDtTm><Acct><Id><IBAN>BE62510007547061</IBAN></Id></Acct>
{entries}</Stmt></BkToCstmrStmt></Document>"""


def _structured(reference: str) -> str:
    return (f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>"
            f"<Ref>{reference.strip('+').replace('/', '')}</Ref></CdtrRefInf></Strd>")


def test_statement_pays_invoices_in_bulk_and_is_idempotent(be_books):
    first = be_books.invoice([line("1", "100.00")])   # 121.00
    second = be_books.invoice([line("1", "50.00")])   # 60.50
    entries = [NTRY.format(amount="121.00", sign="CRDT", ref="B1", remittance=_structured(first.payment_reference)),
               NTRY.format(amount="20.00", sign="CRDT", ref="B2",
                           remittance=f"<Ustrd>acompte facture {second.number}</Ustrd>"),
               NTRY.format(amount="9.99", sign="CRDT", ref="B3", remittance="<Ustrd>cadeau</Ustrd>"),
               NTRY.format(amount="500.00", sign="DBIT", ref="B4", remittance="<Ustrd>loyer</Ustrd>")]
    xml = STATEMENT.format(entries="".join(entries)).encode()
    with be_books.session() as s:
        result = import_statement(s, xml, actor=ACTOR)
    assert (len(result.matched), len(result.unmatched), result.skipped) == (2, 1, 0)
    with be_books.session() as s:
        assert s.get(Invoice, first.id).status == "paid"
        assert s.get(Invoice, second.id).amount_due == Decimal("40.50")
        again = import_statement(s, xml, actor=ACTOR)
    assert (len(again.matched), len(again.unmatched), again.skipped) == (0, 0, 3)


def test_not_a_statement(be_books):
    with be_books.session() as s, pytest.raises(InvalidInput) as err:
        import_statement(s, b"<Document><Other/></Document>", actor=ACTOR)
    assert err.value.field == "statement"
