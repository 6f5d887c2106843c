import type { EServiceDefinition } from '@etjanst/schemas';

/**
 * Fills in, through the definition API, what the publish gate (the must-requirements) asks of a
 * new e-service beyond its form: the personal data settings, a delivery connector, the
 * accessibility feedback contact and English step titles. The designer's settings tabs edit the
 * same parts; these journeys are about building the form.
 */
export async function completeForPublishing(baseUrl: string, municipality: string, eserviceId: string): Promise<void> {
  const url = `${baseUrl}/api/municipalities/${municipality}/eservices/${eserviceId}`;
  const current = await fetch(url);
  const etag = current.headers.get('etag') ?? '';
  const { definition } = (await current.json()) as { definition: EServiceDefinition };
  const email = definition.owner.contact.email;
  const completed: EServiceDefinition = {
    ...definition,
    personalData: {
      ...definition.personalData,
      purpose: { sv: 'Att handlägga ansökan.', en: 'To handle the application.' },
      legalBasis: 'public-task',
      retention: { period: 'P2Y' },
    },
    delivery: { connectors: [{ id: 'funktionsbrevlada', type: 'email', options: { to: email } }] },
    accessibility: { ...definition.accessibility, feedback: { email } },
    form: { ...definition.form, steps: definition.form.steps.map((step) => ({ ...step, title: { en: step.title.sv, ...step.title } })) },
  };
  const saved = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': etag }, body: JSON.stringify(completed) });
  if (!saved.ok) throw new Error(`completing ${eserviceId} for publishing: ${saved.status} ${await saved.text()}`);
}
