import { describe, expect, it } from 'vitest';
import { appAndBrowser } from './suite.js';
import { announcement, labelBox } from './designer-page.js';
import { staffPage } from './staff.js';
import { UiActions } from './ui-actions.js';

/**
 * Issue #18's measure: the preschool application of the shipped template's shape (four steps, the
 * child's and the guardian's groups, another guardian asked for only when there is one, the wishes
 * with five preschools and a conditional description) built from an empty e-service through the
 * UI only, its settings filled in and published, every UI action counted.
 */

const ESERVICE = 'forskoleplats-fran-tomt';

describe('the preschool e-service built from empty', () => {
  const suite = appAndBrowser();

  it('takes fewer UI actions than the first try’s 185, counted and printed', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1440, height: 1000 } });
    const ui = new UiActions(page);
    await page.goto(`${suite.app.baseUrl}/admin?kommun=solbacka`);

    ui.partOf('new e-service');
    await ui.click(page.getByTestId('new-eservice'));
    await ui.fill(page.locator('#new-id'), ESERVICE);
    await ui.fill(page.locator('#new-title-sv'), 'Ansökan om förskoleplats');
    await ui.fill(page.locator('#new-title-en'), 'Apply for a preschool place');
    await ui.select(page.locator('#new-department'), 'utbildning');
    await ui.fill(page.locator('#new-summary'), 'Ansök om plats i förskola för ditt barn.');
    await ui.fill(page.locator('#new-contact-name'), 'Förskoleantagningen');
    await ui.fill(page.locator('#new-contact-email'), 'forskoleantagning@solbacka.example.se');
    await ui.click(page.getByRole('button', { name: 'Börja bygga' }));
    await page.getByTestId('palette-group').waitFor();

    /** A field from the palette (to the chosen group, else the step), named, and made required unless its type is. */
    const add = async (typeId: string, label: string, required = false) => {
      await ui.click(page.getByTestId(`palette-${typeId}`));
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('designer-prop-label-sv');
      await ui.fill(labelBox(page), label);
      if (required) await ui.check(page.getByTestId('prop-required'));
    };
    const newStep = async (sv: string, en: string) => {
      // the form stays open after a step is added
      if (!(await page.locator('.designer-add-step').evaluate((d) => (d as HTMLDetailsElement).open))) await ui.click(page.locator('.designer-add-step summary'));
      await ui.fill(page.locator('#designer-new-step-sv'), sv);
      await ui.fill(page.locator('#designer-new-step-en'), en);
      await ui.click(page.getByRole('button', { name: 'Lägg till steg', exact: true }).last());
      await expect.poll(() => announcement(page)).toContain(`”${sv}”`);
    };
    /** Shown only when the yes/no question is answered yes (a boolean condition starts at "is yes"). */
    const showOnlyWhenYes = async (question: string) => {
      await ui.check(page.getByTestId('condition-on'));
      await ui.select(page.getByTestId('condition-field'), { label: question });
    };

    ui.partOf('step 1, the child');
    await ui.click(page.getByRole('button', { name: 'Byt namn på steget Steg 1' }));
    await ui.fill(page.locator('#designer-rename-sv'), 'Barnet');
    await ui.fill(page.locator('#designer-rename-en'), 'The child');
    await ui.click(page.getByRole('button', { name: 'Spara rubriken' }));
    await add('group', 'Barnet');
    await add('personnummer', 'Barnets personnummer', true);
    await add('short-text', 'Barnets förnamn', true);
    await add('short-text', 'Barnets efternamn', true);

    ui.partOf('step 2, the guardian');
    await newStep('Vårdnadshavare', 'Guardian');
    await add('group', 'Du som är vårdnadshavare');
    await add('short-text', 'Förnamn', true);
    await add('short-text', 'Efternamn', true);
    await add('personnummer', 'Ditt personnummer', true);
    await add('address', 'Din adress');
    await add('email', 'E-postadress', true);
    await add('phone', 'Telefonnummer', true);

    ui.partOf('step 3, the other guardian');
    await newStep('Annan vårdnadshavare', 'Other guardian');
    const otherGuardian = 'Finns det en annan vårdnadshavare i hushållet?';
    await add('yes-no', otherGuardian);
    await add('group', 'Den andra vårdnadshavaren');
    await showOnlyWhenYes(otherGuardian);
    await add('short-text', 'Namn', true);
    await add('co-signer-request', 'Personnummer');

    ui.partOf('step 4, the wishes');
    await newStep('Önskemål', 'Wishes');
    await add('date', 'Från vilket datum behöver barnet plats?', true);
    await ui.fill(page.getByTestId('prop-earliestFromToday-amount'), '4');
    await ui.select(page.locator('#designer-prop-earliestFromToday-unit'), 'months');
    await add('number', 'Hur många timmar i veckan?', true);
    await ui.fill(page.locator('#designer-prop-minimum'), '1');
    await ui.fill(page.locator('#designer-prop-maximum'), '50');
    await add('multiple-choice', 'Vilka förskolor önskar du?', true);
    const preschools = ['Solrosens förskola', 'Ekbackens förskola', 'Förskolan Lilla Björnen', 'Tallgårdens förskola', 'Ängsbackens förskola'];
    for (let n = 3; n <= preschools.length; n++) await ui.click(page.getByRole('button', { name: 'Lägg till alternativ' }));
    for (const [index, name] of preschools.entries()) await ui.fill(page.locator(`#designer-option-${index + 1}-sv`), name);
    // an added option has no English text, which the publish gate asks for (SK-TXT-001); the two a new field starts with have one
    for (let n = 3; n <= preschools.length; n++) await ui.fill(page.locator(`#designer-option-${n}-en`), preschools[n - 1]!);
    await ui.fill(page.locator('#designer-prop-minItems'), '1');
    await ui.fill(page.locator('#designer-prop-maxItems'), '3');
    const specialNeeds = 'Har barnet behov av särskilt stöd?';
    await add('yes-no', specialNeeds);
    await add('long-text', 'Beskriv barnets behov', true);
    await showOnlyWhenYes(specialNeeds);
    await add('consent', 'Jag intygar att uppgifterna stämmer');

    ui.partOf('settings');
    await ui.click(page.getByTestId('tab-settings'));
    await ui.click(page.getByTestId('settings-personalData'));
    await ui.fill(page.locator('#settings-personalData_purpose_sv'), 'Att ge barnet en plats i förskolan och räkna ut avgiften.');
    await ui.fill(page.locator('#settings-personalData_purpose_en'), 'To give the child a preschool place and work out the fee.');
    await ui.select(page.locator('#settings-personalData_legalBasis'), { label: 'Allmänt intresse / myndighetsutövning' });
    await ui.fill(page.locator('#settings-personalData_retention_period'), '3');
    await ui.click(page.getByTestId('settings-delivery'));
    await ui.select(page.locator('#connector-new-type'), { label: 'E-post till funktionsbrevlåda' });
    await ui.fill(page.locator('#connector-new-id'), 'forskoleantagningen');
    await ui.click(page.getByRole('button', { name: 'Lägg till', exact: true }));
    await ui.fill(page.getByLabel('Funktionsbrevlåda'), 'forskoleantagning@solbacka.example.se');
    await ui.click(page.getByTestId('settings-accessibility'));
    await ui.fill(page.locator('#settings-accessibility_feedback_email'), 'forskoleantagning@solbacka.example.se');

    ui.partOf('publishing');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
    await ui.click(page.getByTestId('publish'));
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('E-tjänsten är publicerad som version 1.');

    console.log(`UI actions for the preschool e-service from empty: ${ui.summary()}`);
    await expectTemplateShape();
    // the first try took 185; its goal is under 100
    expect(ui.total).toBeLessThan(185);
    await page.close();
  }, 180_000);

  /** The published version has the template's steps, groups and conditions. */
  async function expectTemplateShape(): Promise<void> {
    const response = await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${ESERVICE}/versions/1`, { headers: suite.app.administrator.headers });
    const { definition } = (await response.json()) as { definition: { form: { steps: { title: { sv: string }; fields: string[]; }[]; schema: { allOf?: unknown[] } } } };
    expect(definition.form.steps.map((s) => [s.title.sv, s.fields.length])).toEqual([['Barnet', 1], ['Vårdnadshavare', 1], ['Annan vårdnadshavare', 2], ['Önskemål', 6]]);
    expect(definition.form.schema.allOf).toHaveLength(2);
  }
});
