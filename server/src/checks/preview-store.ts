import { randomBytes } from 'node:crypto';
import type { EServiceDefinition } from '@etjanst/schemas';

/** How long a preview stays readable: long enough for one browser scan. */
export const PREVIEW_TTL_MS = 5 * 60_000;
const MAX_PREVIEWS = 200;

/**
 * Short-lived previews of not-yet-published definitions, for the browser scan to render with the
 * portal's components. In memory: a preview is only read by this process's own scan. The token
 * is random and unguessable, so a preview is not listed or found by anyone else.
 */
export class PreviewStore {
  private readonly previews = new Map<string, { definition: EServiceDefinition; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  put(definition: EServiceDefinition): string {
    this.prune();
    const token = randomBytes(18).toString('base64url');
    this.previews.set(token, { definition, expires: this.now() + PREVIEW_TTL_MS });
    return token;
  }

  get(token: string): EServiceDefinition | undefined {
    const preview = this.previews.get(token);
    if (!preview || preview.expires <= this.now()) return undefined;
    return preview.definition;
  }

  delete(token: string): void {
    this.previews.delete(token);
  }

  private prune(): void {
    const now = this.now();
    for (const [token, preview] of this.previews) if (preview.expires <= now) this.previews.delete(token);
    // a flood of scans must not grow memory without bound: the oldest go first
    while (this.previews.size >= MAX_PREVIEWS) this.previews.delete(this.previews.keys().next().value!);
  }
}
