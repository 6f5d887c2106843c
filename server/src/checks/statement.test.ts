import { describe, expect, it } from 'vitest';
import { checkDefinition, faultReport, type AccessibilityScan } from '@etjanst/schemas';
import { accessibilityStatement, DIGG_REPORT_URL } from './statement.js';

const scan: AccessibilityScan = { scannedAt: '2026-11-20T09:00:00.000Z', engine: 'axe-core', pages: 3, violations: [] };
const stored = (definition = faultReport, withScan = true) => ({ ...checkDefinition(definition, withScan ? { scan } : {}), checkedAt: '2026-11-20T09:00:05.000Z' });
const statementOf = (definition = faultReport, report: ReturnType<typeof stored> | null = stored(definition)) =>
  accessibilityStatement({ definition, version: 3, organisation: { sv: 'Solbacka kommun', en: 'Solbacka Municipality' }, publishedAt: new Date('2026-11-21T10:00:00Z'), report: report ?? undefined });

describe('the accessibility statement', () => {
  it('says fully compliant after a clean scan, with the method, its date, the contacts and DIGG, in both languages', () => {
    const statement = statementOf();
    expect(statement).toMatchObject({ status: 'full', version: 3, assessedAt: '2026-11-20T09:00:05.000Z', updatedAt: '2026-11-21T10:00:00.000Z' });
    const method = statement.sections.find((s) => s.id === 'method')!;
    expect(method.paragraphs[0]!.en).toContain('automated review on 2026-11-20');
    expect(method.paragraphs[1]!.sv).toBe('Redogörelsen uppdaterades senast 2026-11-21.');
    expect(statement.sections.find((s) => s.id === 'commitment')!.paragraphs[0]!.en).toMatch(/^Solbacka Municipality is responsible for this e-service/);
    expect(statement.sections.find((s) => s.id === 'enforcement')!.links).toEqual([{ href: DIGG_REPORT_URL, text: expect.objectContaining({ en: 'Report inaccessibility to DIGG' }) }]);
  });

  it('says partially compliant and lists known non-accessible content with its reason', () => {
    const definition = structuredClone(faultReport);
    definition.accessibility!.nonAccessibleContent = [
      { description: { sv: 'Kartan går inte att använda med tangentbord.', en: 'The map cannot be used with a keyboard.' }, reason: { sv: 'Oskäligt betungande anpassning.', en: 'Disproportionate burden.' } },
    ];
    const statement = statementOf(definition);
    expect(statement.status).toBe('partial');
    expect(statement.sections.find((s) => s.id === 'non-accessible')!.items).toEqual([
      { sv: 'Kartan går inte att använda med tangentbord. Skäl: Oskäligt betungande anpassning.', en: 'The map cannot be used with a keyboard. Reason: Disproportionate burden.' },
    ]);
  });

  it('says not yet assessed when the version was published without a browser scan, and falls back to the owner contact', () => {
    const definition = structuredClone(faultReport);
    delete definition.accessibility;
    const statement = statementOf(definition, stored(definition, false));
    expect(statement).toMatchObject({ status: 'not-assessed', assessedAt: null });
    expect(statement.sections.find((s) => s.id === 'feedback')!.items!.map((i) => i.sv)).toEqual(['E-post: kontaktcenter@solbacka.example.se', 'Telefon: 08-123 456 00']);
    // a version published before reports were kept has none
    expect(statementOf(definition, null).status).toBe('not-assessed');
  });
});
