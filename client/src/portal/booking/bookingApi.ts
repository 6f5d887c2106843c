import type { Slot } from '@etjanst/schemas';
import { deleteJson, getJson, postJson, segment } from '../../shared/api';

/** One free slot of a booking field, as the server lists it (Stockholm time). */
export type FreeSlot = Slot;

export interface HeldSlot {
  resource: string;
  start: string;
  end: string;
  heldUntil: string;
}

/** `bookings` is the version's `/bookings` path; each field has its slots and hold under it. */
const fieldPath = (bookings: string, field: string) => `${bookings}/${segment(field)}`;

export async function fetchFreeSlots(bookings: string, field: string, from: string, to: string, signal?: AbortSignal): Promise<FreeSlot[]> {
  const { items } = await getJson<{ items: FreeSlot[] }>(`${fieldPath(bookings, field)}/slots?from=${from}&to=${to}`, signal);
  return items;
}

export const holdSlot = (bookings: string, field: string, slot: { resource: string; start: string }): Promise<HeldSlot> =>
  postJson<HeldSlot>(`${fieldPath(bookings, field)}/hold`, slot);

export const releaseHold = (bookings: string, field: string): Promise<unknown> => deleteJson(`${fieldPath(bookings, field)}/hold`);
