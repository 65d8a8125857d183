// Generates tests/fr_payroll/cases/modele_social_grid.csv.gz: URSSAF/beta.gouv modele-social (MIT) values
// for 1,000 gross salaries from 1,200 to 20,000 EUR, periods 2026-01 and 2026-07, headcount 20 and 60,
// CDI non-cadre, AT/MP 0.64 %, no mutuelle. Test-only external oracle; the product never imports it.
// Run: npm install modele-social@11.1.0 publicodes@1.10.3 && node modele_social_grid.mjs > grid.csv
import Engine from 'publicodes'
import rules from 'modele-social'

const engine = new Engine(rules, { logger: { log() {}, warn() {}, error() {} } })
const OUT = {
  employee_total: 'salarié . cotisations . salarié',
  csg_deductible: 'salarié . cotisations . CSG-CRDS . CSG . déductible',
  csg_non_deductible: 'salarié . cotisations . CSG-CRDS . CSG . non déductible',
  crds: 'salarié . cotisations . CSG-CRDS . CRDS',
  net: 'salarié . rémunération . net . à payer avant impôt',
  net_taxable: 'salarié . rémunération . net . imposable',
  employer_contributions: 'salarié . cotisations . employeur',
  general_reduction: 'salarié . cotisations . exonérations . RGDU',
  labour_cost: 'salarié . coût total employeur',
}
const value = (rule) => engine.evaluate({ valeur: rule, unité: '€/mois' }).nodeValue ?? 0
console.log(['period', 'headcount', 'gross', 'coefficient', ...Object.keys(OUT)].join(','))
for (const [period, date] of [['2026-01', '01/01/2026'], ['2026-07', '01/07/2026']]) {
  for (const headcount of [20, 60]) {
    for (let i = 0; i < 1000; i++) {
      const gross = (1200 + Math.round(i * 1880000 / 999) / 100).toFixed(2)
      engine.setSituation({
        date: `'${date}'`, 'salarié . contrat': "'CDI'", 'salarié . contrat . salaire brut': `${gross} €/mois`,
        'entreprise . salariés . effectif': `${headcount}`, 'salarié . cotisations . ATMP . taux': '0.64%',
        'salarié . cotisations . prévoyances . santé . montant': '0 €/mois',
      })
      const coefficient = engine.evaluate('salarié . cotisations . exonérations . RGDU . coefficient').nodeValue ?? 0
      const row = Object.values(OUT).map((rule) => value(rule).toFixed(6))
      console.log([period, headcount, gross, coefficient.toFixed(4), ...row].join(','))
    }
  }
}
