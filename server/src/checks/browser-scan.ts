import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import axe from 'axe-core';
import { errors, type Page } from 'playwright-core';
import type { Logger } from 'pino';
import { bilingual, type AccessibilityScan, type BilingualMessage, type EServiceDefinition, type ScanViolation } from '@etjanst/schemas';
import { Problem } from '../problems/problem.js';
import { sharedBrowser } from './browser.js';
import type { ChromiumSettings } from './chromium.js';
import { focusedControl, groupAndErrorProblems, markControls, sidewaysScroll, type PageProblem } from './page-checks.js';
import { reachableStates } from './reachable-states.js';
import type { PreviewStore } from './preview-store.js';

/** WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's Swedish rule texts, for the Swedish half of each finding. */
const swedishAxe = createRequire(import.meta.url)('axe-core/locales/sv.json') as {
  rules: Record<string, { help?: string }>;
  checks: Record<string, { fail?: string | Record<string, string> }>;
};

type AxeNode = { any: AxeCheck[]; all: AxeCheck[]; none: AxeCheck[]; failureSummary?: string };
type AxeCheck = { id: string; data?: unknown; message: string };

/** A failed check's message in Swedish from axe-core's Swedish locale (its `${data.x}` filled in), else axe's English one. */
function swedishCheckMessage({ id, data, message }: AxeCheck): string {
  const fail = swedishAxe.checks[id]?.fail;
  const values = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const template = typeof fail === 'string' ? fail : fail?.[String(values.messageKey ?? 'default')] ?? fail?.default;
  if (!template) return message;
  return template.replace(/\$\{data(?:\.(\w+))?\}/g, (_, key: string | undefined) => String(key === undefined ? data : (values[key] ?? '')));
}

/** How to fix an element axe-core found, in Swedish and English, as axe words it. */
function fixOf(node: AxeNode, help: string): BilingualMessage {
  const lines = (checks: AxeCheck[], sv: string) => (checks.length > 0 ? [`${sv} ${checks.map(swedishCheckMessage).join('; ')}`] : []);
  const sv = [...lines(node.any, 'Åtgärda något av följande:'), ...lines([...node.all, ...node.none], 'Åtgärda alla följande:')].join(' ');
  return bilingual(sv || help, (node.failureSummary ?? help).replace(/\s*\n\s*/g, ' '));
}

/** "wcag143" → "1.4.3" */
const criteriaOf = (tags: readonly string[]) =>
  tags.flatMap((tag) => {
    const match = /^wcag(\d)(\d)(\d+)$/.exec(tag);
    return match ? [`${match[1]}.${match[2]}.${match[3]}`] : [];
  });

const OWN_CHECKS: Record<PageProblem['rule'] | 'keyboard-unreachable' | 'focus-not-visible' | 'step-not-rendered' | 'reflow', { wcag: string[]; sv: string; en: string; fix: BilingualMessage }> = {
  'step-not-rendered': {
    wcag: [],
    sv: 'Steget kunde inte visas i portalen, så det kunde inte granskas',
    en: 'The step could not be shown in the portal, so it could not be checked',
    fix: bilingual(
      'Använd bara fälttyper som den byggda portalen känner till: ett tilläggs fälttyp måste vara inställd (EXTENSIONS) både när klienten byggs och för servern.',
      'Use only field types the built portal knows: an extension field type must be configured (EXTENSIONS) both when the client is built and for the server.',
    ),
  },
  'group-unnamed': {
    wcag: ['1.3.1', '3.3.2'],
    sv: 'En grupp av val saknar namn (legend)',
    en: 'A group of choices has no name (legend)',
    fix: bilingual(
      'Ge fältet en ledtext på alla språk (form.texts.<fält>.label); portalen visar den som gruppens rubrik (legend).',
      'Give the field a label in every language (form.texts.<field>.label); the portal shows it as the legend of the group.',
    ),
  },
  'error-not-associated': {
    wcag: ['3.3.1', '1.3.1'],
    sv: 'Felmeddelandet är inte kopplat till sitt fält (aria-invalid och aria-describedby)',
    en: 'The error message is not tied to its field (aria-invalid and aria-describedby)',
    fix: bilingual(
      'Visa felet vid sitt fält: ta bort ui:options.hideError (eller en widget som döljer det) så att fältet markeras som felaktigt och beskriver felet.',
      'Show the error beside its field: remove ui:options.hideError (or a widget that hides it) so that the field is marked invalid and describes the error.',
    ),
  },
  reflow: {
    wcag: ['1.4.10'],
    sv: 'Sidan rullar i sidled vid 320 px bredd',
    en: 'The page scrolls sideways at a width of 320 px',
    fix: bilingual('', ''), // replaced by reflowFix, which says by how much
  },
  'keyboard-unreachable': {
    wcag: ['2.1.1'],
    sv: 'Kontrollen går inte att nå med Tab',
    en: 'The control cannot be reached with Tab',
    fix: bilingual('Ta inte bort kontrollen ur tabbordningen (tabindex="-1") och dölj den inte för den som använder tangentbord.', 'Do not remove the control from the tab order (tabindex="-1") or hide it from keyboard users.'),
  },
  'focus-not-visible': {
    wcag: ['2.4.7'],
    sv: 'Det syns inte när kontrollen har fokus',
    en: 'It is not visible when the control has focus',
    fix: bilingual('Behåll plattformens fokusmarkering; ett tema får inte ta bort ramen runt kontrollen som har fokus.', "Keep the platform's focus ring; a theme must not remove the outline of focused controls."),
  },
};

/** Where on the e-service a violation was found: the step, its state and the answers the scan gave it. */
type Place = Pick<ScanViolation, 'step' | 'state' | 'answers'>;

const own = (rule: keyof typeof OWN_CHECKS, place: Place, target: string): ScanViolation => {
  const { wcag, sv, en, fix } = OWN_CHECKS[rule];
  return { rule, ...place, target, wcag, message: bilingual(sv, en), fix };
};

/** A step that has not appeared by then will not; the check says so rather than hang. */
const STEP_RENDER_TIMEOUT_MS = 30_000;

/** Waits for the step's heading, or for the app's error page (e.g. a field type the built client lacks). */
async function stepShown(page: Page, stepId: string, given: string): Promise<boolean> {
  // the heading of the step drawn with these answers, not the same step's previous state
  const heading = `[data-testid=step-heading][data-step="${stepId}"][data-answers=${JSON.stringify(given)}]`;
  try {
    await page.locator(`${heading}, [data-testid=route-error]`).first().waitFor({ timeout: STEP_RENDER_TIMEOUT_MS });
    return (await page.locator(heading).count()) > 0;
  } catch (error) {
    if (error instanceof errors.TimeoutError) return false;
    throw error;
  }
}

export interface ScannerSettings {
  /** The built client (index.html); without it nothing can be rendered */
  clientDir: string | undefined;
  /** Where this server answers for the browser (the app itself), e.g. http://127.0.0.1:3000 */
  baseUrl: () => string;
  previews: PreviewStore;
  chromium: ChromiumSettings;
  /** Why the browser could not start goes here (the problem does not show paths) */
  logger: Logger;
  /** Reuse the result for a definition scanned before in this process (default); false for measuring */
  cache?: boolean;
  /** Scans waiting or running at most; one more is refused rather than queued without end (CHECK_SCAN_QUEUE) */
  maxQueued: number;
}

/** Results by definition hash: the same definition is never scanned twice in a process. */
const MAX_CACHED = 100;
const cache = new Map<string, Promise<AccessibilityScan>>();

export const definitionHash = (definition: EServiceDefinition) => createHash('sha256').update(JSON.stringify(definition)).digest('hex');

/**
 * The browser scan: renders every step of a definition with the portal's own components (the
 * client's preview route), empty and with the answers that show each conditional field and a row
 * of each repeating group (reachableStates), runs axe-core with the WCAG 2.0/2.1 A and AA rules,
 * presses Next and scans the error state, checks reflow at 320 px and tabs through with the keyboard.
 */
export class BrowserScanner {
  /** Scans run one after another: each keeps a core busy for seconds, and the API is open to callers */
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly settings: ScannerSettings) {}

  /** Is the built client there, so that a scan can run? */
  get available(): boolean {
    const { clientDir } = this.settings;
    return clientDir !== undefined && clientDir !== '' && existsSync(path.join(clientDir, 'index.html'));
  }

  scan(definition: EServiceDefinition): Promise<AccessibilityScan> {
    if (!this.available) throw clientMissing();
    if (this.settings.cache === false) return this.queued(definition);
    const key = definitionHash(definition);
    let result = cache.get(key);
    if (!result) {
      result = this.queued(definition);
      // a failure, or a step that could not be shown, may pass next time: not kept
      result.then((scan) => scan.violations.some((v) => v.rule === 'step-not-rendered') && cache.delete(key), () => cache.delete(key));
      cache.set(key, result);
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
    }
    return result;
  }

  private queued(definition: EServiceDefinition): Promise<AccessibilityScan> {
    if (this.waiting >= this.settings.maxQueued) throw scanQueueFull(this.waiting);
    this.waiting++;
    const result = this.queue.then(() => this.run(definition)).finally(() => this.waiting--);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(definition: EServiceDefinition): Promise<AccessibilityScan> {
    const browser = await sharedBrowser(this.settings.chromium).catch((error: unknown) => {
      this.settings.logger.error({ err: error }, 'the browser for the accessibility scan could not start');
      throw browserMissing();
    });
    const token = this.settings.previews.put(definition);
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'sv-SE' });
    try {
      const page = await context.newPage();
      const violations: ScanViolation[] = [];
      let pages = 0;
      let loaded = false;
      steps: for (const [index, step] of definition.form.steps.entries()) {
        // the step as opened, then with the answers that show each conditional field and a row of each group
        for (const answers of [undefined, ...reachableStates(definition, step)]) {
          const given = answers ? JSON.stringify(answers) : '';
          const address = `/skall-krav/forhandsvisning/${token}?steg=${index}${answers ? `&svar=${encodeURIComponent(given)}` : ''}`;
          // the first page loads the app; the others are client-side navigations (no reload, axe stays injected)
          if (!loaded) await page.goto(`${this.settings.baseUrl()}${address}`);
          else await page.evaluate((to) => (history.pushState(null, '', to), dispatchEvent(new PopStateEvent('popstate'))), address);
          loaded = true;
          const at = (state: ScanViolation['state']) => ({ step: step.id, state, ...(answers ? { answers } : {}) });
          if (!(await stepShown(page, step.id, given))) {
            violations.push(own('step-not-rendered', at('clean'), 'main'));
            break steps; // the wizard cannot go on past a step it cannot show
          }
          pages++;
          violations.push(...(await pageViolations(page, at('clean'))));
          violations.push(...(await keyboardWalk(page, at('clean'))));
          await page.getByTestId('next-button').click();
          const outcome = page.locator('[data-testid=error-summary], [data-testid=preview-step-valid]').first();
          await outcome.waitFor();
          // a step where nothing is required has no error state
          if ((await outcome.getAttribute('data-testid')) !== 'error-summary') continue;
          pages++;
          violations.push(...(await pageViolations(page, at('errors'))));
        }
      }
      return { scannedAt: new Date().toISOString(), engine: `axe-core ${axe.version}, Chromium ${browser.version()}`, pages, violations };
    } finally {
      this.settings.previews.delete(token);
      await context.close();
    }
  }
}

/** The phone-sized width of WCAG 1.4.10 (1280 px zoomed to 400 %). */
const REFLOW_WIDTH = 320;
const DESKTOP = { width: 1280, height: 900 };

/** axe-core, the scan's own checks of groups and errors, and reflow at 320 px, on the page as it is. */
async function pageViolations(page: Page, place: Place): Promise<ScanViolation[]> {
  const found = [...(await axeViolations(page, place)), ...(await page.evaluate(groupAndErrorProblems)).map((p) => own(p.rule, place, p.target))];
  await page.setViewportSize({ width: REFLOW_WIDTH, height: DESKTOP.height });
  try {
    const { overflow, targets } = await page.evaluate(sidewaysScroll);
    if (overflow > 0) found.push(...(targets.length > 0 ? targets : ['html']).map((target) => ({ ...own('reflow', place, target), fix: reflowFix(overflow) })));
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  return found;
}

const reflowFix = (overflow: number) =>
  bilingual(
    `Vid ${REFLOW_WIDTH} px rullar sidan ${overflow} px i sidled. Låt långa ord och adresser brytas (overflow-wrap: anywhere), ge inte element en fast bredd och lägg breda tabeller i en ruta som rullar för sig.`,
    `At ${REFLOW_WIDTH} px the page scrolls ${overflow} px sideways. Let long words and addresses wrap (overflow-wrap: anywhere), do not give elements a fixed width, and put wide tables in a box that scrolls on its own.`,
  );

async function axeViolations(page: Page, place: Place): Promise<ScanViolation[]> {
  // evaluated, not added as an inline script, which the page's Content-Security-Policy refuses
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    async (tags) => (await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations,
    WCAG_TAGS,
  );
  return results.flatMap((violation) =>
    violation.nodes.map((node) => ({
      rule: violation.id,
      ...place,
      target: node.target.join(' '),
      wcag: criteriaOf(violation.tags),
      message: bilingual(swedishAxe.rules[violation.id]?.help ?? violation.help, violation.help),
      fix: fixOf(node as AxeNode, swedishAxe.rules[violation.id]?.help ?? violation.help),
      helpUrl: violation.helpUrl,
    })),
  );
}

/** Tabs through the page from the top: every control of the form must get focus, visibly. */
async function keyboardWalk(page: Page, place: Place): Promise<ScanViolation[]> {
  // from the top of the page, nothing focused (also the unfocused style of each control)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const controls = await page.evaluate(markControls);
  const groups = new Map(controls.map((c) => [c.group, c]));
  const reached = new Set<string>();
  const invisible = new Set<number>();
  // the header's links come first; a few more presses than controls covers them
  for (let press = 0; press < controls.length + 30 && reached.size < groups.size; press++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(focusedControl);
    if (!focused) continue;
    const control = controls[focused.index]!;
    reached.add(control.group);
    // where the browser itself decides not to show focus (e.g. entering a date input's segment) the page is not to blame
    if (focused.focusVisible && (!focused.outline || focused.style === control.style)) invisible.add(focused.index);
  }
  return [
    ...[...groups].filter(([group]) => !reached.has(group)).map(([, c]) => own('keyboard-unreachable', place, c.target)),
    ...[...invisible].map((index) => own('focus-not-visible', place, controls[index]!.target)),
  ];
}

const clientMissing = () =>
  new Problem(
    503,
    'client-not-built',
    bilingual('Tillgänglighetsgranskningen kan inte köras', 'The accessibility scan cannot run'),
    bilingual(
      'Granskningen visar e-tjänsten med portalens byggda klient, men den finns inte (CLIENT_DIR). Kör npm run build.',
      "The scan renders the e-service with the portal's built client, which is missing (CLIENT_DIR). Run npm run build.",
    ),
  );

const scanQueueFull = (waiting: number) =>
  new Problem(
    503,
    'scan-queue-full',
    bilingual('Granskningen är upptagen', 'The scan is busy'),
    bilingual(`${waiting} granskningar väntar redan. Försök igen om en stund.`, `${waiting} scans are already waiting. Try again shortly.`),
    // about five seconds a scan
    { retryAfterSeconds: Math.max(5, waiting * 5) },
  );

const browserMissing = () =>
  new Problem(
    503,
    'browser-unavailable',
    bilingual('Tillgänglighetsgranskningen kan inte köras', 'The accessibility scan cannot run'),
    bilingual(
      'Webbläsaren för granskningen kunde inte startas. Serverns logg säger varför.',
      "The scan's browser could not be started. The server's log says why.",
    ),
  );
