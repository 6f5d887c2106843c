import type { BookingConfig } from '../booking/config.js';
import type { EServiceDefinition } from '../definition/format.js';
import { bookingAnswerSchema } from '../fields/catalogue/booking-type.js';

const day = (...hours: [string, string][]) => hours.map(([from, to]) => ({ from, to }));
const WEEKDAY_HOURS = day(['10:00', '12:00'], ['13:00', '16:00']);

/** Weddings in the city hall's wedding room, or with an officiant who comes to another place. */
const WEDDING_TIMES: BookingConfig = {
  resources: [
    { id: 'vigselsalen', name: { sv: 'Vigselsalen i stadshuset', en: 'The wedding room in the city hall' } },
    { id: 'vigselforrattare', name: { sv: 'Vigselförrättare till annan plats', en: 'An officiant at another place' } },
  ],
  openingHours: { monday: WEEKDAY_HOURS, tuesday: WEEKDAY_HOURS, wednesday: WEEKDAY_HOURS, thursday: WEEKDAY_HOURS, friday: WEEKDAY_HOURS, saturday: day(['10:00', '14:00']) },
  slotMinutes: 30,
  capacity: 1,
  bookAheadDays: 180,
  minNoticeHours: 48,
  cancelBeforeHours: 72,
  closedDates: ['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31', '2027-01-01', '2027-01-06', '2027-06-25', '2027-06-26'],
  holdMinutes: 20,
};

/** Boka borgerlig vigsel: the simple form people use most, so it stays short. */
export const civilWedding: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'borgerlig-vigsel',
  languages: ['sv', 'en'],
  catalogue: {
    title: { sv: 'Boka borgerlig vigsel', en: 'Book a civil wedding' },
    summary: {
      sv: 'Boka tid för vigsel i stadshuset eller på en annan plats i kommunen. Ni behöver ett intyg om hindersprövning från Skatteverket.',
      en: 'Book a time for a wedding in the city hall or at another place in the municipality. You need a certificate of no impediment from the Swedish Tax Agency.',
    },
    topic: 'politics',
    keywords: ['vigsel', 'bröllop', 'gifta sig', 'borgerlig vigsel', 'vigselförrättare'],
  },
  owner: {
    organisation: 'solbacka',
    department: 'kommunstyrelse',
    contact: { name: 'Vigselbokningen', email: 'vigsel@solbacka.example.se', phone: '08-123 456 30' },
  },
  access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: false },
  personalData: {
    collectsPersonalData: true,
    purpose: {
      sv: 'Vi använder uppgifterna för att boka vigseln och kontakta er om den.',
      en: 'We use the information to book the wedding and contact you about it.',
    },
    legalBasis: 'public-task',
    retention: {
      period: 'P1Y',
      description: {
        sv: 'Vi sparar bokningen i ett år efter vigseln.',
        en: 'We keep the booking for one year after the wedding.',
      },
    },
    classification: 'internal',
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        partyOne: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 2, maxLength: 200 },
            personalIdentityNumber: { type: 'string', format: 'personnummer' },
          },
          required: ['name', 'personalIdentityNumber'],
        },
        partyTwo: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 2, maxLength: 200 },
            personalIdentityNumber: { type: 'string', format: 'personnummer' },
          },
          required: ['name', 'personalIdentityNumber'],
        },
        impedimentCheckDone: { type: 'boolean', const: true },
        weddingTime: bookingAnswerSchema(WEDDING_TIMES),
        place: { type: 'string', enum: ['city-hall', 'other'] },
        bringOwnWitnesses: { type: 'boolean' },
        email: { type: 'string', format: 'email', maxLength: 254 },
        phone: { type: 'string', format: 'telefonnummer' },
      },
      required: [
        'partyOne',
        'partyTwo',
        'impedimentCheckDone',
        'place',
        'bringOwnWitnesses',
        'email',
        'phone',
      ],
      allOf: [
        {
          if: { properties: { place: { const: 'other' } }, required: ['place'] },
          then: {
            properties: { placeAddress: { type: 'string', minLength: 5, maxLength: 300 } },
            required: ['placeAddress'],
          },
        },
        {
          if: { properties: { bringOwnWitnesses: { const: true } }, required: ['bringOwnWitnesses'] },
          then: {
            properties: {
              witnesses: {
                type: 'object',
                properties: {
                  first: { type: 'string', minLength: 2, maxLength: 200 },
                  second: { type: 'string', minLength: 2, maxLength: 200 },
                },
                required: ['first', 'second'],
              },
            },
            required: ['witnesses'],
          },
        },
      ],
    },
    uiSchema: {
      impedimentCheckDone: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
      place: { 'ui:widget': 'select' },
      placeAddress: { 'ui:widget': 'textarea', 'ui:options': { rows: 2 } },
      bringOwnWitnesses: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
      email: { 'ui:options': { inputType: 'email' } },
      phone: { 'ui:options': { inputType: 'tel' } },
    },
    texts: {
      partyOne: {
        label: { sv: 'Du som bokar', en: 'You who book' },
        errorMessage: { sv: 'Fyll i dina uppgifter.', en: 'Fill in your details.' },
      },
      'partyOne.name': {
        label: { sv: 'Namn', en: 'Name' },
        errorMessage: { sv: 'Skriv ditt för- och efternamn.', en: 'Enter your first and last name.' },
      },
      'partyOne.personalIdentityNumber': {
        label: { sv: 'Personnummer', en: 'Personal identity number' },
        errorMessage: {
          sv: 'Skriv ditt personnummer med 12 siffror, ÅÅÅÅMMDD-NNNN.',
          en: 'Enter your personal identity number with 12 digits, YYYYMMDD-NNNN.',
        },
      },
      partyTwo: {
        label: { sv: 'Den du ska gifta dig med', en: 'The person you are marrying' },
        errorMessage: {
          sv: 'Fyll i uppgifterna om den du ska gifta dig med.',
          en: 'Fill in the details about the person you are marrying.',
        },
      },
      'partyTwo.name': {
        label: { sv: 'Namn', en: 'Name' },
        errorMessage: { sv: 'Skriv för- och efternamn.', en: 'Enter the first and last name.' },
      },
      'partyTwo.personalIdentityNumber': {
        label: { sv: 'Personnummer', en: 'Personal identity number' },
        errorMessage: {
          sv: 'Skriv personnumret med 12 siffror, ÅÅÅÅMMDD-NNNN.',
          en: 'Enter the personal identity number with 12 digits, YYYYMMDD-NNNN.',
        },
      },
      impedimentCheckDone: {
        label: {
          sv: 'Har ni fått intyg om hindersprövning från Skatteverket?',
          en: 'Have you got a certificate of no impediment from the Swedish Tax Agency?',
        },
        help: {
          sv: 'Ni ansöker om hindersprövning hos Skatteverket. Intyget gäller i fyra månader.',
          en: 'You apply for the impediment check at the Swedish Tax Agency. The certificate is valid for four months.',
        },
        errorMessage: {
          sv: 'Ni behöver ett intyg om hindersprövning från Skatteverket innan ni kan boka. Ansök hos Skatteverket först.',
          en: 'You need a certificate of no impediment from the Swedish Tax Agency before you can book. Apply to the Tax Agency first.',
        },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      weddingTime: {
        label: { sv: 'När vill ni gifta er?', en: 'When do you want to marry?' },
        help: {
          sv: 'Välj en ledig tid i vigselsalen eller med en vigselförrättare som kommer till er plats. Hittar ni ingen tid som passar kan ni hoppa över frågan, så kontaktar vi er.',
          en: 'Choose a free time in the wedding room or with an officiant who comes to your place. If no time suits you, you can skip the question and we will contact you.',
        },
        errorMessage: { sv: 'Välj en av de lediga tiderna.', en: 'Choose one of the free times.' },
      },
      'weddingTime.resource': {
        label: { sv: 'Plats eller vigselförrättare', en: 'Place or officiant' },
        errorMessage: { sv: 'Välj en av de lediga tiderna.', en: 'Choose one of the free times.' },
        options: Object.fromEntries(WEDDING_TIMES.resources.map((r) => [r.id, r.name])),
      },
      'weddingTime.start': {
        label: { sv: 'Tid', en: 'Time' },
        errorMessage: { sv: 'Välj en av de lediga tiderna.', en: 'Choose one of the free times.' },
      },
      place: {
        label: { sv: 'Var vill ni gifta er?', en: 'Where do you want to marry?' },
        errorMessage: { sv: 'Välj en plats.', en: 'Choose a place.' },
        options: {
          'city-hall': { sv: 'I stadshuset', en: 'In the city hall' },
          other: { sv: 'På en annan plats i kommunen', en: 'At another place in the municipality' },
        },
      },
      placeAddress: {
        label: { sv: 'Adress till platsen', en: 'Address of the place' },
        help: { sv: 'Skriv adressen eller beskriv var platsen är.', en: 'Write the address or describe where the place is.' },
        errorMessage: { sv: 'Skriv var platsen är, minst 5 tecken.', en: 'Write where the place is, at least 5 characters.' },
      },
      bringOwnWitnesses: {
        label: { sv: 'Tar ni med egna vittnen?', en: 'Will you bring your own witnesses?' },
        help: { sv: 'Ni behöver två vittnen. Om ni svarar nej ordnar vi vittnen.', en: 'You need two witnesses. If you answer no, we arrange witnesses.' },
        errorMessage: { sv: 'Välj ja eller nej.', en: 'Choose yes or no.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      witnesses: {
        label: { sv: 'Era vittnen', en: 'Your witnesses' },
        errorMessage: { sv: 'Skriv namnen på era två vittnen.', en: 'Enter the names of your two witnesses.' },
      },
      'witnesses.first': {
        label: { sv: 'Första vittnets namn', en: "First witness's name" },
        errorMessage: { sv: 'Skriv det första vittnets namn.', en: "Enter the first witness's name." },
      },
      'witnesses.second': {
        label: { sv: 'Andra vittnets namn', en: "Second witness's name" },
        errorMessage: { sv: 'Skriv det andra vittnets namn.', en: "Enter the second witness's name." },
      },
      email: {
        label: { sv: 'E-postadress', en: 'E-mail address' },
        help: { sv: 'Vi skickar bekräftelsen hit.', en: 'We send the confirmation here.' },
        errorMessage: {
          sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
          en: 'Enter an e-mail address, for example name@example.com.',
        },
      },
      phone: {
        label: { sv: 'Telefonnummer', en: 'Phone number' },
        errorMessage: { sv: 'Skriv ett telefonnummer, till exempel 070-123 45 67.', en: 'Enter a phone number, for example 070-123 45 67.' },
      },
    },
    fields: { weddingTime: { booking: WEDDING_TIMES } },
    steps: [
      {
        id: 'ni-som-gifter-er',
        title: { sv: 'Ni som gifter er', en: 'The couple' },
        fields: ['partyOne', 'partyTwo', 'impedimentCheckDone'],
      },
      {
        id: 'tid-och-plats',
        title: { sv: 'Tid och plats', en: 'Time and place' },
        fields: ['weddingTime', 'place', 'placeAddress'],
      },
      {
        id: 'vittnen-och-kontakt',
        title: { sv: 'Vittnen och kontakt', en: 'Witnesses and contact' },
        fields: ['bringOwnWitnesses', 'witnesses', 'email', 'phone'],
      },
    ],
  },
  prefill: [
    { field: 'partyOne.name', source: 'population-register', attribute: 'fullName', editable: false },
    { field: 'partyOne.personalIdentityNumber', source: 'population-register', attribute: 'personalIdentityNumber', editable: false },
  ],
  signing: { required: false },
  receipt: {
    email: true,
    emailField: 'email',
    message: {
      sv: 'Tack för er bokning. Vi bekräftar tiden och vigselförrättaren inom en vecka.',
      en: 'Thank you for your booking. We confirm the time and the officiant within a week.',
    },
    includeAnswers: true,
  },
  delivery: {
    connectors: [{ id: 'vigselbokningen', type: 'email', options: { to: 'vigsel@solbacka.example.se' } }],
  },
  benefit: { manualMinutesPerCase: 20, digitalMinutesPerCase: 5, costPerHourSek: 550, expectedCasesPerYear: 300 },
  accessibility: { feedback: { email: 'vigsel@solbacka.example.se', phone: '08-123 456 30' } },
  payment: { fee: { kind: 'fixed', amount: 600 }, description: { sv: 'Avgift för borgerlig vigsel', en: 'Civil wedding fee' }, payWithinMinutes: 30 },
};
