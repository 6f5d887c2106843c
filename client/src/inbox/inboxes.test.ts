import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@etjanst/schemas';
import type { Municipality } from '../shared/api';
import { handlerInboxes } from './inboxes';

const departments = [
  { id: 'utbildning', name: { sv: 'Utbildning', en: 'Education' } },
  { id: 'miljo', name: { sv: 'Miljö', en: 'Environment' } },
];
const municipalities: Municipality[] = [
  { id: 'solbacka', name: { sv: 'Solbacka', en: 'Solbacka' }, departments },
  { id: 'ekdala', name: { sv: 'Ekdala', en: 'Ekdala' }, departments },
];

describe('the inboxes a staff member handles', () => {
  it('opens the granted departments, in the order of the municipality list, once each', () => {
    const grants: RoleGrant[] = [
      { role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' },
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'miljo' },
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'utbildning' },
      { role: 'handler', municipalityId: 'solbacka', departmentId: null },
    ];
    expect(handlerInboxes(grants, municipalities)).toEqual([
      { municipalityId: 'solbacka', departmentId: 'utbildning' },
      { municipalityId: 'solbacka', departmentId: 'miljo' },
      { municipalityId: 'ekdala', departmentId: 'utbildning' },
    ]);
  });

  it('takes a handler grant without a department as every department of its municipality, and no other role', () => {
    const grants: RoleGrant[] = [
      { role: 'handler', municipalityId: 'ekdala', departmentId: null },
      { role: 'designer', municipalityId: 'solbacka', departmentId: null },
      { role: 'platform-admin', municipalityId: null, departmentId: null },
      { role: 'handler', municipalityId: 'solbacka', departmentId: 'nedlagd' },
    ];
    expect(handlerInboxes(grants, municipalities)).toEqual([
      { municipalityId: 'ekdala', departmentId: 'utbildning' },
      { municipalityId: 'ekdala', departmentId: 'miljo' },
    ]);
  });
});
