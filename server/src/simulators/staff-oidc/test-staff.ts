import type { BilingualMessage } from '@etjanst/schemas';

/** A fictional staff member at the simulated provider: what its ID tokens say about them. */
export interface OidcTestStaff {
  /** Stable subject (`sub`) */
  subject: string;
  name: string;
  email: string;
  /** The `groups` claim; the platform's group mappings turn these into roles */
  groups: string[];
  /** What the person is for, on the simulator's login page and in `npm start`'s table */
  description: BilingualMessage;
}

/**
 * One demo staff member per role, in the two demo municipalities. Their groups are the ones
 * the demo seed maps to roles (demo/staff-oidc.ts); "Ekdala bygg" is Ekdala's city planning
 * department (stadsbyggnad), which owns the building permit and fault report e-services.
 */
export const DEFAULT_OIDC_TEST_STAFF: readonly OidcTestStaff[] = [
  {
    subject: 'plattform-admin-1',
    name: 'Petra Plattform',
    email: 'petra.plattform@etjanst.example.se',
    groups: ['etjanst-plattform-admin'],
    description: { sv: 'Plattformsadministratör', en: 'Platform administrator' },
  },
  {
    subject: 'ekdala-admin-1',
    name: 'Karin Kommunadmin',
    email: 'karin.kommunadmin@ekdala.example.se',
    groups: ['etjanst-ekdala-admin'],
    description: { sv: 'Kommunadministratör, Ekdala', en: 'Municipality administrator, Ekdala' },
  },
  {
    subject: 'ekdala-designer-1',
    name: 'Dan Designer',
    email: 'dan.designer@ekdala.example.se',
    groups: ['etjanst-ekdala-bygg-designer'],
    description: { sv: 'Formulärdesigner, Ekdala stadsbyggnad', en: 'Designer, Ekdala city planning' },
  },
  {
    subject: 'ekdala-approver-1',
    name: 'Greta Granskare',
    email: 'greta.granskare@ekdala.example.se',
    groups: ['etjanst-ekdala-bygg-approver'],
    description: { sv: 'Granskare, Ekdala stadsbyggnad', en: 'Approver, Ekdala city planning' },
  },
  {
    subject: 'ekdala-handler-1',
    name: 'Hans Handläggare',
    email: 'hans.handlaggare@ekdala.example.se',
    groups: ['etjanst-ekdala-bygg-handler'],
    description: { sv: 'Handläggare, Ekdala stadsbyggnad', en: 'Case handler, Ekdala city planning' },
  },
  {
    subject: 'ekdala-statistics-1',
    name: 'Siri Statistik',
    email: 'siri.statistik@ekdala.example.se',
    groups: ['etjanst-ekdala-statistik'],
    description: { sv: 'Statistikläsare, Ekdala', en: 'Statistics reader, Ekdala' },
  },
  {
    subject: 'solbacka-admin-1',
    name: 'Sune Solbacka',
    email: 'sune.solbacka@solbacka.example.se',
    groups: ['etjanst-solbacka-admin'],
    description: { sv: 'Kommunadministratör, Solbacka', en: 'Municipality administrator, Solbacka' },
  },
];
