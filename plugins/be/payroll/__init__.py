"""Belgian payroll: payslips from dated parameters (pure rules), batch API and simulator."""
from plugins.be.payroll.batch import BelgianPayroll
from plugins.be.payroll.inputs import ContractType, FamilyStatus, PaymentKind, PayrollInputError, PayslipInput
from plugins.be.payroll.params import EmployerProfile

__all__ = [
    "BelgianPayroll", "PayslipInput", "ContractType", "FamilyStatus", "PaymentKind", "PayrollInputError",
    "EmployerProfile",
]
