/**
 * The value under `id`, made once: a least-recently-used map of promises, so callers that come
 * while it is being made wait for the same one; a failure is forgotten, to be tried again.
 */
export function remembered<T>(cache: Map<string, Promise<T>>, id: string, capacity: number, make: () => Promise<T>): Promise<T> {
  const cached = cache.get(id);
  if (cached) {
    cache.delete(id);
    cache.set(id, cached); // most recently used last
    return cached;
  }
  const made = make();
  cache.set(id, made);
  made.catch(() => cache.delete(id));
  if (cache.size > capacity) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return made;
}
