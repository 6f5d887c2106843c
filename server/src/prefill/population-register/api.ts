/**
 * The population register protocol, modelled on Skatteverket's "Folkbokföringsuppgifter för
 * offentliga aktörer" (Navet's REST API for public bodies, v3 `hamta`): a JSON POST naming the
 * order (beställning: the municipality's organisation number and the order id Skatteverket gave
 * it) and up to a few hundred identities (sökvillkor); the answer holds one folkbokföringspost per
 * person found and `fel` entries (orsakskod, orsakskodsbeskrivning) for what could not be answered.
 * Only the parts the platform reads are typed here. See
 * server/src/simulators/population-register/PROTOCOL.md.
 */

export const HAMTA_PATH = 'folkbokforing/folkbokforingsuppgifter-for-offentliga-aktorer/v3/hamta';
/** Simulator addition: a cheap authenticated liveness check (the real API is checked with a test identity). */
export const PING_PATH = 'folkbokforing/folkbokforingsuppgifter-for-offentliga-aktorer/v3/ping';
/** The API gateway's credentials travel as these two headers on every call. */
export const CLIENT_ID_HEADER = 'client_id';
export const CLIENT_SECRET_HEADER = 'client_secret';
/** A caller-chosen id the register echoes back and logs, to follow one call across both sides. */
export const CORRELATION_HEADER = 'skv_client_correlation_id';
/** Most identities one call may ask for. */
export const MAX_IDENTITIES_PER_CALL = 100;

export interface HamtaRequest {
  bestallning: { organisationsnummer: string; bestallningsidentitet: string };
  sokvillkor: { identitetsbeteckning: string }[];
}

export interface Felmeddelande {
  /** The identity the error concerns, when it concerns one */
  id?: string;
  orsakskod: number;
  orsakskodsbeskrivning: string;
}

export interface Datum {
  /** 2019-10-12 */
  rfc3339Datum: string;
  /** 20191012 */
  varde: string;
}

export type SkyddAvPersonuppgifter = 'SAKNAS' | 'SEKRETESSMARKERING' | 'SKYDDAD_FOLKBOKFORING';

/** Relation codes: B barn, V vårdnadshavare, MO mor, FA far, M make/maka, P registrerad partner */
export type Relationskod = 'B' | 'V' | 'MO' | 'FA' | 'M' | 'P';

export interface RelationTillFolkbokford {
  identitetsbeteckning: string;
  typ: { kod: Relationskod; beskrivning: string };
  avregistrering?: { orsakskod: string; orsakskodsbeskrivning: string };
}

export interface Folkbokforingspost {
  identitet: { identitetsbeteckning: string; typ: 'PERSONNUMMER' | 'SAMORDNINGSNUMMER'; status: { varde: 'AKTIVT' | 'AVREGISTRERAT' } };
  skyddAvPersonuppgifter: SkyddAvPersonuppgifter;
  namn: {
    fornamn: { namn: string };
    mellannamn?: { namn: string };
    efternamn: { namn: string };
    /** "Efternamn, Förnamn" as used on post */
    aviseringsnamn?: string;
  };
  fodelse?: { datum: Datum };
  folkbokforing?: {
    adress?: { careOf?: string; gatuadress?: string; adressfortsattning?: string; postnummer: string; postort?: string };
    kommunkod?: string;
    lanskod?: string;
  };
  relationerTillFolkbokforda?: RelationTillFolkbokford[];
  senastAndrad: { tidpunkt: string };
}

export interface HamtaResponse {
  folkbokforingsposter: Folkbokforingspost[];
  fel?: Felmeddelande[];
  status: number;
  tidpunkt: string;
}

export interface FelResponse {
  fel: Felmeddelande[];
  status: number;
  tidpunkt: string;
}

/** 12 digits, no hyphen: what the register takes and gives. */
export const IDENTITETSBETECKNING = /^\d{12}$/;
