import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

describe('mail settings', () => {
  it('sends no receipt e-mail without SMTP_URL, and takes an smtp:// URL and a From address', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: undefined, from: 'E-tjänstplattformen <noreply@localhost>' });
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Solbacka kommun <noreply@solbacka.se>' }).mail).toEqual({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: 'Solbacka kommun <noreply@solbacka.se>',
    });
    expect(loadConfig({ SMTP_URL: 'smtps://user:secret@mail.example.se:465', MAIL_FROM: 'noreply@solbacka.se' }).mail.from).toBe('noreply@solbacka.se');
  });

  it('reports a wrong SMTP_URL and MAIL_FROM together with the other problems', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'http://mail.example.se', MAIL_FROM: 'ingen adress', PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(problems).toMatch(/MAIL_FROM must be an e-mail address/);
    expect(problems).toMatch(/PORT/);
  });
});
