import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPersonnummer } from '@etjanst/schemas';
import {
  CLIENT_ID_HEADER,
  CLIENT_SECRET_HEADER,
  CORRELATION_HEADER,
  HAMTA_PATH,
  IDENTITETSBETECKNING,
  MAX_IDENTITIES_PER_CALL,
  PING_PATH,
  type Felmeddelande,
  type Folkbokforingspost,
  type HamtaResponse,
  type Relationskod,
} from '../../prefill/population-register/api.js';
import { DEFAULT_REGISTER, type RegisterEntry } from './register.js';
import { stop } from '../servers.js';

export { DEFAULT_REGISTER, type RegisterEntry } from './register.js';

export interface PopulationRegisterSimulatorOptions {
  /** Address to listen on; default 127.0.0.1 */
  host?: string;
  /** Default a free port */
  port?: number;
  /** The API gateway credentials the simulator accepts; defaults are fixed demo values */
  clientId?: string;
  clientSecret?: string;
  register?: RegisterEntry[];
  /** Milliseconds since the epoch; for the tidpunkt of answers */
  clock?: () => number;
}

export interface PopulationRegisterSimulator {
  /** Base URL: the operation paths are appended (http://127.0.0.1:PORT/) */
  url: string;
  clientId: string;
  clientSecret: string;
  /** The order the demo municipality uses; the simulator accepts any well-formed order */
  order: { organisationsnummer: string; bestallningsidentitet: string };
  register: RegisterEntry[];
  close(): Promise<void>;
}

export const DEMO_CLIENT_ID = 'etjanst-demo';
export const DEMO_CLIENT_SECRET = 'demo-hemlighet-byt-i-produktion';
export const DEMO_ORDER = { organisationsnummer: '162120000001', bestallningsidentitet: '00000123-FO01-0001' };

const RELATION_TEXT: Record<Relationskod, string> = { B: 'Barn', V: 'Vårdnadshavare', MO: 'Mor', FA: 'Far', M: 'Make/maka', P: 'Registrerad partner' };
const BESTALLNINGSIDENTITET = /^[0-9A-Z-]{1,18}$/;

/**
 * A local population register speaking the protocol of Skatteverket's "Folkbokföringsuppgifter
 * för offentliga aktörer" (see PROTOCOL.md) over plain HTTP, with fictional persons. It checks
 * the API gateway credentials (401), the request (400) and answers 404 when nobody asked for exists.
 */
export async function startPopulationRegisterSimulator(options: PopulationRegisterSimulatorOptions = {}): Promise<PopulationRegisterSimulator> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? DEMO_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEMO_CLIENT_SECRET;
  const register = options.register ?? [...DEFAULT_REGISTER];
  const clock = options.clock ?? Date.now;
  const byId = new Map(register.map((entry) => [entry.personnummer, entry]));

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, fel(500, 'Tekniskt fel')));
  });

  const tidpunkt = () => new Date(clock()).toISOString();
  const fel = (status: number, beskrivning: string, id?: string) => ({
    fel: [{ ...(id ? { id } : {}), orsakskod: status, orsakskodsbeskrivning: beskrivning } satisfies Felmeddelande],
    status,
    tidpunkt: tidpunkt(),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const correlation = req.headers[CORRELATION_HEADER];
    if (typeof correlation === 'string') res.setHeader(CORRELATION_HEADER, correlation);
    const path = new URL(req.url ?? '/', 'http://simulator').pathname.replace(/^\/+/, '');
    if (path !== HAMTA_PATH && path !== PING_PATH) return send(res, 404, fel(404, 'Resursen finns inte'));
    if (!sameSecret(req.headers[CLIENT_ID_HEADER], clientId) || !sameSecret(req.headers[CLIENT_SECRET_HEADER], clientSecret)) {
      return send(res, 401, fel(401, 'Ej inloggad'));
    }
    if (path === PING_PATH) return req.method === 'GET' ? send(res, 200, { status: 200, tidpunkt: tidpunkt() }) : send(res, 405, fel(405, 'Metoden stöds inte'));
    if (req.method !== 'POST') return send(res, 405, fel(405, 'Metoden stöds inte'));
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return send(res, 415, fel(415, `Felaktigt anrop: saknar stöd för Content-Type '${req.headers['content-type'] ?? ''}'`));
    }
    const body = await readJson(req);
    const identities = validRequest(body);
    if (typeof identities === 'string') return send(res, 400, fel(400, 'Felaktigt anrop: indata ej korrekt ifyllt', identities || undefined));

    const posts: Folkbokforingspost[] = [];
    const missing: Felmeddelande[] = [];
    for (const id of identities) {
      const entry = byId.get(id);
      if (entry) posts.push(post(entry));
      else missing.push({ id, orsakskod: 404, orsakskodsbeskrivning: 'Ingen folkbokföringspost hittades' });
    }
    if (posts.length === 0) return send(res, 404, { fel: missing, status: 404, tidpunkt: tidpunkt() });
    const answer: HamtaResponse = { folkbokforingsposter: posts, ...(missing.length > 0 ? { fel: missing } : {}), status: 200, tidpunkt: tidpunkt() };
    send(res, 200, answer);
  }

  function post(entry: RegisterEntry): Folkbokforingspost {
    const d = entry.personnummer;
    return {
      identitet: { identitetsbeteckning: d, typ: Number(d.slice(6, 8)) > 60 ? 'SAMORDNINGSNUMMER' : 'PERSONNUMMER', status: { varde: 'AKTIVT' } },
      skyddAvPersonuppgifter: entry.skydd ?? 'SAKNAS',
      namn: {
        fornamn: { namn: entry.fornamn },
        ...(entry.mellannamn ? { mellannamn: { namn: entry.mellannamn } } : {}),
        efternamn: { namn: entry.efternamn },
        aviseringsnamn: `${entry.efternamn}, ${entry.fornamn}`,
      },
      fodelse: { datum: { rfc3339Datum: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, varde: d.slice(0, 8) } },
      folkbokforing: { adress: { ...entry.adress }, kommunkod: entry.kommunkod, lanskod: entry.kommunkod.slice(0, 2) },
      relationerTillFolkbokforda: (entry.relationer ?? []).map((r) => ({ identitetsbeteckning: r.personnummer, typ: { kod: r.kod, beskrivning: RELATION_TEXT[r.kod] } })),
      senastAndrad: { tidpunkt: '2024-01-01T00:00:00Z' },
    };
  }

  server.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { url: `http://${urlHost}:${port}/`, clientId, clientSecret, order: { ...DEMO_ORDER }, register, close: () => stop(server) };
}

/** The identities asked for, or a string (the offending identity, or '') when the request is malformed. */
function validRequest(body: unknown): string[] | string {
  if (typeof body !== 'object' || body === null) return '';
  const { bestallning, sokvillkor } = body as { bestallning?: unknown; sokvillkor?: unknown };
  const order = bestallning as { organisationsnummer?: unknown; bestallningsidentitet?: unknown } | null | undefined;
  if (typeof order !== 'object' || order === null) return '';
  if (typeof order.organisationsnummer !== 'string' || !/^\d{10,12}$/.test(order.organisationsnummer)) return '';
  if (typeof order.bestallningsidentitet !== 'string' || !BESTALLNINGSIDENTITET.test(order.bestallningsidentitet)) return '';
  if (!Array.isArray(sokvillkor) || sokvillkor.length === 0 || sokvillkor.length > MAX_IDENTITIES_PER_CALL) return '';
  const identities: string[] = [];
  for (const villkor of sokvillkor) {
    const id = (villkor as { identitetsbeteckning?: unknown } | null)?.identitetsbeteckning;
    if (typeof id !== 'string') return '';
    if (!IDENTITETSBETECKNING.test(id) || !isPersonnummer(id)) return id;
    identities.push(id);
  }
  return identities;
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 256 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
