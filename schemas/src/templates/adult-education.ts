import type { EServiceDefinition } from '../definition/format.js';

/** Ansökan till vuxenutbildning (Komvux): courses, pace and study form, study guidance on request. */
export const adultEducation: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'vuxenutbildning',
  languages: ['sv', 'en'],
  catalogue: {
    title: { sv: 'Ansökan till vuxenutbildning (Komvux)', en: 'Apply for adult education (Komvux)' },
    summary: {
      sv: 'Ansök till kurser i Komvux. Du kan läsa på heltid eller deltid, på plats eller på distans. Du loggar in med e-legitimation.',
      en: 'Apply for courses in municipal adult education. You can study full-time or part-time, on site or at a distance. You log in with an e-ID.',
    },
    topic: 'school',
    keywords: ['komvux', 'vuxenutbildning', 'kurs', 'gymnasiekurs', 'studier', 'sfi'],
  },
  owner: {
    organisation: 'solbacka',
    department: 'utbildning',
    contact: { name: 'Vuxenutbildningen', email: 'komvux@solbacka.example.se', phone: '08-123 456 20' },
  },
  access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: false },
  personalData: {
    collectsPersonalData: true,
    purpose: {
      sv: 'Vi använder uppgifterna för att pröva din ansökan och planera din utbildning.',
      en: 'We use the information to assess your application and plan your education.',
    },
    legalBasis: 'public-task',
    retention: {
      period: 'P2Y',
      description: {
        sv: 'Vi sparar ansökan i två år. Betyg sparas enligt arkivlagen.',
        en: 'We keep the application for two years. Grades are kept according to the Archives Act.',
      },
    },
    classification: 'internal',
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        applicant: {
          type: 'object',
          properties: {
            givenName: { type: 'string', minLength: 1, maxLength: 100 },
            surname: { type: 'string', minLength: 1, maxLength: 100 },
            personalIdentityNumber: { type: 'string', format: 'personnummer' },
            email: { type: 'string', format: 'email', maxLength: 254 },
            phone: { type: 'string', format: 'telefonnummer' },
          },
          required: ['givenName', 'surname', 'personalIdentityNumber', 'email', 'phone'],
        },
        courses: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['svenska-1', 'engelska-5', 'matematik-1a', 'samhallskunskap-1b', 'dator-och-natverksteknik', 'vard-och-omsorg'],
          },
          uniqueItems: true,
          minItems: 1,
          maxItems: 6,
        },
        studyPace: { type: 'integer', enum: [25, 50, 75, 100] },
        studyForm: { type: 'string', enum: ['on-site', 'distance'] },
        previousEducation: {
          type: 'string',
          enum: ['none', 'compulsory', 'upper-secondary-incomplete', 'upper-secondary', 'post-secondary', 'foreign'],
        },
        motivation: { type: 'string', maxLength: 2000 },
        needsStudyGuidance: { type: 'boolean' },
        confirmation: { type: 'boolean', const: true },
      },
      required: ['applicant', 'courses', 'studyPace', 'studyForm', 'previousEducation', 'needsStudyGuidance', 'confirmation'],
      allOf: [
        {
          if: { properties: { needsStudyGuidance: { const: true } }, required: ['needsStudyGuidance'] },
          then: {
            properties: { contactTime: { type: 'string', enum: ['morning', 'afternoon', 'evening'] } },
            required: ['contactTime'],
          },
        },
      ],
    },
    uiSchema: {
      applicant: {
        email: { 'ui:options': { inputType: 'email' } },
        phone: { 'ui:options': { inputType: 'tel' } },
      },
      courses: { 'ui:widget': 'checkboxes' },
      studyPace: { 'ui:widget': 'radio' },
      studyForm: { 'ui:widget': 'radio' },
      previousEducation: { 'ui:widget': 'select' },
      motivation: { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } },
      needsStudyGuidance: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
      contactTime: { 'ui:widget': 'select' },
      confirmation: { 'ui:widget': 'checkbox' },
    },
    texts: {
      applicant: {
        label: { sv: 'Dina uppgifter', en: 'Your details' },
        errorMessage: { sv: 'Fyll i dina uppgifter.', en: 'Fill in your details.' },
      },
      'applicant.givenName': {
        label: { sv: 'Förnamn', en: 'First name' },
        errorMessage: { sv: 'Skriv ditt förnamn.', en: 'Enter your first name.' },
      },
      'applicant.surname': {
        label: { sv: 'Efternamn', en: 'Last name' },
        errorMessage: { sv: 'Skriv ditt efternamn.', en: 'Enter your last name.' },
      },
      'applicant.personalIdentityNumber': {
        label: { sv: 'Personnummer', en: 'Personal identity number' },
        errorMessage: {
          sv: 'Skriv ditt personnummer med 12 siffror, ÅÅÅÅMMDD-NNNN.',
          en: 'Enter your personal identity number with 12 digits, YYYYMMDD-NNNN.',
        },
      },
      'applicant.email': {
        label: { sv: 'E-postadress', en: 'E-mail address' },
        help: { sv: 'Vi skickar besked om antagning hit.', en: 'We send the admission decision here.' },
        errorMessage: {
          sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
          en: 'Enter an e-mail address, for example name@example.com.',
        },
      },
      'applicant.phone': {
        label: { sv: 'Telefonnummer', en: 'Phone number' },
        errorMessage: { sv: 'Skriv ett telefonnummer, till exempel 070-123 45 67.', en: 'Enter a phone number, for example 070-123 45 67.' },
      },
      courses: {
        label: { sv: 'Vilka kurser vill du läsa?', en: 'Which courses do you want to take?' },
        help: { sv: 'Välj minst en kurs. Du kan välja fler.', en: 'Choose at least one course. You can choose more.' },
        errorMessage: { sv: 'Välj minst en kurs.', en: 'Choose at least one course.' },
        options: {
          'svenska-1': { sv: 'Svenska 1', en: 'Swedish 1' },
          'engelska-5': { sv: 'Engelska 5', en: 'English 5' },
          'matematik-1a': { sv: 'Matematik 1a', en: 'Mathematics 1a' },
          'samhallskunskap-1b': { sv: 'Samhällskunskap 1b', en: 'Civics 1b' },
          'dator-och-natverksteknik': { sv: 'Dator- och nätverksteknik', en: 'Computer and network technology' },
          'vard-och-omsorg': { sv: 'Vård och omsorg, introduktion', en: 'Health and social care, introduction' },
        },
      },
      studyPace: {
        label: { sv: 'Hur fort vill du studera?', en: 'At what pace do you want to study?' },
        help: { sv: '100 procent är heltid.', en: '100 per cent is full-time.' },
        errorMessage: { sv: 'Välj studietakt.', en: 'Choose a study pace.' },
        options: {
          '25': { sv: '25 procent', en: '25 per cent' },
          '50': { sv: '50 procent', en: '50 per cent' },
          '75': { sv: '75 procent', en: '75 per cent' },
          '100': { sv: '100 procent (heltid)', en: '100 per cent (full-time)' },
        },
      },
      studyForm: {
        label: { sv: 'Hur vill du studera?', en: 'How do you want to study?' },
        errorMessage: { sv: 'Välj på plats eller på distans.', en: 'Choose on site or at a distance.' },
        options: {
          'on-site': { sv: 'På plats i skolan', en: 'On site at the school' },
          distance: { sv: 'På distans', en: 'At a distance' },
        },
      },
      previousEducation: {
        label: { sv: 'Vilken utbildning har du sedan tidigare?', en: 'What education do you have already?' },
        help: { sv: 'Välj den högsta nivån du har gått klart.', en: 'Choose the highest level you have completed.' },
        errorMessage: { sv: 'Välj din tidigare utbildning.', en: 'Choose your previous education.' },
        options: {
          none: { sv: 'Ingen avslutad grundskola', en: 'No completed compulsory school' },
          compulsory: { sv: 'Grundskola', en: 'Compulsory school' },
          'upper-secondary-incomplete': { sv: 'Gymnasium, inte avslutat', en: 'Upper secondary school, not completed' },
          'upper-secondary': { sv: 'Gymnasium', en: 'Upper secondary school' },
          'post-secondary': { sv: 'Högskola eller yrkeshögskola', en: 'University or higher vocational education' },
          foreign: { sv: 'Utbildning från ett annat land', en: 'Education from another country' },
        },
      },
      motivation: {
        label: { sv: 'Varför vill du studera? (frivilligt)', en: 'Why do you want to study? (optional)' },
        help: { sv: 'Skriv till exempel vad du vill arbeta med.', en: 'For example, write what work you want to do.' },
      },
      needsStudyGuidance: {
        label: { sv: 'Vill du prata med en studie- och yrkesvägledare?', en: 'Do you want to talk to a study and career counsellor?' },
        help: { sv: 'Vägledaren hjälper dig att välja kurser.', en: 'The counsellor helps you choose courses.' },
        errorMessage: { sv: 'Välj ja eller nej.', en: 'Choose yes or no.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      contactTime: {
        label: { sv: 'När kan vi ringa dig?', en: 'When can we call you?' },
        errorMessage: { sv: 'Välj när vi kan ringa dig.', en: 'Choose when we can call you.' },
        options: {
          morning: { sv: 'Förmiddag, 9–12', en: 'Morning, 9–12' },
          afternoon: { sv: 'Eftermiddag, 13–16', en: 'Afternoon, 1–4 pm' },
          evening: { sv: 'Kväll, 17–19', en: 'Evening, 5–7 pm' },
        },
      },
      confirmation: {
        label: { sv: 'Jag intygar att uppgifterna stämmer', en: 'I confirm that the information is correct' },
        errorMessage: {
          sv: 'Du behöver intyga att uppgifterna stämmer.',
          en: 'You need to confirm that the information is correct.',
        },
      },
    },
    steps: [
      { id: 'dina-uppgifter', title: { sv: 'Dina uppgifter', en: 'Your details' }, fields: ['applicant'] },
      {
        id: 'kurser',
        title: { sv: 'Kurser', en: 'Courses' },
        fields: ['courses', 'studyPace', 'studyForm'],
      },
      {
        id: 'bakgrund',
        title: { sv: 'Bakgrund och vägledning', en: 'Background and guidance' },
        fields: ['previousEducation', 'motivation', 'needsStudyGuidance', 'contactTime', 'confirmation'],
      },
    ],
  },
  prefill: [
    { field: 'applicant.personalIdentityNumber', source: 'population-register', attribute: 'personalIdentityNumber', editable: false },
    { field: 'applicant.givenName', source: 'population-register', attribute: 'givenName', editable: false },
    { field: 'applicant.surname', source: 'population-register', attribute: 'surname', editable: false },
  ],
  signing: {
    required: true,
    text: {
      sv: 'Jag ansöker till vuxenutbildning och intygar att uppgifterna stämmer.',
      en: 'I apply for adult education and confirm that the information is correct.',
    },
  },
  receipt: {
    email: true,
    emailField: 'applicant.email',
    message: {
      sv: 'Tack för din ansökan. Du får besked om antagning innan kursen börjar. Du kan följa ärendet på Mina sidor.',
      en: 'Thank you for your application. You get an admission decision before the course starts. You can follow the case on My pages.',
    },
    includeAnswers: true,
  },
  delivery: {
    connectors: [
      {
        id: 'vuxenutbildningen',
        type: 'case-management',
        options: { caseType: 'VUX-ANS', unit: 'Vuxenutbildningen' },
      },
    ],
  },
  benefit: { manualMinutesPerCase: 25, digitalMinutesPerCase: 6, costPerHourSek: 600, expectedCasesPerYear: 5000 },
  accessibility: { feedback: { email: 'komvux@solbacka.example.se', phone: '08-123 456 20' } },
};
