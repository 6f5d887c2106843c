import { sql, type Kysely } from 'kysely';
import { bilingual, STEP_EVENT_KINDS, type StatisticsPeriod, type StepDropOff, type StepEventKind, type StepFigures } from '@etjanst/schemas';
import { objectBody } from '../cases/status.js';
import { swedishDay } from '../db/swedish-day.js';
import type { Database } from '../db/tables.js';
import { findVersion } from '../eservices/repository.js';
import type { TenantContext } from '../eservices/operations.js';
import { positiveInteger } from '../http/context.js';
import { notFound, unprocessable } from '../problems/problem.js';

export interface StepEvent {
  eserviceId: string;
  version: number;
  /** 0 for the first step */
  step: number;
  kind: StepEventKind;
}

/** An event as the portal sends it: the version, the step's index and what happened; nothing else is read. */
export function parseStepEvent(eserviceId: string, body: unknown): StepEvent {
  const input = objectBody(body);
  const version = positiveInteger(input.version, 'version');
  const { step, kind } = input;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw unprocessable('step-invalid', bilingual('Steget ska vara ett heltal från 0.', 'The step must be a whole number from 0.'), { field: 'step' });
  }
  if (!STEP_EVENT_KINDS.includes(kind as StepEventKind)) {
    throw unprocessable('step-event-kind-invalid', bilingual(`Händelsen ska vara en av ${STEP_EVENT_KINDS.join(', ')}.`, `The event must be one of ${STEP_EVENT_KINDS.join(', ')}.`), { field: 'kind' });
  }
  return { eserviceId, version, step, kind: kind as StepEventKind };
}

/**
 * Adds one to the day's counter of the step: a version's step that exists, nothing per visitor.
 * The counters hold no personal data (counts per step and day, no address, session or time of
 * day), so no retention job erases them: they are the statistics.
 */
export async function recordStepEvent(ctx: TenantContext, event: StepEvent): Promise<void> {
  const version = await findVersion(ctx.db, ctx.municipalityId, event.eserviceId, event.version);
  if (!version) throw notFound(bilingual(`E-tjänsten ”${event.eserviceId}” i version ${event.version}`, `The e-service “${event.eserviceId}” in version ${event.version}`));
  if (event.step >= version.definition.form.steps.length) {
    throw unprocessable('step-invalid', bilingual(`Version ${event.version} har ${version.definition.form.steps.length} steg.`, `Version ${event.version} has ${version.definition.form.steps.length} steps.`), { field: 'step' });
  }
  await ctx.db
    .insertInto('step_event_counters')
    .values({
      municipality_id: ctx.municipalityId,
      eservice_id: event.eserviceId,
      version: event.version,
      step_index: event.step,
      kind: event.kind,
      day: swedishDay,
      count: 1,
    })
    .onConflict((oc) => oc.columns(['municipality_id', 'eservice_id', 'version', 'step_index', 'kind', 'day']).doUpdateSet({ count: sql<number>`step_event_counters.count + 1` }))
    .execute();
}

interface CounterSum {
  eserviceId: string;
  version: number;
  step: number;
  kind: StepEventKind;
  count: number;
}

async function counterSums(db: Kysely<Database>, municipalityId: string, period: StatisticsPeriod): Promise<CounterSum[]> {
  const rows = await db
    .selectFrom('step_event_counters')
    .select((eb) => ['eservice_id', 'version', 'step_index', 'kind', eb.fn.sum<string>('count').as('count')])
    .where('municipality_id', '=', municipalityId)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy(['eservice_id', 'version', 'step_index', 'kind'])
    .execute();
  return rows.map((row) => ({ eserviceId: row.eservice_id, version: row.version, step: row.step_index, kind: row.kind, count: Number(row.count) }));
}

/**
 * A version's steps from its counters: those who reached a step and not the next left there; on
 * the last step, those who did not send. Counters are not of one visitor each (going back and
 * reloading counts again), so a step never shows fewer than nobody leaving. A step shown only on
 * a condition is reached by fewer than the step before it: those who skipped it count as having
 * left on that step before, an overstatement the step's own figures make visible.
 */
export function stepFigures(titles: StepFigures['title'][], reached: (step: number) => number, completed: number): StepFigures[] {
  return titles.map((title, index) => {
    const here = reached(index);
    const next = index + 1 < titles.length ? reached(index + 1) : completed;
    const left = Math.max(0, here - next);
    return { index, title, reached: here, left, leftRate: here === 0 ? null : left / here };
  });
}

/** Starts (the first step reached), completions and drop-off per step of each version with events in the period. */
export async function stepDropOff(ctx: TenantContext, period: StatisticsPeriod): Promise<StepDropOff> {
  const sums = await counterSums(ctx.db, ctx.municipalityId, period);
  const versions = [...new Map(sums.map((s) => [`${s.eserviceId}/${s.version}`, s])).values()].sort((a, b) => a.eserviceId.localeCompare(b.eserviceId) || a.version - b.version);
  const eservices = await Promise.all(
    versions.map(async ({ eserviceId, version }) => {
      const own = sums.filter((s) => s.eserviceId === eserviceId && s.version === version);
      const count = (kind: StepEventKind, step?: number) => own.filter((s) => s.kind === kind && (step === undefined || s.step === step)).reduce((sum, s) => sum + s.count, 0);
      const definition = (await findVersion(ctx.db, ctx.municipalityId, eserviceId, version))!.definition;
      const completed = count('completed');
      return {
        eserviceId,
        version,
        title: definition.catalogue.title,
        started: count('reached', 0),
        completed,
        steps: stepFigures(definition.form.steps.map((s) => s.title), (step) => count('reached', step), completed),
      };
    }),
  );
  return { period, eservices };
}
