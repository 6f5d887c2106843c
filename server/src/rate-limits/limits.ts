/**
 * The abuse limits: what is limited, and how much. Each limit counts hits per client address and,
 * where the caller is logged in, per identity, in fixed windows.
 */
export const RATE_LIMIT_NAMES = ['e-id-start', 'staff-sign-in', 'submission', 'upload', 'draft-save', 'check', 'rating', 'step-event', 'booking-hold'] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/** At most `points` hits in `seconds`. */
export interface RateLimitRule {
  points: number;
  seconds: number;
}

export interface RateLimit {
  perAddress: RateLimitRule;
  /** For a logged-in caller (citizen or staff); a caller without a login is counted by address only */
  perIdentity?: RateLimitRule | undefined;
}

export type RateLimitSettings = { enabled: true; limits: Record<RateLimitName, RateLimit> } | { enabled: false };

/**
 * Defaults sized for people, with room for a household or an office behind one address: a
 * citizen submits a few forms an hour, a designer runs a check now and then. Each BankID start is
 * a mutual-TLS call to the BankID service, hence the tighter login limits.
 */
export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimit> = {
  'e-id-start': { perAddress: { points: 20, seconds: 60 }, perIdentity: { points: 20, seconds: 60 } },
  'staff-sign-in': { perAddress: { points: 20, seconds: 60 } },
  submission: { perAddress: { points: 60, seconds: 60 }, perIdentity: { points: 10, seconds: 60 } },
  upload: { perAddress: { points: 120, seconds: 60 }, perIdentity: { points: 60, seconds: 60 } },
  'draft-save': { perAddress: { points: 240, seconds: 60 }, perIdentity: { points: 120, seconds: 60 } },
  check: { perAddress: { points: 20, seconds: 60 }, perIdentity: { points: 10, seconds: 60 } },
  // the portal's anonymous feedback: a rating after each receipt, a step event on each step shown
  rating: { perAddress: { points: 30, seconds: 600 } },
  'step-event': { perAddress: { points: 600, seconds: 60 } },
  // each hold of a slot locks the slot's row: a citizen picking slots (debounced by the picker) needs a few a minute
  'booking-hold': { perAddress: { points: 120, seconds: 60 }, perIdentity: { points: 20, seconds: 60 } },
};

const envName = (name: RateLimitName) => `RATE_LIMIT_${name.toUpperCase().replace(/-/g, '_')}`;
const RULE = /^(\d{1,6})\/(\d{1,6})$/;

function parseRule(text: string, variable: string, problems: string[]): RateLimitRule | undefined {
  const match = RULE.exec(text.trim());
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || points < 1 || seconds < 1 || seconds > 86_400) {
    problems.push(`${variable} must be "<hits>/<seconds>" for the address, optionally ",<hits>/<seconds>" for the identity, e.g. "60/60,10/60"; got "${text}"`);
    return undefined;
  }
  return { points, seconds };
}

/**
 * RATE_LIMITS=off turns every limit off (a test installation behind its own limits); each
 * RATE_LIMIT_<NAME> ("60/60,10/60": per address, then per identity) replaces that limit's default.
 */
export function parseRateLimits(env: Record<string, string | undefined>, problems: string[]): RateLimitSettings {
  const switchValue = env.RATE_LIMITS ?? 'on';
  if (!['on', 'off'].includes(switchValue)) problems.push(`RATE_LIMITS must be on or off, got "${switchValue}"`);
  if (switchValue === 'off') return { enabled: false };
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const name of RATE_LIMIT_NAMES) {
    const raw = env[envName(name)];
    if (raw === undefined || raw.trim() === '') continue;
    const [address, identity, ...rest] = raw.split(',');
    if (rest.length > 0) problems.push(`${envName(name)} has more than two rules: "${raw}"`);
    const perAddress = parseRule(address ?? '', envName(name), problems);
    const perIdentity = identity === undefined ? limits[name].perIdentity : parseRule(identity, envName(name), problems);
    if (perAddress) limits[name] = { perAddress, perIdentity };
  }
  return { enabled: true, limits };
}
