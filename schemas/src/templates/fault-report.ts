import type { EServiceDefinition } from '../definition/format.js';

/** Felanmälan / synpunkter: anonymous allowed, the simplest e-service (maturity level 1-3). */
export const faultReport: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'felanmalan',
  languages: ['sv', 'en'],
  catalogue: {
    title: { sv: 'Felanmälan och synpunkter', en: 'Report a fault or give feedback' },
    summary: {
      sv: 'Anmäl fel på gator, parker och belysning eller lämna en synpunkt till kommunen. Du behöver inte logga in.',
      en: 'Report faults in streets, parks and lighting, or give the municipality feedback. No login needed.',
    },
    topic: 'feedback',
    keywords: ['felanmälan', 'synpunkt', 'klagomål', 'gatubelysning', 'potthål'],
  },
  owner: {
    organisation: 'solbacka',
    department: 'stadsbyggnad',
    contact: { name: 'Kontaktcenter', email: 'kontaktcenter@solbacka.example.se', phone: '08-123 456 00' },
  },
  access: { login: 'none' },
  personalData: {
    collectsPersonalData: true,
    purpose: {
      sv: 'Vi använder din e-postadress bara för att svara dig om du vill ha svar.',
      en: 'We use your e-mail address only to answer you if you want an answer.',
    },
    legalBasis: 'public-task',
    retention: { period: 'P2Y' },
    classification: 'internal',
    justification: {
      sv: 'Felanmälan kräver ingen inloggning. Den enda personuppgiften är en frivillig e-postadress för den som vill ha svar.',
      en: 'A fault report needs no login. The only personal data is an optional e-mail address for those who want an answer.',
    },
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        category: { type: 'string', enum: ['street', 'lighting', 'park', 'other'] },
        location: { type: 'string', minLength: 3, maxLength: 200 },
        description: { type: 'string', minLength: 10, maxLength: 4000 },
        wantsAnswer: { type: 'boolean', default: false },
      },
      required: ['category', 'location', 'description', 'wantsAnswer'],
      allOf: [
        {
          if: { properties: { wantsAnswer: { const: true } }, required: ['wantsAnswer'] },
          then: {
            properties: { email: { type: 'string', format: 'email', maxLength: 254 } },
            required: ['email'],
          },
        },
      ],
    },
    uiSchema: {
      category: { 'ui:widget': 'radio' },
      description: { 'ui:widget': 'textarea' },
      wantsAnswer: { 'ui:widget': 'radio' },
      email: { 'ui:options': { inputType: 'email' } },
    },
    texts: {
      category: {
        label: { sv: 'Vad gäller det?', en: 'What is it about?' },
        errorMessage: { sv: 'Välj vad det gäller.', en: 'Choose what it is about.' },
        options: {
          street: { sv: 'Gata eller trottoar', en: 'Street or pavement' },
          lighting: { sv: 'Belysning', en: 'Lighting' },
          park: { sv: 'Park eller lekplats', en: 'Park or playground' },
          other: { sv: 'Något annat', en: 'Something else' },
        },
      },
      location: {
        label: { sv: 'Var är det?', en: 'Where is it?' },
        help: { sv: 'Skriv en adress eller en plats.', en: 'Write an address or a place.' },
        errorMessage: { sv: 'Skriv var det är, minst 3 tecken.', en: 'Write where it is, at least 3 characters.' },
      },
      description: {
        label: { sv: 'Beskriv felet eller din synpunkt', en: 'Describe the fault or your feedback' },
        errorMessage: { sv: 'Beskriv med minst 10 tecken.', en: 'Describe it in at least 10 characters.' },
      },
      wantsAnswer: {
        label: { sv: 'Vill du ha svar?', en: 'Do you want an answer?' },
        errorMessage: { sv: 'Välj om du vill ha svar.', en: 'Choose whether you want an answer.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      email: {
        label: { sv: 'Din e-postadress', en: 'Your e-mail address' },
        errorMessage: {
          sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
          en: 'Enter an e-mail address, for example name@example.com.',
        },
      },
    },
    steps: [
      { id: 'arende', title: { sv: 'Ditt ärende', en: 'Your report' }, fields: ['category', 'location', 'description'] },
      { id: 'kontakt', title: { sv: 'Kontakt', en: 'Contact' }, fields: ['wantsAnswer', 'email'] },
    ],
  },
  prefill: [],
  signing: { required: false },
  receipt: { email: true, emailField: 'email', includeAnswers: true },
  delivery: {
    connectors: [
      { id: 'kontaktcenter', type: 'email', options: { to: 'kontaktcenter@solbacka.example.se' } },
    ],
  },
  benefit: { manualMinutesPerCase: 12, digitalMinutesPerCase: 4, costPerHourSek: 550, expectedCasesPerYear: 9000 },
  accessibility: { feedback: { email: 'kontaktcenter@solbacka.example.se', phone: '08-123 456 00' } },
};
