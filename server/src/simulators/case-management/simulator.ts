import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from '../../http/html.js';

/**
 * A back-office (case management / registry) simulator for demo and tests, modelled on Public
 * 360's SIF JSON API: `POST <base>/CaseService/CreateCase|GetCases` and
 * `POST <base>/DocumentService/CreateDocument|GetDocuments`, authenticated by `?authkey=`.
 * Like a real registry it creates a new case for every CreateCase, even a repeated one: the
 * platform must not call it twice (it looks the case up by ExternalId first). Faults can be
 * switched on to test delivery: 500 answers, hanging requests, and a hang after the case is
 * created (the worst case: the case exists but the caller never hears of it). Never for production.
 */

export interface SimulatedCase {
  recno: number;
  caseNumber: string;
  title: string;
  caseType: string | undefined;
  externalId: string | undefined;
  responsibleUnit: string | undefined;
  responsiblePerson: string | undefined;
  createdAt: Date;
  raw: Record<string, unknown>;
}

export interface SimulatedDocument {
  recno: number;
  documentNumber: string;
  caseNumber: string;
  title: string;
  externalId: string | undefined;
  files: { title: string; format: string; bytes: Buffer }[];
}

/** 'fail': 500 at once; 'hang': no answer until the caller gives up; 'hang-after-create': create the case, then hang */
export type FaultMode = 'none' | 'fail' | 'hang' | 'hang-after-create';

export interface CaseManagementSimulator {
  /** Base URL for CASE_MANAGEMENT_URL (the services are under it) */
  url: string;
  /** The page listing cases and documents */
  pageUrl: string;
  authkey: string;
  cases: SimulatedCase[];
  documents: SimulatedDocument[];
  /** Every call received, including refused and failed ones */
  calls: { service: string; at: Date; fault: FaultMode }[];
  setFault(mode: FaultMode): void;
  /** Milliseconds every answer waits (to keep calls in flight) */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export interface CaseManagementSimulatorOptions {
  host?: string;
  port?: number;
  authkey?: string;
  /** Prefix of case numbers, e.g. "BOU" gives BOU 2026-000001 */
  series?: string;
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const externalIdOf = (value: unknown) => (typeof value === 'object' && value !== null ? str((value as Record<string, unknown>).Id) : undefined);

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 50 * 1024 * 1024) return undefined;
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startCaseManagementSimulator(options: CaseManagementSimulatorOptions = {}): Promise<CaseManagementSimulator> {
  const host = options.host ?? '127.0.0.1';
  const authkey = options.authkey ?? 'simulator-authkey';
  const series = options.series ?? 'KS';
  const cases: SimulatedCase[] = [];
  const documents: SimulatedDocument[] = [];
  const calls: CaseManagementSimulator['calls'] = [];
  const hanging = new Set<ServerResponse>();
  let fault: FaultMode = 'none';
  let delayMs = 0;
  let recno = 200000;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const hang = (res: ServerResponse) => {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
  };
  const year = () => new Date().getFullYear();

  const services: Record<string, (body: Record<string, unknown>) => { status: number; body: Record<string, unknown> }> = {
    'CaseService/CreateCase': (body) => {
      const title = str(body.Title);
      if (!title) return { status: 400, body: { Successful: false, ErrorMessage: 'Title is required' } };
      const created: SimulatedCase = {
        recno: ++recno,
        caseNumber: `${series} ${year()}-${String(cases.length + 1).padStart(6, '0')}`,
        title,
        caseType: str(body.CaseType),
        externalId: externalIdOf(body.ExternalId),
        responsibleUnit: str(body.ResponsibleEnterpriseName),
        responsiblePerson: str(body.ResponsiblePersonEmail),
        createdAt: new Date(),
        raw: body,
      };
      cases.push(created);
      return { status: 200, body: { Successful: true, Recno: created.recno, CaseNumber: created.caseNumber } };
    },
    'CaseService/GetCases': (body) => {
      const externalId = externalIdOf(body.ExternalId);
      const found = cases.filter((c) => (externalId ? c.externalId === externalId : true) && (str(body.CaseNumber) ? c.caseNumber === body.CaseNumber : true));
      return { status: 200, body: { Successful: true, TotalCount: found.length, Cases: found.map((c) => ({ Recno: c.recno, CaseNumber: c.caseNumber, Title: c.title, ExternalId: c.externalId ? { Id: c.externalId } : null })) } };
    },
    'DocumentService/CreateDocument': (body) => {
      const caseNumber = str(body.CaseNumber);
      if (!caseNumber || !cases.some((c) => c.caseNumber === caseNumber)) return { status: 400, body: { Successful: false, ErrorMessage: `No case ${caseNumber ?? ''}` } };
      const files = Array.isArray(body.Files) ? (body.Files as Record<string, unknown>[]) : [];
      const document: SimulatedDocument = {
        recno: ++recno,
        documentNumber: `${caseNumber}-${documents.filter((d) => d.caseNumber === caseNumber).length + 1}`,
        caseNumber,
        title: str(body.Title) ?? '',
        externalId: externalIdOf(body.ExternalId),
        files: files.map((f) => ({ title: str(f.Title) ?? '', format: str(f.Format) ?? '', bytes: Buffer.from(str(f.Base64Data) ?? '', 'base64') })),
      };
      documents.push(document);
      return { status: 200, body: { Successful: true, Recno: document.recno, DocumentNumber: document.documentNumber } };
    },
    'DocumentService/GetDocuments': (body) => {
      const found = documents.filter((d) => d.caseNumber === body.CaseNumber);
      return { status: 200, body: { Successful: true, TotalCount: found.length, Documents: found.map((d) => ({ Recno: d.recno, DocumentNumber: d.documentNumber, Title: d.title, ExternalId: d.externalId ? { Id: d.externalId } : null })) } };
    },
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      if (req.method === 'GET' && url.pathname === '/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page());
      const service = /^\/sif\/(\w+Service\/\w+)$/.exec(url.pathname)?.[1];
      const handler = service ? services[service] : undefined;
      if (req.method !== 'POST' || !service || !handler) return send(res, 404, { Successful: false, ErrorMessage: 'No such service' });
      const mode = fault;
      calls.push({ service, at: new Date(), fault: mode });
      if (url.searchParams.get('authkey') !== authkey) return send(res, 401, { Successful: false, ErrorMessage: 'Invalid authkey' });
      const body = await readJson(req);
      if (!body) return send(res, 400, { Successful: false, ErrorMessage: 'Body must be a JSON object' });
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (mode === 'fail') return send(res, 500, { Successful: false, ErrorMessage: 'Simulated server error' });
      if (mode === 'hang') return hang(res);
      const result = handler(body);
      if (mode === 'hang-after-create' && service.endsWith('/CreateCase')) return hang(res);
      send(res, result.status, result.body);
    })().catch(() => send(res, 500, { Successful: false, ErrorMessage: 'Simulator error' }));
  });

  const page = () => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Ärendehanteringssimulator</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}</style></head>
<body><h1>Ärendehanteringssimulator / Case management simulator</h1><p>SIF-liknande API (CaseService/CreateCase, DocumentService/CreateDocument) – ${cases.length} ärenden. Ladda om sidan för att se nya.</p>
<table><thead><tr><th>Diarienummer</th><th>Rubrik</th><th>Ärendetyp</th><th>Handläggande enhet</th><th>Handläggare</th><th>Dokument</th></tr></thead><tbody>${
    [...cases]
      .reverse()
      .map((c) => `<tr><td>${escapeHtml(c.caseNumber)}</td><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.caseType ?? '')}</td><td>${escapeHtml(c.responsibleUnit ?? '')}</td><td>${escapeHtml(c.responsiblePerson ?? '')}</td><td>${documents
        .filter((d) => d.caseNumber === c.caseNumber)
        .map((d) => `${escapeHtml(d.title)} (${d.files.map((f) => escapeHtml(f.title)).join(', ')})`)
        .join('<br>')}</td></tr>`)
      .join('') || '<tr><td colspan="6">Inga ärenden än.</td></tr>'
  }</tbody></table></body></html>`;

  server.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/sif`,
    pageUrl: `http://${host}:${port}/`,
    authkey,
    cases,
    documents,
    calls,
    setFault: (mode) => {
      fault = mode;
      // requests left hanging by an earlier mode are cut off, as a restarted server would
      if (mode === 'none') for (const res of hanging) res.destroy();
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
