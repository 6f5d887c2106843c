import { textIn, type Language, type LocalizedText } from '@etjanst/schemas';
import { csvField } from '../cases/export.js';
import type { TenantContext } from '../eservices/operations.js';
import { municipalityStatistics } from './operations.js';

export interface BenefitLine {
  eserviceId: string;
  title: LocalizedText;
  digital: number;
  minutesSavedPerCase: number;
  costPerHourSek: number;
  hoursSaved: number;
  sekSaved: number;
}

export interface DepartmentBenefit {
  departmentId: string;
  name: LocalizedText;
  eservices: BenefitLine[];
  hoursSaved: number;
  sekSaved: number;
}

/** A municipality's yearly benefit report: what its digital cases saved, per department and e-service. */
export interface BenefitReport {
  municipalityName: LocalizedText;
  year: number;
  departments: DepartmentBenefit[];
  hoursSaved: number;
  sekSaved: number;
}

const hours = (value: number) => Math.round(value * 10) / 10;

/**
 * The year's digital cases per e-service (counted as the statistics table counts them) times the
 * hours each saves by the current version's benefit figures; a department's and the
 * municipality's sums are of the exact figures, rounded once.
 */
export async function benefitReport(ctx: TenantContext, year: number): Promise<BenefitReport> {
  const [statistics, owners, municipality] = await Promise.all([
    municipalityStatistics(ctx, { from: `${year}-01-01`, to: `${year}-12-31` }),
    ctx.db
      .selectFrom('eservices as e')
      .innerJoin('departments as d', (join) => join.onRef('d.municipality_id', '=', 'e.municipality_id').onRef('d.id', '=', 'e.department_id'))
      .select(['e.id', 'd.id as department_id', 'd.name'])
      .where('e.municipality_id', '=', ctx.municipalityId)
      .execute(),
    ctx.db.selectFrom('municipalities').select('name').where('id', '=', ctx.municipalityId).executeTakeFirstOrThrow(),
  ]);
  const departments = new Map<string, DepartmentBenefit & { exactHours: number; exactSek: number }>();
  for (const e of statistics.eservices) {
    const owner = owners.find((o) => o.id === e.eserviceId);
    if (!owner) continue;
    const department = departments.get(owner.department_id) ?? { departmentId: owner.department_id, name: owner.name, eservices: [], hoursSaved: 0, sekSaved: 0, exactHours: 0, exactSek: 0 };
    const exactHours = (e.digital * e.benefit.minutesSavedPerCase) / 60;
    department.exactHours += exactHours;
    department.exactSek += exactHours * e.benefit.costPerHourSek;
    department.eservices.push({
      eserviceId: e.eserviceId,
      title: e.title,
      digital: e.digital,
      minutesSavedPerCase: e.benefit.minutesSavedPerCase,
      costPerHourSek: e.benefit.costPerHourSek,
      hoursSaved: e.benefit.hoursSaved,
      sekSaved: e.benefit.sekSaved,
    });
    departments.set(owner.department_id, department);
  }
  const all = [...departments.values()].sort((a, b) => a.departmentId.localeCompare(b.departmentId));
  return {
    municipalityName: municipality.name,
    year,
    departments: all.map(({ exactHours, exactSek, ...d }) => ({ ...d, hoursSaved: hours(exactHours), sekSaved: Math.round(exactSek) })),
    hoursSaved: hours(all.reduce((sum, d) => sum + d.exactHours, 0)),
    sekSaved: Math.round(all.reduce((sum, d) => sum + d.exactSek, 0)),
  };
}

export const BENEFIT_LABELS = {
  sv: {
    title: 'Nyttorapport',
    department: 'Förvaltning',
    eservice: 'E-tjänst',
    digital: 'Digitala ärenden',
    minutesSavedPerCase: 'Sparade minuter per ärende',
    costPerHourSek: 'Kostnad per timme (kr)',
    hoursSaved: 'Sparade timmar',
    sekSaved: 'Sparade kronor',
    departmentTotal: 'Summa förvaltning',
    total: 'Summa kommunen',
    how: 'Sparad tid = digitala ärenden × (minuter för manuell handläggning - minuter för digital) / 60, enligt e-tjänstens aktuella nyttouppgifter. Sparade kronor = sparad tid × kostnad per timme.',
  },
  en: {
    title: 'Benefit report',
    department: 'Department',
    eservice: 'E-service',
    digital: 'Digital cases',
    minutesSavedPerCase: 'Minutes saved per case',
    costPerHourSek: 'Cost per hour (SEK)',
    hoursSaved: 'Hours saved',
    sekSaved: 'SEK saved',
    departmentTotal: 'Department total',
    total: 'Municipality total',
    how: "Hours saved = digital cases × (minutes of manual handling - minutes of digital handling) / 60, by the e-service's current benefit figures. SEK saved = hours saved × cost per hour.",
  },
} as const;

/** A decimal as the language writes it: a comma in Swedish, so Swedish Excel reads it as a number. */
const decimal = (value: number, language: Language) => (language === 'sv' ? String(value).replace('.', ',') : String(value));

/** The report as CSV as Swedish Excel opens it (UTF-8 with BOM, semicolons, CRLF): one row per e-service, a sum per department, the total last. */
export function benefitCsv(report: BenefitReport, language: Language): string {
  const l = BENEFIT_LABELS[language];
  const text = (value: LocalizedText) => textIn(value, language) ?? '';
  const rows: Array<Array<string | number>> = [[l.department, l.eservice, l.digital, l.minutesSavedPerCase, l.costPerHourSek, l.hoursSaved, l.sekSaved]];
  for (const d of report.departments) {
    for (const e of d.eservices) rows.push([text(d.name), text(e.title), e.digital, decimal(e.minutesSavedPerCase, language), decimal(e.costPerHourSek, language), decimal(e.hoursSaved, language), e.sekSaved]);
    rows.push([text(d.name), l.departmentTotal, '', '', '', decimal(d.hoursSaved, language), d.sekSaved]);
  }
  rows.push([l.total, '', '', '', '', decimal(report.hoursSaved, language), report.sekSaved]);
  return `\uFEFF${rows.map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
}
