import { dateFromToday } from '../validation/date-offset.js';

/**
 * A complete, valid answer set per shipped template, taking the conditional branches where there
 * are some: for tests, benchmarks and a designer's test fill.
 */
export const EXAMPLE_ANSWERS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  forskoleplats: {
    child: { personalIdentityNumber: '20230512-1234', givenName: 'Alva', surname: 'Berg' },
    guardian: {
      givenName: 'Tolvan',
      surname: 'Tolvansson',
      personalIdentityNumber: '19121212-1212',
      address: { street: 'Storgatan 1', postalCode: '123 45', city: 'Solbacka' },
      email: 'tolvan@example.se',
      phone: '070-123 45 67',
    },
    hasOtherGuardian: true,
    otherGuardian: { name: 'Kim Berg', personalIdentityNumber: '19900101-2385' },
    // at least four months from today (the template's earliestFromToday)
    startDate: dateFromToday({ months: 5 }),
    hoursPerWeek: 37.5,
    preferredPreschools: ['solrosen', 'ekbacken'],
    hasSpecialNeeds: true,
    specialNeedsDescription: 'Glutenfri kost på grund av celiaki.',
    consent: true,
  },
  vuxenutbildning: {
    applicant: {
      givenName: 'Tolvan',
      surname: 'Tolvansson',
      personalIdentityNumber: '19121212-1212',
      email: 'tolvan@example.se',
      phone: '+46 70 123 45 67',
    },
    courses: ['svenska-1', 'matematik-1a'],
    studyPace: 50,
    studyForm: 'distance',
    previousEducation: 'upper-secondary-incomplete',
    needsStudyGuidance: true,
    contactTime: 'afternoon',
    confirmation: true,
  },
  'borgerlig-vigsel': {
    partyOne: { name: 'Tolvan Tolvansson', personalIdentityNumber: '19121212-1212' },
    partyTwo: { name: 'Kim Berg', personalIdentityNumber: '19900101-2385' },
    impedimentCheckDone: true,
    place: 'other',
    placeAddress: 'Utsiktsberget, Solbacka',
    bringOwnWitnesses: true,
    witnesses: { first: 'Anna Ek', second: 'Bo Lind' },
    email: 'tolvan@example.se',
    phone: '070-123 45 67',
  },
  bygglov: {
    applicantType: 'company',
    company: { organisationNumber: '556016-0680', name: 'Solbacka Bygg AB' },
    contact: { name: 'Tolvan Tolvansson', email: 'tolvan@example.se', phone: '08-123 456 78' },
    propertyDesignation: 'Solbacka Eken 3:14',
    measureType: 'other',
    measureOther: 'Bygga ett plank',
    description: 'Ett plank mot gatan, 1,8 meter högt och 12 meter långt, i grått trä.',
    estimatedStart: '2026-09-01',
    hasControlOfficer: true,
    controlOfficerName: 'Karin Kontroll',
  },
  serveringstillstand: {
    organisationNumber: '556016-0680',
    companyName: 'Krogen i Solbacka AB',
    email: 'krogen@example.se',
    phone: '08-123 456 78',
    restaurantName: 'Krogen',
    restaurantAddress: { street: 'Torget 2', postalCode: '12345', city: 'Solbacka' },
    licenceType: 'general-public',
    servingAreas: ['indoor', 'outdoor'],
    servingEndTime: '01:00',
    responsiblePersons: [
      { name: 'Tolvan Tolvansson', personalIdentityNumber: '19121212-1212', role: 'owner' },
      { name: 'Kim Berg', personalIdentityNumber: '19900101-2385', role: 'restaurant-manager' },
    ],
    knowledgeTestPassed: false,
  },
  felanmalan: {
    category: 'lighting',
    location: 'Storgatan 12',
    description: 'Gatlampan utanför porten är trasig.',
    wantsAnswer: true,
    email: 'tolvan@example.se',
  },
};
