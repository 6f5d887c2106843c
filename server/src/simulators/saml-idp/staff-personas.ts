import type { LocalizedText } from '@etjanst/schemas';

/** A fictional staff member at the simulated staff IdP: what its assertions say about them. */
export interface StaffSamlPersona {
  /** Stable id, sent as the object id claim as Entra ID and AD FS do */
  objectId: string;
  displayName: string;
  email: string;
  /** Group claim values; the platform's group mappings turn them into roles */
  groups: string[];
  /** What the person is for, on the simulator's login page and in `npm start`'s list */
  description: LocalizedText;
}

/** The demo staff IdP's groups (as AD FS names them) and what each is for. */
export const STAFF_SAML_GROUPS = {
  platformAdmin: 'etjanst-plattformsadministratorer',
  ekdalaAdmin: 'etjanst-ekdala-kommunadministratorer',
  ekdalaDesigner: 'etjanst-ekdala-utbildning-formgivare',
  ekdalaApprover: 'etjanst-ekdala-utbildning-granskare',
  ekdalaHandler: 'etjanst-ekdala-utbildning-handlaggare',
  ekdalaStatistics: 'etjanst-ekdala-statistik',
  solbackaAdmin: 'etjanst-solbacka-kommunadministratorer',
} as const;

/** One persona per role, in the two demo municipalities; Ekdala's departmental roles are at its education department. */
export const DEFAULT_STAFF_SAML_PERSONAS: readonly StaffSamlPersona[] = [
  {
    objectId: '6f1d2c3e-0001-4a5b-9c7d-000000000001',
    displayName: 'Olof Driftansvarig',
    email: 'olof.driftansvarig@etjanst.example.se',
    groups: [STAFF_SAML_GROUPS.platformAdmin],
    description: { sv: 'Plattformsadministratör', en: 'Platform administrator' },
  },
  {
    objectId: '6f1d2c3e-0002-4a5b-9c7d-000000000002',
    displayName: 'Karin Ekholm',
    email: 'karin.ekholm@ekdala.example.se',
    groups: [STAFF_SAML_GROUPS.ekdalaAdmin],
    description: { sv: 'Kommunadministratör, Ekdala', en: 'Municipality administrator, Ekdala' },
  },
  {
    objectId: '6f1d2c3e-0003-4a5b-9c7d-000000000003',
    displayName: 'Disa Formgivare',
    email: 'disa.formgivare@ekdala.example.se',
    groups: [STAFF_SAML_GROUPS.ekdalaDesigner],
    description: { sv: 'Formgivare av e-tjänster, Ekdala utbildning', en: 'E-service designer, Ekdala education' },
  },
  {
    objectId: '6f1d2c3e-0004-4a5b-9c7d-000000000004',
    displayName: 'Gunnar Granskare',
    email: 'gunnar.granskare@ekdala.example.se',
    groups: [STAFF_SAML_GROUPS.ekdalaApprover],
    description: { sv: 'Granskare (godkänner publicering), Ekdala utbildning', en: 'Approver (approves publishing), Ekdala education' },
  },
  {
    objectId: '6f1d2c3e-0005-4a5b-9c7d-000000000005',
    displayName: 'Hedda Handläggare',
    email: 'hedda.handlaggare@ekdala.example.se',
    groups: [STAFF_SAML_GROUPS.ekdalaHandler],
    description: { sv: 'Handläggare, Ekdala utbildning', en: 'Case handler, Ekdala education' },
  },
  {
    objectId: '6f1d2c3e-0006-4a5b-9c7d-000000000006',
    displayName: 'Sixten Statistiker',
    email: 'sixten.statistiker@ekdala.example.se',
    groups: [STAFF_SAML_GROUPS.ekdalaStatistics],
    description: { sv: 'Läser statistik, Ekdala', en: 'Statistics reader, Ekdala' },
  },
  {
    objectId: '6f1d2c3e-0007-4a5b-9c7d-000000000007',
    displayName: 'Solveig Backlund',
    email: 'solveig.backlund@solbacka.example.se',
    groups: [STAFF_SAML_GROUPS.solbackaAdmin],
    description: { sv: 'Kommunadministratör, Solbacka', en: 'Municipality administrator, Solbacka' },
  },
];
