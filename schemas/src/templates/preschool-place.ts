import type { EServiceDefinition } from '../definition/format.js';

/** Ansökan om förskoleplats: e-ID, prefill from the population register, signed by the guardians. */
export const preschoolPlace: EServiceDefinition = {
  formatVersion: '1.0',
  id: 'forskoleplats',
  languages: ['sv', 'en'],
  catalogue: {
    title: { sv: 'Ansökan om förskoleplats', en: 'Apply for a preschool place' },
    summary: {
      sv: 'Ansök om plats i förskola för ditt barn. Ansök minst fyra månader innan du behöver platsen. Du loggar in med e-legitimation.',
      en: 'Apply for a preschool place for your child. Apply at least four months before you need the place. You log in with an e-ID.',
    },
    topic: 'school',
    keywords: ['förskola', 'förskoleplats', 'barnomsorg', 'dagis', 'kö'],
  },
  owner: {
    organisation: 'solbacka',
    department: 'utbildning',
    contact: { name: 'Förskoleantagningen', email: 'forskoleantagning@solbacka.example.se', phone: '08-123 456 10' },
  },
  access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: false },
  personalData: {
    collectsPersonalData: true,
    purpose: {
      sv: 'Vi använder uppgifterna för att ge ditt barn en plats i förskolan och för att räkna ut avgiften.',
      en: 'We use the information to give your child a preschool place and to work out the fee.',
    },
    legalBasis: 'public-task',
    retention: {
      period: 'P3Y',
      description: {
        sv: 'Vi sparar ansökan i tre år efter att placeringen har upphört.',
        en: 'We keep the application for three years after the placement has ended.',
      },
    },
    classification: 'confidential',
  },
  form: {
    schema: {
      type: 'object',
      properties: {
        child: {
          type: 'object',
          properties: {
            personalIdentityNumber: { type: 'string', format: 'personnummer' },
            givenName: { type: 'string', minLength: 1, maxLength: 100 },
            surname: { type: 'string', minLength: 1, maxLength: 100 },
          },
          required: ['personalIdentityNumber', 'givenName', 'surname'],
        },
        guardian: {
          type: 'object',
          properties: {
            givenName: { type: 'string', minLength: 1, maxLength: 100 },
            surname: { type: 'string', minLength: 1, maxLength: 100 },
            personalIdentityNumber: { type: 'string', format: 'personnummer' },
            address: {
              type: 'object',
              properties: {
                street: { type: 'string', minLength: 2, maxLength: 200 },
                postalCode: { type: 'string', format: 'postnummer' },
                city: { type: 'string', minLength: 2, maxLength: 100 },
              },
              required: ['street', 'postalCode', 'city'],
            },
            email: { type: 'string', format: 'email', maxLength: 254 },
            phone: { type: 'string', format: 'telefonnummer' },
          },
          required: ['givenName', 'surname', 'personalIdentityNumber', 'address', 'email', 'phone'],
        },
        hasOtherGuardian: { type: 'boolean' },
        // the Education Act: a place is offered within four months of applying
        startDate: { type: 'string', format: 'date', earliestFromToday: { months: 4 } },
        hoursPerWeek: { type: 'number', minimum: 1, maximum: 50 },
        preferredPreschools: {
          type: 'array',
          items: { type: 'string', enum: ['solrosen', 'ekbacken', 'lilla-bjornen', 'tallgarden', 'angsbacken'] },
          uniqueItems: true,
          minItems: 1,
          maxItems: 3,
        },
        hasSpecialNeeds: { type: 'boolean' },
        consent: { type: 'boolean', const: true },
      },
      required: [
        'child',
        'guardian',
        'hasOtherGuardian',
        'startDate',
        'hoursPerWeek',
        'preferredPreschools',
        'hasSpecialNeeds',
        'consent',
      ],
      allOf: [
        {
          if: { properties: { hasOtherGuardian: { const: true } }, required: ['hasOtherGuardian'] },
          then: {
            properties: {
              otherGuardian: {
                type: 'object',
                properties: {
                  name: { type: 'string', minLength: 2, maxLength: 200 },
                  personalIdentityNumber: { type: 'string', format: 'personnummer' },
                },
                required: ['name', 'personalIdentityNumber'],
              },
            },
            required: ['otherGuardian'],
          },
        },
        {
          if: { properties: { hasSpecialNeeds: { const: true } }, required: ['hasSpecialNeeds'] },
          then: {
            properties: { specialNeedsDescription: { type: 'string', minLength: 10, maxLength: 4000 } },
            required: ['specialNeedsDescription'],
          },
        },
      ],
    },
    uiSchema: {
      guardian: {
        email: { 'ui:options': { inputType: 'email' } },
        phone: { 'ui:options': { inputType: 'tel' } },
      },
      hasOtherGuardian: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
      preferredPreschools: { 'ui:widget': 'checkboxes' },
      hasSpecialNeeds: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
      specialNeedsDescription: { 'ui:widget': 'textarea', 'ui:options': { rows: 5 } },
      consent: { 'ui:widget': 'checkbox' },
    },
    texts: {
      child: {
        label: { sv: 'Barnet', en: 'The child' },
        errorMessage: { sv: 'Fyll i uppgifterna om barnet.', en: 'Fill in the details about the child.' },
      },
      'child.personalIdentityNumber': {
        label: { sv: 'Barnets personnummer', en: "The child's personal identity number" },
        help: { sv: 'Skriv 12 siffror, till exempel 20230512-1234.', en: 'Write 12 digits, for example 20230512-1234.' },
        errorMessage: {
          sv: 'Skriv barnets personnummer med 12 siffror, ÅÅÅÅMMDD-NNNN.',
          en: "Enter the child's personal identity number with 12 digits, YYYYMMDD-NNNN.",
        },
      },
      'child.givenName': {
        label: { sv: 'Barnets förnamn', en: "The child's first name" },
        errorMessage: { sv: 'Skriv barnets förnamn.', en: "Enter the child's first name." },
      },
      'child.surname': {
        label: { sv: 'Barnets efternamn', en: "The child's last name" },
        errorMessage: { sv: 'Skriv barnets efternamn.', en: "Enter the child's last name." },
      },
      guardian: {
        label: { sv: 'Du som är vårdnadshavare', en: 'You, the guardian' },
        errorMessage: { sv: 'Fyll i dina uppgifter.', en: 'Fill in your details.' },
      },
      'guardian.givenName': {
        label: { sv: 'Förnamn', en: 'First name' },
        errorMessage: { sv: 'Skriv ditt förnamn.', en: 'Enter your first name.' },
      },
      'guardian.surname': {
        label: { sv: 'Efternamn', en: 'Last name' },
        errorMessage: { sv: 'Skriv ditt efternamn.', en: 'Enter your last name.' },
      },
      'guardian.personalIdentityNumber': {
        label: { sv: 'Ditt personnummer', en: 'Your personal identity number' },
        errorMessage: {
          sv: 'Skriv ditt personnummer med 12 siffror, ÅÅÅÅMMDD-NNNN.',
          en: 'Enter your personal identity number with 12 digits, YYYYMMDD-NNNN.',
        },
      },
      'guardian.address': {
        label: { sv: 'Din adress', en: 'Your address' },
        errorMessage: { sv: 'Fyll i din adress.', en: 'Fill in your address.' },
        help: {
          sv: 'Vi har hämtat adressen från folkbokföringen. Ändra den om den inte stämmer.',
          en: 'We took the address from the population register. Change it if it is wrong.',
        },
      },
      'guardian.address.street': {
        label: { sv: 'Gatuadress', en: 'Street address' },
        errorMessage: { sv: 'Skriv din gatuadress.', en: 'Enter your street address.' },
      },
      'guardian.address.postalCode': {
        label: { sv: 'Postnummer', en: 'Postal code' },
        errorMessage: { sv: 'Skriv ett postnummer med fem siffror.', en: 'Enter a five-digit postal code.' },
      },
      'guardian.address.city': {
        label: { sv: 'Ort', en: 'City' },
        errorMessage: { sv: 'Skriv din ort.', en: 'Enter your city.' },
      },
      'guardian.email': {
        label: { sv: 'E-postadress', en: 'E-mail address' },
        help: { sv: 'Vi skickar kvittens och erbjudande om plats hit.', en: 'We send the receipt and the offer of a place here.' },
        errorMessage: {
          sv: 'Skriv en e-postadress, till exempel namn@exempel.se.',
          en: 'Enter an e-mail address, for example name@example.com.',
        },
      },
      'guardian.phone': {
        label: { sv: 'Telefonnummer', en: 'Phone number' },
        errorMessage: { sv: 'Skriv ett telefonnummer, till exempel 070-123 45 67.', en: 'Enter a phone number, for example 070-123 45 67.' },
      },
      hasOtherGuardian: {
        label: {
          sv: 'Finns det en annan vårdnadshavare i hushållet?',
          en: 'Is there another guardian in the household?',
        },
        help: {
          sv: 'Om ni är två vårdnadshavare ska ni båda skriva under ansökan.',
          en: 'If there are two guardians, both of you must sign the application.',
        },
        errorMessage: { sv: 'Välj ja eller nej.', en: 'Choose yes or no.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      otherGuardian: {
        label: { sv: 'Den andra vårdnadshavaren', en: 'The other guardian' },
        errorMessage: {
          sv: 'Fyll i uppgifterna om den andra vårdnadshavaren.',
          en: 'Fill in the details about the other guardian.',
        },
      },
      'otherGuardian.name': {
        label: { sv: 'Namn', en: 'Name' },
        errorMessage: { sv: 'Skriv den andra vårdnadshavarens namn.', en: "Enter the other guardian's name." },
      },
      'otherGuardian.personalIdentityNumber': {
        label: { sv: 'Personnummer', en: 'Personal identity number' },
        help: {
          sv: 'Den andra vårdnadshavaren får ett meddelande om att skriva under.',
          en: 'The other guardian gets a message asking them to sign.',
        },
        errorMessage: {
          sv: 'Skriv den andra vårdnadshavarens personnummer med 12 siffror.',
          en: "Enter the other guardian's personal identity number with 12 digits.",
        },
      },
      startDate: {
        label: { sv: 'Från vilket datum behöver barnet plats?', en: 'From which date does the child need a place?' },
        help: {
          sv: 'Ansök minst fyra månader innan. Barnet kan börja tidigast vid ett års ålder.',
          en: 'Apply at least four months before. The child can start at one year of age at the earliest.',
        },
        errorMessage: { sv: 'Välj ett datum, ÅÅÅÅ-MM-DD.', en: 'Choose a date, YYYY-MM-DD.' },
      },
      hoursPerWeek: {
        label: { sv: 'Hur många timmar i veckan?', en: 'How many hours a week?' },
        help: {
          sv: 'Räkna med tiden du arbetar eller studerar och restiden.',
          en: 'Count the time you work or study and the travel time.',
        },
        errorMessage: { sv: 'Skriv ett antal timmar mellan 1 och 50.', en: 'Enter a number of hours from 1 to 50.' },
      },
      preferredPreschools: {
        label: { sv: 'Vilka förskolor önskar du?', en: 'Which preschools do you want?' },
        help: { sv: 'Välj en till tre förskolor.', en: 'Choose one to three preschools.' },
        errorMessage: { sv: 'Välj en, två eller tre förskolor.', en: 'Choose one, two or three preschools.' },
        options: {
          solrosen: { sv: 'Solrosens förskola', en: 'Solrosen preschool' },
          ekbacken: { sv: 'Ekbackens förskola', en: 'Ekbacken preschool' },
          'lilla-bjornen': { sv: 'Förskolan Lilla Björnen', en: 'Lilla Björnen preschool' },
          tallgarden: { sv: 'Tallgårdens förskola', en: 'Tallgården preschool' },
          angsbacken: { sv: 'Ängsbackens förskola', en: 'Ängsbacken preschool' },
        },
      },
      hasSpecialNeeds: {
        label: { sv: 'Har barnet behov av särskilt stöd?', en: 'Does the child need special support?' },
        help: {
          sv: 'Till exempel en sjukdom, en funktionsnedsättning eller särskild kost.',
          en: 'For example an illness, a disability or a special diet.',
        },
        errorMessage: { sv: 'Välj ja eller nej.', en: 'Choose yes or no.' },
        options: { true: { sv: 'Ja', en: 'Yes' }, false: { sv: 'Nej', en: 'No' } },
      },
      specialNeedsDescription: {
        label: { sv: 'Beskriv barnets behov', en: "Describe the child's needs" },
        help: {
          sv: 'Skriv det som förskolan behöver veta. Det du skriver är hemligt för andra.',
          en: 'Write what the preschool needs to know. The information is confidential.',
        },
        errorMessage: { sv: 'Beskriv behovet med minst 10 tecken.', en: 'Describe the need in at least 10 characters.' },
      },
      consent: {
        label: {
          sv: 'Jag intygar att uppgifterna stämmer',
          en: 'I confirm that the information is correct',
        },
        errorMessage: {
          sv: 'Du behöver intyga att uppgifterna stämmer.',
          en: 'You need to confirm that the information is correct.',
        },
      },
    },
    steps: [
      { id: 'barnet', title: { sv: 'Barnet', en: 'The child' }, fields: ['child'] },
      { id: 'vardnadshavare', title: { sv: 'Vårdnadshavare', en: 'Guardian' }, fields: ['guardian'] },
      {
        id: 'annan-vardnadshavare',
        title: { sv: 'Annan vårdnadshavare', en: 'Other guardian' },
        fields: ['hasOtherGuardian', 'otherGuardian'],
      },
      {
        id: 'onskemal',
        title: { sv: 'Önskemål', en: 'Wishes' },
        fields: [
          'startDate',
          'hoursPerWeek',
          'preferredPreschools',
          'hasSpecialNeeds',
          'specialNeedsDescription',
          'consent',
        ],
      },
    ],
  },
  prefill: [
    { field: 'guardian.personalIdentityNumber', source: 'population-register', attribute: 'personalIdentityNumber', editable: false },
    { field: 'guardian.givenName', source: 'population-register', attribute: 'givenName', editable: false },
    { field: 'guardian.surname', source: 'population-register', attribute: 'surname', editable: false },
    { field: 'guardian.address.street', source: 'population-register', attribute: 'streetAddress', editable: true },
    { field: 'guardian.address.postalCode', source: 'population-register', attribute: 'postalCode', editable: true },
    { field: 'guardian.address.city', source: 'population-register', attribute: 'city', editable: true },
  ],
  signing: {
    required: true,
    text: {
      sv: 'Jag ansöker om förskoleplats för barnet och intygar att uppgifterna stämmer.',
      en: 'I apply for a preschool place for the child and confirm that the information is correct.',
    },
    coSignerFields: ['otherGuardian.personalIdentityNumber'],
  },
  receipt: {
    email: true,
    emailField: 'guardian.email',
    message: {
      sv: 'Tack för din ansökan. Du får ett erbjudande om plats senast fyra månader efter att vi fått ansökan. Du kan följa ärendet på Mina sidor.',
      en: 'Thank you for your application. You get an offer of a place at the latest four months after we received it. You can follow the case on My pages.',
    },
    includeAnswers: false,
  },
  delivery: {
    connectors: [
      {
        id: 'forskoleantagningen',
        type: 'case-management',
        options: { caseType: 'BOU-FSK', unit: 'Förskoleantagningen' },
      },
    ],
  },
  benefit: { manualMinutesPerCase: 35, digitalMinutesPerCase: 10, costPerHourSek: 600, expectedCasesPerYear: 4000 },
  accessibility: { feedback: { email: 'forskoleantagning@solbacka.example.se', phone: '08-123 456 10' } },
};
