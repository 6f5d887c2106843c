import type { EServiceDefinition } from '../definition/format.js';

/**
 * Ansökan om bygglov, for private persons and companies, with drawings and other documents as
 * attachments (PDF or images, checked by their content).
 */
export const buildingPermit: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'bygglov',
  languages: ['sv', 'en'],
  catalogue: {
    title: { sv: 'Ansökan om bygglov', en: 'Apply for a building permit' },
    summary: {
      sv: 'Ansök om bygglov för att bygga nytt, bygga till, ändra användning eller ändra fasaden. Du kan söka som privatperson eller för ett företag.',
      en: 'Apply for a building permit to build, extend, change the use of a building or change its facade. You can apply as a private person or for a company.',
    },
    topic: 'building',
    keywords: ['bygglov', 'bygga', 'tillbyggnad', 'nybyggnad', 'fasad', 'plan- och bygglagen'],
  },
  owner: {
    organisation: 'solbacka',
    department: 'stadsbyggnad',
    contact: { name: 'Bygglovsenheten', email: 'bygglov@solbacka.example.se', phone: '08-123 456 40' },
  },
  access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: true },
  personalData: {
    collectsPersonalData: true,
    purpose: {
      sv: 'Vi använder uppgifterna för att handlägga din ansökan om bygglov och kontakta dig om den.',
      en: 'We use the information to handle your building permit application and to contact you about it.',
    },
    legalBasis: 'public-task',
    retention: {
      period: 'P10Y',
      description: {
        sv: 'Beslut om bygglov bevaras i arkivet. Övriga uppgifter sparas i tio år.',
        en: 'Building permit decisions are archived. Other information is kept for ten years.',
      },
    },
    classification: 'internal',
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        applicantType: { type: 'string', enum: ['private', 'company'] },
        contact: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 2, maxLength: 200 },
            email: { type: 'string', format: 'email', maxLength: 254 },
            phone: { type: 'string', format: 'telefonnummer' },
          },
          required: ['name', 'email', 'phone'],
        },
        propertyDesignation: {
          type: 'string',
          pattern: '^[A-Za-zÅÄÖÉÜåäöéü][A-Za-zÅÄÖÉÜåäöéü .-]* [0-9]{1,4}:[0-9]{1,4}$',
          maxLength: 100,
        },
        measureType: {
          type: 'string',
          enum: ['new-building', 'extension', 'change-of-use', 'facade-change', 'other'],
        },
        description: { type: 'string', minLength: 20, maxLength: 4000 },
        estimatedStart: { type: 'string', format: 'date' },
        hasControlOfficer: { type: 'boolean' },
        drawings: { type: 'array', items: { type: 'string', format: 'attachment-id' }, maxItems: 10 },
      },
      required: [
        'applicantType',
        'contact',
        'propertyDesignation',
        'measureType',
        'description',
        'estimatedStart',
        'hasControlOfficer',
      ],
      allOf: [
        {
          if: { properties: { applicantType: { const: 'company' } }, required: ['applicantType'] },
          then: {
            properties: {
              company: {
                type: 'object',
                properties: {
                  organisationNumber: { type: 'string', format: 'organisationsnummer' },
                  name: { type: 'string', minLength: 2, maxLength: 200 },
                },
                required: ['organisationNumber', 'name'],
              },
            },
            required: ['company'],
          },
        },
        {
          if: { properties: { measureType: { const: 'other' } }, required: ['measureType'] },
          then: {
            properties: { measureOther: { type: 'string', minLength: 3, maxLength: 300 } },
            required: ['measureOther'],
          },
        },
        {
          if: { properties: { hasControlOfficer: { const: true } }, required: ['hasControlOfficer'] },
          then: {
            properties: { controlOfficerName: { type: 'string', minLength: 2, maxLength: 200 } },
            required: ['controlOfficerName'],
          },
        },
      ],
    },
    uiSchema: {
      applicantType: { 'ui:widget': 'radio' },
      contact: {
        email: { 'ui:options': { inputType: 'email' } },
        phone: { 'ui:options': { inputType: 'tel' } },
      },
      measureType: { 'ui:widget': 'select' },
      description: { 'ui:widget': 'textarea', 'ui:options': { rows: 6 } },
      hasControlOfficer: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
      drawings: { 'ui:options': { accept: ['application/pdf', 'image/png', 'image/jpeg'], maxBytes: 10485760 } },
    },
    texts: {
      applicantType: {
        label: { sv: 'Vem söker bygglovet?', en: 'Who is applying for the permit?' },
        errorMessage: { sv: 'Välj privatperson eller företag.', en: 'Choose private person or company.' },
        options: {
          private: { sv: 'Jag som privatperson', en: 'Me, as a private person' },
          company: { sv: 'Ett företag eller en förening', en: 'A company or an association' },
        },
      },
      company: {
        label: { sv: 'Företaget', en: 'The company' },
        errorMessage: { sv: 'Fyll i uppgifterna om företaget.', en: 'Fill in the details about the company.' },
      },
      'company.organisationNumber': {
        label: { sv: 'Organisationsnummer', en: 'Organisation number' },
        help: { sv: 'Skriv tio siffror, till exempel 556016-0680.', en: 'Write ten digits, for example 556016-0680.' },
        errorMessage: {
          sv: 'Skriv ett giltigt organisationsnummer, NNNNNN-NNNN.',
          en: 'Enter a valid organisation number, NNNNNN-NNNN.',
        },
      },
      'company.name': {
        label: { sv: 'Företagets namn', en: 'Company name' },
        errorMessage: { sv: 'Skriv företagets namn.', en: 'Enter the company name.' },
      },
      contact: {
        label: { sv: 'Kontaktperson', en: 'Contact person' },
        errorMessage: { sv: 'Fyll i uppgifterna om kontaktpersonen.', en: 'Fill in the details about the contact person.' },
      },
      'contact.name': {
        label: { sv: 'Namn', en: 'Name' },
        errorMessage: { sv: 'Skriv ditt för- och efternamn.', en: 'Enter your first and last name.' },
      },
      'contact.email': {
        label: { sv: 'E-postadress', en: 'E-mail address' },
        help: { sv: 'Vi skickar beslut och frågor hit.', en: 'We send decisions and questions here.' },
        errorMessage: {
          sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
          en: 'Enter an e-mail address, for example name@example.com.',
        },
      },
      'contact.phone': {
        label: { sv: 'Telefonnummer', en: 'Phone number' },
        errorMessage: { sv: 'Skriv ett telefonnummer, till exempel 070-123 45 67.', en: 'Enter a phone number, for example 070-123 45 67.' },
      },
      propertyDesignation: {
        label: { sv: 'Fastighetsbeteckning', en: 'Property designation' },
        help: {
          sv: 'Fastighetens namn och nummer, till exempel Solbacka Eken 3:14. Du hittar den i kommunens karta.',
          en: "The property's name and number, for example Solbacka Eken 3:14. You find it on the municipality's map.",
        },
        errorMessage: {
          sv: 'Skriv fastighetsbeteckningen som namn och nummer, till exempel Solbacka Eken 3:14.',
          en: 'Enter the property designation as name and number, for example Solbacka Eken 3:14.',
        },
      },
      measureType: {
        label: { sv: 'Vad vill du göra?', en: 'What do you want to do?' },
        errorMessage: { sv: 'Välj vad du vill göra.', en: 'Choose what you want to do.' },
        options: {
          'new-building': { sv: 'Bygga nytt', en: 'Build a new building' },
          extension: { sv: 'Bygga till', en: 'Extend a building' },
          'change-of-use': { sv: 'Ändra användning', en: 'Change the use of a building' },
          'facade-change': { sv: 'Ändra fasaden', en: 'Change the facade' },
          other: { sv: 'Något annat', en: 'Something else' },
        },
      },
      measureOther: {
        label: { sv: 'Vad vill du göra i stället?', en: 'What do you want to do instead?' },
        errorMessage: { sv: 'Skriv vad du vill göra, minst 3 tecken.', en: 'Write what you want to do, at least 3 characters.' },
      },
      description: {
        label: { sv: 'Beskriv vad du vill bygga', en: 'Describe what you want to build' },
        help: {
          sv: 'Skriv storlek, material och färg. Ritningar bifogar du i nästa steg.',
          en: 'Write size, materials and colour. You attach drawings in the next step.',
        },
        errorMessage: { sv: 'Beskriv med minst 20 tecken.', en: 'Describe it in at least 20 characters.' },
      },
      estimatedStart: {
        label: { sv: 'När vill du börja bygga?', en: 'When do you want to start building?' },
        help: {
          sv: 'Ungefär räcker. Du får inte börja innan du har fått startbesked.',
          en: 'Roughly is enough. You may not start before you have got a start notice.',
        },
        errorMessage: { sv: 'Välj ett datum, ÅÅÅÅ-MM-DD.', en: 'Choose a date, YYYY-MM-DD.' },
      },
      hasControlOfficer: {
        label: { sv: 'Har du en kontrollansvarig?', en: 'Do you have a certified quality controller?' },
        help: {
          sv: 'Större byggen behöver en certifierad kontrollansvarig. Vi berättar om du behöver en.',
          en: 'Larger projects need a certified quality controller. We tell you if you need one.',
        },
        errorMessage: { sv: 'Välj ja eller nej.', en: 'Choose yes or no.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      drawings: {
        label: { sv: 'Ritningar och andra handlingar', en: 'Drawings and other documents' },
        help: {
          sv: 'Till exempel situationsplan, fasadritning och planritning. En fil i taget. Har du inga ritningar än kan du skicka dem senare.',
          en: 'For example a site plan, facade drawing and floor plan. One file at a time. If you have no drawings yet you can send them later.',
        },
        errorMessage: { sv: 'Bifoga högst tio filer.', en: 'Attach at most ten files.' },
      },
      controlOfficerName: {
        label: { sv: 'Kontrollansvarigs namn', en: "Quality controller's name" },
        errorMessage: { sv: 'Skriv kontrollansvarigs namn.', en: "Enter the quality controller's name." },
      },
    },
    steps: [
      {
        id: 'sokande',
        title: { sv: 'Sökande', en: 'Applicant' },
        fields: ['applicantType', 'company', 'contact'],
      },
      {
        id: 'fastighet-och-atgard',
        title: { sv: 'Fastighet och åtgärd', en: 'Property and measure' },
        fields: ['propertyDesignation', 'measureType', 'measureOther', 'description', 'estimatedStart'],
      },
      {
        id: 'ritningar',
        title: { sv: 'Ritningar', en: 'Drawings' },
        fields: ['drawings'],
      },
      {
        id: 'kontrollansvarig',
        title: { sv: 'Kontrollansvarig', en: 'Quality controller' },
        fields: ['hasControlOfficer', 'controlOfficerName'],
      },
    ],
  },
  prefill: [{ field: 'contact.name', source: 'population-register', attribute: 'fullName', editable: true }],
  signing: {
    required: true,
    text: {
      sv: 'Jag ansöker om bygglov och intygar att uppgifterna stämmer.',
      en: 'I apply for a building permit and confirm that the information is correct.',
    },
  },
  receipt: {
    email: true,
    emailField: 'contact.email',
    message: {
      sv: 'Tack för din ansökan. Vi hör av oss om något saknas. Du kan följa ärendet på Mina sidor.',
      en: 'Thank you for your application. We contact you if something is missing. You can follow the case on My pages.',
    },
    includeAnswers: true,
  },
  delivery: {
    connectors: [
      {
        id: 'bygglovsenheten',
        type: 'case-management',
        options: { caseType: 'BYGG-BL', unit: 'Bygglovsenheten' },
      },
    ],
  },
  benefit: { manualMinutesPerCase: 60, digitalMinutesPerCase: 25, costPerHourSek: 700, expectedCasesPerYear: 1200 },
  accessibility: { feedback: { email: 'bygglov@solbacka.example.se', phone: '08-123 456 40' } },
};
