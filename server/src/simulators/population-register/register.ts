import type { Relationskod, SkyddAvPersonuppgifter } from '../../prefill/population-register/api.js';

/** One person in the simulated population register. Fictional: valid personnummer (Luhn, real dates), made-up people and places. */
export interface RegisterEntry {
  /** 12 digits */
  personnummer: string;
  fornamn: string;
  mellannamn?: string;
  efternamn: string;
  adress: { gatuadress: string; postnummer: string; postort: string };
  kommunkod: string;
  skydd?: SkyddAvPersonuppgifter;
  relationer?: { personnummer: string; kod: Relationskod }[];
}

const SOLBACKA = '0199';
const EKDALA = '0299';
const solrosvagen = { gatuadress: 'Solrosvägen 4', postnummer: '12345', postort: 'SOLBACKA' };
const ekbacksgatan = { gatuadress: 'Ekbacksgatan 12 B lgh 1101', postnummer: '12351', postort: 'SOLBACKA' };
const bjorkallen = { gatuadress: 'Björkallén 3', postnummer: '23460', postort: 'EKDALA' };
const storgatan = { gatuadress: 'Storgatan 21', postnummer: '12344', postort: 'SOLBACKA' };

/**
 * Everyone the e-ID simulators can log in as (BankID: Astrid, Erik, Maja; SAML: Tolvan, Anna,
 * Sara), each with an address, some with children, and the children themselves. Maja has
 * sekretessmarkering: the register gives her name but the platform must not use her address.
 */
export const DEFAULT_REGISTER: readonly RegisterEntry[] = [
  {
    personnummer: '199001012385',
    fornamn: 'Astrid',
    efternamn: 'Testsson',
    adress: solrosvagen,
    kommunkod: SOLBACKA,
    relationer: [
      { personnummer: '202103142382', kod: 'B' },
      { personnummer: '202309024574', kod: 'B' },
    ],
  },
  { personnummer: '202103142382', fornamn: 'Ella', efternamn: 'Testsson', adress: solrosvagen, kommunkod: SOLBACKA, relationer: [{ personnummer: '199001012385', kod: 'V' }] },
  { personnummer: '202309024574', fornamn: 'Noah', efternamn: 'Testsson', adress: solrosvagen, kommunkod: SOLBACKA, relationer: [{ personnummer: '199001012385', kod: 'V' }] },
  {
    personnummer: '198506129876',
    fornamn: 'Erik',
    efternamn: 'Provsson',
    adress: ekbacksgatan,
    kommunkod: SOLBACKA,
    relationer: [{ personnummer: '202006106310', kod: 'B' }],
  },
  { personnummer: '202006106310', fornamn: 'Liam', efternamn: 'Provsson', adress: ekbacksgatan, kommunkod: SOLBACKA, relationer: [{ personnummer: '198506129876', kod: 'V' }] },
  {
    personnummer: '199304249429',
    fornamn: 'Maja',
    efternamn: 'Exempeldotter',
    adress: { gatuadress: 'Ängsvägen 7', postnummer: '23456', postort: 'EKDALA' },
    kommunkod: EKDALA,
    skydd: 'SEKRETESSMARKERING',
  },
  { personnummer: '191212121212', fornamn: 'Tolvan', efternamn: 'Tolvansson', adress: { gatuadress: 'Tolvgatan 12', postnummer: '12340', postort: 'SOLBACKA' }, kommunkod: SOLBACKA },
  {
    personnummer: '198507099805',
    fornamn: 'Anna',
    efternamn: 'Svensson',
    adress: bjorkallen,
    kommunkod: EKDALA,
    relationer: [{ personnummer: '202201172844', kod: 'B' }],
  },
  { personnummer: '202201172844', fornamn: 'Wilma', efternamn: 'Svensson', adress: bjorkallen, kommunkod: EKDALA, relationer: [{ personnummer: '198507099805', kod: 'V' }] },
  {
    personnummer: '199303042346',
    fornamn: 'Sara',
    efternamn: 'Lindqvist',
    adress: storgatan,
    kommunkod: SOLBACKA,
    relationer: [{ personnummer: '202404055127', kod: 'B' }],
  },
  { personnummer: '202404055127', fornamn: 'Saga', efternamn: 'Lindqvist', adress: storgatan, kommunkod: SOLBACKA, relationer: [{ personnummer: '199303042346', kod: 'V' }] },
];
