import type { EServiceDefinition } from '../definition/format.js';

/** Ansökan om serveringstillstånd (alcohol serving licence) for a company; responsible persons as a repeating group. */
export const servingLicence: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'serveringstillstand',
  languages: ['sv', 'en'],
  catalogue: {
    title: { sv: 'Ansökan om serveringstillstånd', en: 'Apply for a licence to serve alcohol' },
    summary: {
      sv: 'Ansök om tillstånd att servera alkohol i en restaurang, till slutna sällskap eller vid catering. Du ansöker för ett företag.',
      en: 'Apply for a licence to serve alcohol in a restaurant, to closed companies or for catering. You apply for a company.',
    },
    topic: 'business',
    keywords: ['serveringstillstånd', 'alkohol', 'restaurang', 'alkohollagen', 'uteservering', 'catering'],
  },
  owner: {
    organisation: 'solbacka',
    department: 'miljo',
    contact: { name: 'Tillståndsenheten', email: 'alkoholtillstand@solbacka.example.se', phone: '08-123 456 50' },
  },
  access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: true },
  personalData: {
    collectsPersonalData: true,
    purpose: {
      sv: 'Vi använder uppgifterna för att pröva om företaget och personerna med betydande inflytande är lämpliga enligt alkohollagen.',
      en: 'We use the information to assess whether the company and the persons with significant influence are suitable under the Alcohol Act.',
    },
    legalBasis: 'public-task',
    retention: {
      period: 'P5Y',
      description: {
        sv: 'Vi sparar ansökan i fem år efter att tillståndet har upphört.',
        en: 'We keep the application for five years after the licence has ended.',
      },
    },
    classification: 'confidential',
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        organisationNumber: { type: 'string', format: 'organisationsnummer' },
        companyName: { type: 'string', minLength: 2, maxLength: 200 },
        email: { type: 'string', format: 'email', maxLength: 254 },
        phone: { type: 'string', format: 'telefonnummer' },
        restaurantName: { type: 'string', minLength: 2, maxLength: 200 },
        restaurantAddress: {
          type: 'object',
          properties: {
            street: { type: 'string', minLength: 2, maxLength: 200 },
            postalCode: { type: 'string', format: 'postnummer' },
            city: { type: 'string', minLength: 2, maxLength: 100 },
          },
          required: ['street', 'postalCode', 'city'],
        },
        licenceType: { type: 'string', enum: ['general-public', 'closed-company', 'catering'] },
        servingAreas: {
          type: 'array',
          items: { type: 'string', enum: ['indoor', 'outdoor'] },
          uniqueItems: true,
          minItems: 1,
        },
        servingEndTime: { type: 'string', enum: ['22:00', '23:00', '00:00', '01:00', '02:00', '03:00'] },
        responsiblePersons: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', minLength: 2, maxLength: 200 },
              personalIdentityNumber: { type: 'string', format: 'personnummer' },
              role: { type: 'string', enum: ['owner', 'board-member', 'managing-director', 'restaurant-manager'] },
            },
            required: ['name', 'personalIdentityNumber', 'role'],
          },
          minItems: 1,
          maxItems: 10,
        },
        knowledgeTestPassed: { type: 'boolean' },
      },
      required: [
        'organisationNumber',
        'companyName',
        'email',
        'phone',
        'restaurantName',
        'restaurantAddress',
        'licenceType',
        'servingAreas',
        'servingEndTime',
        'responsiblePersons',
        'knowledgeTestPassed',
      ],
    },
    uiSchema: {
      email: { 'ui:options': { inputType: 'email' } },
      phone: { 'ui:options': { inputType: 'tel' } },
      licenceType: { 'ui:widget': 'radio' },
      servingAreas: { 'ui:widget': 'checkboxes', 'ui:options': { inline: true } },
      servingEndTime: { 'ui:widget': 'select' },
      responsiblePersons: {
        'ui:options': { orderable: false },
        items: { role: { 'ui:widget': 'select' } },
      },
      knowledgeTestPassed: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
    },
    texts: {
      organisationNumber: {
        label: { sv: 'Organisationsnummer', en: 'Organisation number' },
        help: { sv: 'Skriv tio siffror, till exempel 556016-0680.', en: 'Write ten digits, for example 556016-0680.' },
        errorMessage: {
          sv: 'Skriv ett giltigt organisationsnummer, NNNNNN-NNNN.',
          en: 'Enter a valid organisation number, NNNNNN-NNNN.',
        },
      },
      companyName: {
        label: { sv: 'Företagets namn', en: 'Company name' },
        errorMessage: { sv: 'Skriv företagets namn.', en: 'Enter the company name.' },
      },
      email: {
        label: { sv: 'E-postadress', en: 'E-mail address' },
        help: { sv: 'Vi skickar frågor och beslut hit.', en: 'We send questions and the decision here.' },
        errorMessage: {
          sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
          en: 'Enter an e-mail address, for example name@example.com.',
        },
      },
      phone: {
        label: { sv: 'Telefonnummer', en: 'Phone number' },
        errorMessage: { sv: 'Skriv ett telefonnummer, till exempel 070-123 45 67.', en: 'Enter a phone number, for example 070-123 45 67.' },
      },
      restaurantName: {
        label: { sv: 'Restaurangens namn', en: 'Restaurant name' },
        errorMessage: { sv: 'Skriv restaurangens namn.', en: 'Enter the restaurant name.' },
      },
      restaurantAddress: {
        label: { sv: 'Restaurangens adress', en: 'Restaurant address' },
        errorMessage: { sv: 'Fyll i restaurangens adress.', en: "Fill in the restaurant's address." },
      },
      'restaurantAddress.street': {
        label: { sv: 'Gatuadress', en: 'Street address' },
        errorMessage: { sv: 'Skriv gatuadressen.', en: 'Enter the street address.' },
      },
      'restaurantAddress.postalCode': {
        label: { sv: 'Postnummer', en: 'Postal code' },
        errorMessage: { sv: 'Skriv ett postnummer med fem siffror.', en: 'Enter a five-digit postal code.' },
      },
      'restaurantAddress.city': {
        label: { sv: 'Ort', en: 'City' },
        errorMessage: { sv: 'Skriv orten.', en: 'Enter the city.' },
      },
      licenceType: {
        label: { sv: 'Vilket tillstånd söker ni?', en: 'Which licence are you applying for?' },
        errorMessage: { sv: 'Välj typ av tillstånd.', en: 'Choose a type of licence.' },
        options: {
          'general-public': { sv: 'Servering till allmänheten', en: 'Serving the general public' },
          'closed-company': { sv: 'Servering till slutna sällskap', en: 'Serving closed companies' },
          catering: { sv: 'Catering', en: 'Catering' },
        },
      },
      servingAreas: {
        label: { sv: 'Var ska ni servera?', en: 'Where will you serve?' },
        help: { sv: 'Välj ett eller båda.', en: 'Choose one or both.' },
        errorMessage: { sv: 'Välj inomhus, utomhus eller båda.', en: 'Choose indoors, outdoors or both.' },
        options: {
          indoor: { sv: 'Inomhus', en: 'Indoors' },
          outdoor: { sv: 'Uteservering', en: 'Outdoor seating' },
        },
      },
      servingEndTime: {
        label: { sv: 'Hur sent vill ni servera?', en: 'How late do you want to serve?' },
        help: {
          sv: 'Serveringen får pågå till klockan 01.00 om inte kommunen beslutar om en annan tid.',
          en: 'Serving may go on until 1 am unless the municipality decides on another time.',
        },
        errorMessage: { sv: 'Välj en sluttid.', en: 'Choose an end time.' },
        options: {
          '22:00': { sv: 'Till klockan 22.00', en: 'Until 10 pm' },
          '23:00': { sv: 'Till klockan 23.00', en: 'Until 11 pm' },
          '00:00': { sv: 'Till klockan 00.00', en: 'Until midnight' },
          '01:00': { sv: 'Till klockan 01.00', en: 'Until 1 am' },
          '02:00': { sv: 'Till klockan 02.00', en: 'Until 2 am' },
          '03:00': { sv: 'Till klockan 03.00', en: 'Until 3 am' },
        },
      },
      responsiblePersons: {
        label: { sv: 'Personer med betydande inflytande', en: 'Persons with significant influence' },
        help: {
          sv: 'Lägg till ägare, styrelseledamöter och den som leder serveringen. Vi prövar om de är lämpliga.',
          en: 'Add owners, board members and the person who runs the serving. We assess whether they are suitable.',
        },
        errorMessage: { sv: 'Lägg till mellan en och tio personer.', en: 'Add from one to ten persons.' },
      },
      'responsiblePersons.name': {
        label: { sv: 'Namn', en: 'Name' },
        errorMessage: { sv: 'Skriv personens för- och efternamn.', en: "Enter the person's first and last name." },
      },
      'responsiblePersons.personalIdentityNumber': {
        label: { sv: 'Personnummer', en: 'Personal identity number' },
        errorMessage: {
          sv: 'Skriv personens personnummer med 12 siffror, ÅÅÅÅMMDD-NNNN.',
          en: "Enter the person's personal identity number with 12 digits, YYYYMMDD-NNNN.",
        },
      },
      'responsiblePersons.role': {
        label: { sv: 'Roll', en: 'Role' },
        errorMessage: { sv: 'Välj personens roll.', en: "Choose the person's role." },
        options: {
          owner: { sv: 'Ägare', en: 'Owner' },
          'board-member': { sv: 'Styrelseledamot', en: 'Board member' },
          'managing-director': { sv: 'Vd', en: 'Managing director' },
          'restaurant-manager': { sv: 'Serveringsansvarig', en: 'Serving manager' },
        },
      },
      knowledgeTestPassed: {
        label: { sv: 'Har ni klarat kunskapsprovet?', en: 'Have you passed the knowledge test?' },
        help: {
          sv: 'Kunskapsprovet handlar om alkohollagen. Ni kan göra det medan vi handlägger ansökan.',
          en: 'The knowledge test is about the Alcohol Act. You can take it while we handle the application.',
        },
        errorMessage: { sv: 'Välj ja eller nej.', en: 'Choose yes or no.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
    },
    steps: [
      {
        id: 'foretaget',
        title: { sv: 'Företaget', en: 'The company' },
        fields: ['organisationNumber', 'companyName', 'email', 'phone'],
      },
      {
        id: 'serveringen',
        title: { sv: 'Serveringen', en: 'The serving' },
        fields: ['restaurantName', 'restaurantAddress', 'licenceType', 'servingAreas', 'servingEndTime'],
      },
      {
        id: 'personer',
        title: { sv: 'Personer och kunskapsprov', en: 'Persons and knowledge test' },
        fields: ['responsiblePersons', 'knowledgeTestPassed'],
      },
    ],
  },
  prefill: [],
  signing: {
    required: true,
    text: {
      sv: 'Jag ansöker om serveringstillstånd för företaget och intygar att uppgifterna stämmer.',
      en: 'I apply for a serving licence for the company and confirm that the information is correct.',
    },
  },
  receipt: {
    email: true,
    emailField: 'email',
    message: {
      sv: 'Tack för er ansökan. Handläggningen tar ungefär åtta veckor. Ni kan följa ärendet på Mina sidor.',
      en: 'Thank you for your application. Handling takes about eight weeks. You can follow the case on My pages.',
    },
    includeAnswers: false,
  },
  delivery: {
    connectors: [
      {
        id: 'tillstandsenheten',
        type: 'case-management',
        options: { caseType: 'MIL-ST', unit: 'Tillståndsenheten' },
      },
    ],
  },
  benefit: { manualMinutesPerCase: 90, digitalMinutesPerCase: 30, costPerHourSek: 650, expectedCasesPerYear: 150 },
  accessibility: { feedback: { email: 'alkoholtillstand@solbacka.example.se', phone: '08-123 456 50' } },
  payment: { fee: { kind: 'fixed', amount: 9800 }, description: { sv: 'Ansökningsavgift serveringstillstånd', en: 'Serving licence application fee' }, payWithinMinutes: 60 },
};
