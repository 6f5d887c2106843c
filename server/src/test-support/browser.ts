import { ANONYMOUS, call, type TestApp } from './app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A browser's cookie jar for login flows: sends what the app set, forgets what it cleared, and
 * nothing else (never the test administrator's staff login).
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** `app`: where each request goes (asked per request, so a test can move the browser between instances) */
  constructor(private readonly app: () => Pick<TestApp, 'baseUrl'>) {}

  /** `headers`: sent beside the cookies (a staff request's CSRF token) */
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await call(this.app().baseUrl, method, path, body, { ...headers, ...(cookie ? { cookie } : ANONYMOUS) });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value && !/Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }

  /** Polls a BankID order like the login page, until it has ended. */
  async pollUntilEnded(orderPath: string, headers: Record<string, string> = {}) {
    for (let attempt = 0; attempt < 40; attempt++) {
      const response = await this.call('GET', orderPath, undefined, headers);
      if (response.status !== 200 || response.body.status !== 'pending') return response;
      await sleep(250);
    }
    throw new Error('the order never ended');
  }
}
