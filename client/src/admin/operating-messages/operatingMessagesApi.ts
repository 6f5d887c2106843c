import type { LoaderFunctionArgs } from 'react-router';
import { STAFF_PAGES, staffLoader } from '../../staff/access';
import { deleteJson, fetchMunicipalities, getJson, postJson, segment } from '../../shared/api';
import type { AdminEService } from '../adminApi';

export type NoticeKind = 'disruption' | 'maintenance';
export const NOTICE_KINDS: readonly NoticeKind[] = ['disruption', 'maintenance'];

export interface OperatingMessage {
  id: string;
  scope: 'installation' | 'municipality' | 'eservice';
  eserviceId: string | null;
  kind: NoticeKind;
  title: { sv: string; en: string };
  body: { sv: string; en: string };
  startsAt: string;
  endsAt: string;
}

export interface NewOperatingMessage {
  kind: NoticeKind;
  title: { sv: string; en: string };
  body: { sv: string; en: string };
  /** ISO 8601 with the time zone; undefined when not given (the API then names the field) */
  startsAt: string | undefined;
  endsAt: string | undefined;
  /** none: every page of the municipality */
  eserviceId?: string;
}

const messagesPath = (municipality: string) => `/api/municipalities/${segment(municipality)}/operating-messages`;

/** The municipality, its notices in force or coming, and its e-services (to narrow a notice to one). */
export const operatingMessagesLoader = staffLoader(STAFF_PAGES.operatingMessages, async ({ params, request }: LoaderFunctionArgs) => {
  const id = params.municipality ?? '';
  const [municipalities, messages, eservices] = await Promise.all([
    fetchMunicipalities(request.signal),
    getJson<{ items: OperatingMessage[] }>(messagesPath(id), request.signal),
    getJson<{ items: Pick<AdminEService, 'id' | 'title'>[] }>(`/api/municipalities/${segment(id)}/eservices`, request.signal),
  ]);
  return { municipality: municipalities.find((m) => m.id === id), messages: messages.items, eservices: eservices.items };
});

export const postOperatingMessage = (municipality: string, message: NewOperatingMessage) => postJson<OperatingMessage>(messagesPath(municipality), message);

export const withdrawOperatingMessage = (municipality: string, id: string) => deleteJson(`${messagesPath(municipality)}/${segment(id)}`);

/** A datetime-local value (the browser's time zone) as an instant; undefined when empty or unreadable. */
export function instantOf(local: string): string | undefined {
  const date = local ? new Date(local) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** An instant as a datetime-local value in the browser's time zone, to the minute. */
export function localInputOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
