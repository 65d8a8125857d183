"""A demo quarter of stored payslips (white collar over two months and two contracts, a blue collar, a student)."""
from __future__ import annotations

from datetime import date, datetime

from partage.core.declarations import Period
from partage.plugins.be.declarations.dmfa_inputs import (Contribution, DmfaPayslip, DmfaQuarter, Occupation, Remuneration,
                                                 Service, StudentPay)
from partage.plugins.be.declarations.inputs import Worker
from tests.declarations.conftest import BIS, NISS_1985, NISS_2017

Q1 = Period.quarter(2025, 1)
JAN = Occupation("200", date(2025, 1, 6), date(2025, 1, 10), 5, 1, 3800, 1520)
FEB = Occupation("200", date(2025, 2, 3), date(2025, 2, 28), 5, 0, 3800, 3800)
BLUE = Occupation("124", date(2025, 3, 10), date(2025, 3, 14), 5, 1, 3800, 3800)


def slip(pid, niss, month, code, occupation, gross, days, hours, onss, bonus=0):
    return DmfaPayslip(pid, Worker(niss), month, code, occupation=occupation,
                       remunerations=(Remuneration("1", gross),), services=(Service("1", days, hours),),
                       contributions=(Contribution(code, "0", gross, onss),), work_bonus=bonus)


def payslips() -> tuple[DmfaPayslip, ...]:
    return (
        slip("p1", NISS_1985, date(2025, 1, 1), "495", JAN, 61250, 2, 1520, 16551, 4817),
        slip("p2", NISS_1985, date(2025, 2, 1), "495", FEB, 325033, 20, 15200, 87834, 0),
        slip("p3", NISS_1985, date(2025, 3, 1), "495", FEB, 12345, 1, 760, 3337),
        slip("p4", BIS, date(2025, 3, 1), "015", BLUE, 98765, 5, 3800, 28915, 10001),
        DmfaPayslip("p5", Worker(NISS_2017), date(2025, 3, 1), "840", student=StudentPay(45000, 3659, 30)),
    )


def quarter(employer, slips=None, **changes) -> DmfaQuarter:
    return DmfaQuarter(employer, Q1, payslips() if slips is None else tuple(slips),
                       datetime(2025, 4, 14, 10, 0), **changes)
