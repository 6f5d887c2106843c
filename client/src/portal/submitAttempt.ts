/**
 * The Idempotency-Key of a submission: one per set of answers sent. A retry after a lost answer,
 * or a second click, sends the same content and so the same key, and the server answers with the
 * first receipt instead of making a second case; changed answers are a new attempt with a new key.
 */
export interface SubmitAttempt {
  /** What is sent (the request body), to tell a retry from a new attempt */
  content: string;
  key: string;
}

export function submitAttemptFor(previous: SubmitAttempt | null, content: string, newKey: () => string = randomUuid): SubmitAttempt {
  return previous?.content === content ? previous : { content, key: newKey() };
}

/**
 * A random (version 4) UUID. crypto.randomUUID exists only in secure contexts (https, or this
 * machine), so a portal reached over plain http elsewhere builds one from getRandomValues.
 */
export function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
