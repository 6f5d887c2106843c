import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

const provider = { id: 'ekdala', name: { sv: 'Ekdala kommun', en: 'Ekdala Municipality' }, issuer: 'https://login.ekdala.example.se/realms/staff', clientId: 'etjanst', clientSecret: 's3cret' };
const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('STAFF_OIDC_PROVIDERS', () => {
  it('has no providers and a 10 second timeout by default', () => {
    expect(loadConfig({}).staffOidc).toEqual({ providers: [], timeoutSeconds: 10 });
  });

  it('reads a list of providers, with groups as the default groups claim', () => {
    const config = loadConfig({
      STAFF_OIDC_PROVIDERS: JSON.stringify([provider, { ...provider, id: 'lokal', issuer: 'http://127.0.0.1:9000', groupsClaim: 'roles' }]),
      STAFF_OIDC_TIMEOUT_SECONDS: '5',
    });
    expect(config.staffOidc).toEqual({ providers: [{ ...provider, groupsClaim: 'groups' }, { ...provider, id: 'lokal', issuer: 'http://127.0.0.1:9000', groupsClaim: 'roles' }], timeoutSeconds: 5 });
  });

  it('names every mistake: not JSON, not a list', () => {
    expect(problemsOf({ STAFF_OIDC_PROVIDERS: '{id: ekdala}' })).toEqual([expect.stringMatching(/^STAFF_OIDC_PROVIDERS must be a JSON list/)]);
    expect(problemsOf({ STAFF_OIDC_PROVIDERS: JSON.stringify(provider) })).toEqual([expect.stringMatching(/^STAFF_OIDC_PROVIDERS must be a JSON list \(in \[ \]\)/)]);
  });

  it('names the entry and field of each mistake', () => {
    const problems = problemsOf({
      STAFF_OIDC_PROVIDERS: JSON.stringify([
        provider,
        { ...provider, id: 'ekdala-2', issuer: 'http://login.ekdala.example.se', name: { sv: 'Bara svenska' } },
        { id: 'Ekdala Kommun', issuer: 'not a url', clientSecret: '', groupsClaim: 7, tenant: 'x' },
        provider,
      ]),
      STAFF_OIDC_TIMEOUT_SECONDS: '600',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[1\]\.name must give .* Swedish and English/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[1\]\.issuer must be the provider's https:\/\/ issuer URL \(plain http only on this machine\)/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[2\]\.id must be a short slug/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[2\]\.name must give/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[2\]\.issuer must be/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[2\]\.clientId must be/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[2\]\.clientSecret must be/),
      expect.stringMatching(/^STAFF_OIDC_PROVIDERS\[2\]\.groupsClaim must name/),
      'STAFF_OIDC_PROVIDERS[2] has an unknown field "tenant" (known: id, name, issuer, clientId, clientSecret, groupsClaim)',
      'STAFF_OIDC_PROVIDERS[3].id "ekdala" is used by an earlier provider; each needs its own id',
      expect.stringMatching(/^STAFF_OIDC_TIMEOUT_SECONDS must be a whole number of seconds, 1-60/),
    ]);
  });
});
