"""Belgian payroll: payslips from dated parameters (pure rules), batch API and simulator."""
from partage.plugins.be.payroll.batch import BelgianPayroll
from partage.plugins.be.payroll.inputs import ContractType, FamilyStatus, PaymentKind, PayrollInputError, PayslipInput
from partage.plugins.be.payroll.params import EmployerProfile

__all__ = [
    "BelgianPayroll", "PayslipInput", "ContractType", "FamilyStatus", "PaymentKind", "PayrollInputError",
    "EmployerProfile",
]
