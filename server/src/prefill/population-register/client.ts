import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { PrefillSourceError } from '../source.js';
import {
  CLIENT_ID_HEADER,
  CLIENT_SECRET_HEADER,
  CORRELATION_HEADER,
  HAMTA_PATH,
  PING_PATH,
  type FelResponse,
  type Folkbokforingspost,
  type HamtaRequest,
  type HamtaResponse,
} from './api.js';

export interface PopulationRegisterClientOptions {
  /** e.g. https://api.skatteverket.se (the path of the operation is appended) */
  baseUrl: string;
  /** The API gateway credentials, sent as client_id / client_secret headers */
  clientId: string;
  clientSecret: string;
  /** The order (beställning) Skatteverket registered for the municipality */
  organisationsnummer: string;
  bestallningsidentitet: string;
  /** Mutual TLS with the organisation certificate, as the production API requires (PEM) */
  tls?: { ca?: string; cert: string; key: string };
  /** Milliseconds before a call counts as failed; default 5 000 (a form waits for it). */
  timeoutMs?: number;
}

/** One person as the platform uses it; addresses are left out for persons with protected identity. */
export interface RegisterPerson {
  /** 12 digits */
  personalIdentityNumber: string;
  givenName: string;
  surname: string;
  fullName: string;
  /** SAKNAS unless the person has sekretessmarkering or skyddad folkbokföring */
  protection: Folkbokforingspost['skyddAvPersonuppgifter'];
  address?: { street: string; postalCode: string; city: string };
  /** Children (relation B) under 18 who are still registered */
  children: { personalIdentityNumber: string; givenName: string; surname: string; fullName: string }[];
}

/** Our client for the population register: one JSON POST per lookup (two when there are children, for their names). */
export class PopulationRegisterClient {
  private readonly baseUrl: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly timeoutMs: number;

  constructor(private readonly options: PopulationRegisterClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.agent =
      this.baseUrl.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 16, ...(options.tls ?? {}) })
        : new HttpAgent({ keepAlive: true, maxSockets: 16 });
  }

  /** The register's posts for these identities; identities it does not know are simply missing. */
  async hamta(identities: string[]): Promise<Folkbokforingspost[]> {
    const body: HamtaRequest = {
      bestallning: { organisationsnummer: this.options.organisationsnummer, bestallningsidentitet: this.options.bestallningsidentitet },
      sokvillkor: identities.map((identitetsbeteckning) => ({ identitetsbeteckning })),
    };
    const { status, json } = await this.call('POST', HAMTA_PATH, body);
    if (status === 200) return (json as HamtaResponse).folkbokforingsposter ?? [];
    if (status === 404) return [];
    const fel = (json as Partial<FelResponse> | undefined)?.fel?.[0];
    const what = fel ? `${fel.orsakskod} ${fel.orsakskodsbeskrivning}` : `HTTP ${status}`;
    throw new PrefillSourceError('population-register', status >= 500 || status === 429 ? 'unavailable' : 'refused', what, status);
  }

  /** One person with their children's names, or undefined when the register has no such person. */
  async person(personalIdentityNumber: string): Promise<RegisterPerson | undefined> {
    const [post] = await this.hamta([personalIdentityNumber]);
    if (!post) return undefined;
    const protectedIdentity = post.skyddAvPersonuppgifter !== 'SAKNAS';
    const childIds = protectedIdentity
      ? []
      : (post.relationerTillFolkbokforda ?? [])
          .filter((r) => r.typ.kod === 'B' && !r.avregistrering && isUnder18(r.identitetsbeteckning))
          .map((r) => r.identitetsbeteckning);
    const childPosts = childIds.length > 0 ? await this.hamta(childIds) : [];
    const adress = post.folkbokforing?.adress;
    return {
      ...names(post),
      protection: post.skyddAvPersonuppgifter,
      ...(!protectedIdentity && adress?.gatuadress
        ? { address: { street: adress.gatuadress, postalCode: formatPostalCode(adress.postnummer), city: titleCase(adress.postort ?? '') } }
        : {}),
      children: childIds.flatMap((id) => {
        const child = childPosts.find((p) => p.identitet.identitetsbeteckning === id);
        return child && child.skyddAvPersonuppgifter === 'SAKNAS' ? [names(child)] : [];
      }),
    };
  }

  /** Authenticated liveness: true when the register answers our credentials. */
  async ping(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      const { status } = await this.call('GET', PING_PATH);
      return status === 200 ? { ok: true } : { ok: false, reason: `HTTP ${status}` };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(path, this.baseUrl);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            [CLIENT_ID_HEADER]: this.options.clientId,
            [CLIENT_SECRET_HEADER]: this.options.clientSecret,
            [CORRELATION_HEADER]: randomUUID(),
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new PrefillSourceError('population-register', 'unavailable', error.message)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              // a proxy's error page: judged by the status alone
            }
            const status = res.statusCode ?? 0;
            if (status === 200 && json === undefined && method === 'POST') {
              reject(new PrefillSourceError('population-register', 'unavailable', `unreadable answer: ${text.slice(0, 200)}`, status));
              return;
            }
            resolve({ status, json });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => reject(new PrefillSourceError('population-register', 'unavailable', error.message)));
      req.end(payload);
    });
  }
}

function names(post: Folkbokforingspost) {
  const givenName = post.namn.fornamn.namn;
  const surname = [post.namn.mellannamn?.namn, post.namn.efternamn.namn].filter(Boolean).join(' ');
  return { personalIdentityNumber: post.identitet.identitetsbeteckning, givenName, surname, fullName: `${givenName} ${surname}` };
}

/** 12345 → 123 45, as Swedish addresses are written. */
export const formatPostalCode = (value: string) => value.replace(/\s/g, '').replace(/^(\d{3})(\d{2})$/, '$1 $2');

/** SOLBACKA → Solbacka, UPPLANDS VÄSBY → Upplands Väsby (the register writes places in capitals). */
export const titleCase = (value: string) => value.toLocaleLowerCase('sv').replace(/(^|[\s-])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toLocaleUpperCase('sv'));

function isUnder18(identity: string, now = new Date()): boolean {
  const year = Number(identity.slice(0, 4));
  const month = Number(identity.slice(4, 6));
  const day = Number(identity.slice(6, 8)) % 60;
  const eighteenth = new Date(Date.UTC(year + 18, month - 1, day));
  return now < eighteenth;
}
