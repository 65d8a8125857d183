"""DIMONA: every action and every worker type the official XSD lists validates; bad input is named."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from partage.core.declarations import InvalidDeclarationInput
from partage.core.declarations.xml import xsd_enumeration, xsd_problems
from partage.plugins.be.declarations.dimona import DimonaDeclaration
from partage.plugins.be.declarations.inputs import DimonaCancel, DimonaIn, DimonaOut, DimonaRequest, DimonaUpdate, Worker
from tests.declarations.conftest import BIS, NISS_1985, START

CREATED = datetime(2025, 3, 1, 9, 30, 15, 250000)


def generate(be_tree, employer, action, created=CREATED):
    return DimonaDeclaration(be_tree).generate(DimonaRequest(employer, action, created))


def fields(exc: pytest.ExceptionInfo) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_worker_types_in_parameters_are_those_of_the_official_xsd(be_tree, dimona_xsd):
    ours = be_tree.at("declarations.dimona.worker_types", START).split()
    assert sorted(ours) == sorted(xsd_enumeration(dimona_xsd, "WorkerType"))
    jcs = be_tree.at("declarations.dimona.joint_commissions", START).split()
    assert sorted(jcs) == sorted(xsd_enumeration(dimona_xsd, "JointCommissionNbr"))


@pytest.mark.parametrize("worker_type", ["A17", "ALT", "BCW", "DWD", "EXT", "FLX", "IVT", "O17", "PMP", "RTA",
                                         "S17", "STU", "T17", "TEA", "TRI", "STG", "OTH"])
def test_dimona_in_validates_for_every_worker_type(be_tree, employer, dimona_xsd, worker_type):
    assert worker_type in xsd_enumeration(dimona_xsd, "WorkerType")
    # glossary 2023/3: A17/T17 end on their start (zone 00911); only STU/O17/S17 plan hours (zone 01135)
    end = START if worker_type in ("A17", "T17") else date(2025, 3, 4)
    hours = 16 if worker_type in ("STU", "O17", "S17") else None
    action = DimonaIn(Worker(NISS_1985, "Dupont", "Marie", date(1985, 7, 30)), worker_type, START,
                      end, "0800", "1730", hours, "XXX")
    generated = generate(be_tree, employer, action)
    assert xsd_problems(generated.content, dimona_xsd) == []
    assert DimonaDeclaration(be_tree).check(generated) == []
    assert b"<WorkerType>%s</WorkerType>" % worker_type.encode() in generated.content


def test_minimal_dimona_in_with_a_bis_number_validates(be_tree, employer, dimona_xsd):
    generated = generate(be_tree, employer, DimonaIn(Worker(BIS), "OTH", START, joint_commission="XXX"))
    assert xsd_problems(generated.content, dimona_xsd) == []


@pytest.mark.parametrize("action", [
    DimonaOut("123456789012", date(2025, 3, 4), NISS_1985),
    DimonaOut("42", date(2025, 3, 4)),
    DimonaUpdate("123456789012", START, date(2025, 3, 6), "0900", "1800", 20, NISS_1985),
    DimonaUpdate("77", end=date(2025, 3, 9)),
    DimonaCancel("123456789012", NISS_1985),
    DimonaCancel("5"),
], ids=["out", "out-min", "update", "update-min", "cancel", "cancel-min"])
def test_out_update_cancel_validate(be_tree, employer, dimona_xsd, action):
    generated = generate(be_tree, employer, action)
    assert xsd_problems(generated.content, dimona_xsd) == []
    assert generated.summary["action"] in generated.filename


def test_schema_would_refuse_a_type_it_does_not_list(be_tree, employer, dimona_xsd):
    generated = generate(be_tree, employer, DimonaIn(Worker(NISS_1985), "OTH", START, joint_commission="XXX"))
    tampered = generated.content.replace(b"<WorkerType>OTH<", b"<WorkerType>QUA<")
    assert xsd_problems(tampered, dimona_xsd)  # the oracle itself is not blind


@pytest.mark.parametrize("worker, worker_type, start, end, expected", [
    (Worker(""), "OTH", START, None, "worker.niss"),
    (Worker("12345678901"), "OTH", START, None, "worker.niss"),
    (Worker(NISS_1985), "QUA", START, None, "worker_type"),   # listed by a notification, not by the XSD
    (Worker(NISS_1985), "oth", START, None, "worker_type"),
    (Worker(NISS_1985), "OTH", START, date(2025, 3, 2), "end"),
    (Worker(NISS_1985), "STU", START, None, "end"),
    (Worker(NISS_1985), "OTH", date(2025, 2, 28), None, "start"),   # declared after work started
])
def test_bad_dimona_in_names_the_field_and_produces_nothing(be_tree, employer, worker, worker_type, start, end,
                                                            expected):
    with pytest.raises(InvalidDeclarationInput) as exc:
        generate(be_tree, employer, DimonaIn(worker, worker_type, start, end, joint_commission="XXX"))
    assert expected in fields(exc)
    assert expected in str(exc.value)


def test_all_problems_are_reported_at_once(be_tree, employer):
    with pytest.raises(InvalidDeclarationInput) as exc:
        generate(be_tree, employer, DimonaIn(Worker(""), "XYZ", START, date(2025, 3, 1), "2500", None, 0, "200"))
    assert {"worker.niss", "worker_type", "end", "start_hour", "planned_hours", "joint_commission"} <= fields(exc)


@pytest.mark.parametrize("action, expected", [
    (DimonaOut("", date(2025, 3, 4)), "period_id"),
    (DimonaOut("1234567890123", date(2025, 3, 4)), "period_id"),
    (DimonaUpdate("12"), "action"),
    (DimonaUpdate("12", date(2025, 3, 5), date(2025, 3, 4)), "end"),
    (DimonaCancel("12", "85073003329"), "niss"),
])
def test_bad_out_update_cancel(be_tree, employer, action, expected):
    with pytest.raises(InvalidDeclarationInput) as exc:
        generate(be_tree, employer, action)
    assert expected in fields(exc)


def test_employer_without_onss_number_is_refused(be_tree, employer):
    from dataclasses import replace
    with pytest.raises(InvalidDeclarationInput) as exc:
        generate(be_tree, replace(employer, noss_number="", company_number="0431150351"), DimonaCancel("1"))
    assert {"employer.noss_number", "employer.company_number"} <= fields(exc)


WORKER_TYPES = ("A17", "ALT", "BCW", "DWD", "EXT", "FLX", "IVT", "O17", "PMP", "RTA", "S17", "STU", "T17", "TEA",
                "TRI", "STG", "OTH")


def hhmm():
    from hypothesis import strategies as st
    return st.one_of(st.none(), st.builds(lambda h, m: f"{h:02d}{m:02d}", st.integers(0, 23), st.integers(0, 59)))


def in_actions():
    from hypothesis import strategies as st
    def build(niss, wt, offset, length, sh, eh, hours, jc):
        start = date(2025, 3, 1 + offset)
        end = start if wt in ("A17", "T17") else date(2025, 3, 1 + offset + length)  # glossary zone 00911
        planned = hours if wt in ("STU", "O17", "S17") else None                    # glossary zone 01135
        return DimonaIn(Worker(niss), wt, start, end, sh, eh, planned, jc)

    return st.builds(
        build, st.sampled_from([NISS_1985, BIS, "17073003384"]), st.sampled_from(WORKER_TYPES), st.integers(0, 20),
        st.integers(0, 7), hhmm(), hhmm(), st.integers(1, 999), st.sampled_from(["124", "302", "322", "XXX"]))


def test_any_valid_dimona_in_validates(be_tree, employer, dimona_xsd):
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(in_actions())
    def run(action):
        generated = generate(be_tree, employer, action)
        assert xsd_problems(generated.content, dimona_xsd) == []
    run()
