import { duplicateTitles } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import { currentTitleWarnings } from './titleWarnings';

describe('warnings of e-services with the same title in the designer', () => {
  // as the server answered a save of the title "Bygglov" / "Building permit"
  const warnings = duplicateTitles({ id: 'bygglov-2', title: { sv: 'Bygglov', en: 'Building permit' } }, [
    { id: 'bygglov', title: { sv: '  BYGGLOV ', en: 'Apply for a building permit' } },
    { id: 'bygglov-gammal', title: { sv: 'Bygglov (gammal)', en: 'building   PERMIT' } },
  ]);

  it('keeps the warnings while the title on screen is the one they are about, case and spacing aside', () => {
    expect(warnings.map((w) => [w.language, w.eserviceId])).toEqual([['sv', 'bygglov'], ['en', 'bygglov-gammal']]);
    expect(currentTitleWarnings(warnings, { sv: 'Bygglov', en: 'Building permit' })).toEqual(warnings);
    expect(currentTitleWarnings(warnings, { sv: 'bygglov  ', en: 'Building Permit' })).toEqual(warnings);
  });

  it('drops a warning once the title in its language is changed, before the next save answers', () => {
    expect(currentTitleWarnings(warnings, { sv: 'Bygglov för altan', en: 'Building permit' }).map((w) => w.eserviceId)).toEqual(['bygglov-gammal']);
    expect(currentTitleWarnings(warnings, { sv: 'Bygglov' })).toEqual([warnings[0]]);
    expect(currentTitleWarnings(warnings, undefined)).toEqual([]);
  });
});
