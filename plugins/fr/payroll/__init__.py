"""French payroll: payslips (gross to net, employer cost, RGDU/Fillon), PAS, budget-first."""
from partage.plugins.fr.payroll.engine import FrenchPayroll
from partage.plugins.fr.payroll.inputs import REGIONS, FrPayslipInput, PayrollInputError

__all__ = ["FrenchPayroll", "FrPayslipInput", "PayrollInputError", "REGIONS"]
