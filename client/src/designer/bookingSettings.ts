import { BookingConfigSchema, type BookingConfig } from '@etjanst/schemas';

/** The whole-number settings of a booking field, with the bounds the definition format sets. */
export const NUMBER_SETTINGS = ['slotMinutes', 'capacity', 'bookAheadDays', 'minNoticeHours', 'cancelBeforeHours', 'holdMinutes'] as const;
export type NumberSetting = (typeof NUMBER_SETTINGS)[number];

export function boundsOf(setting: NumberSetting): { min: number; max: number } {
  const schema = BookingConfigSchema.properties[setting] as { minimum: number; maximum: number };
  return { min: schema.minimum, max: schema.maximum };
}

/** A typed whole number within the setting's bounds, or undefined (the panel then says why and keeps the old value). */
export function numberSetting(setting: NumberSetting, text: string): number | undefined {
  const { min, max } = boundsOf(setting);
  if (!/^\s*\d{1,6}\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (text: string) => DATE.test(text) && !Number.isNaN(Date.parse(text)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** Closed days typed one a line: the dates, sorted and without repeats, and the lines that are none. */
export function closedDatesOf(text: string): { dates: string[]; bad: string[] } {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return { dates: [...new Set(lines.filter(isDate))].sort(), bad: lines.filter((line) => !isDate(line)) };
}

export const RESOURCE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The configuration with one setting changed: a small helper so the panel never mutates what it was given. */
export const withSetting = <K extends keyof BookingConfig>(config: BookingConfig, key: K, value: BookingConfig[K]): BookingConfig => ({ ...config, [key]: value });
