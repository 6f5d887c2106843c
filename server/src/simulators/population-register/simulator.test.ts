import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPersonnummer } from '@etjanst/schemas';
import { CLIENT_ID_HEADER, CLIENT_SECRET_HEADER, CORRELATION_HEADER, HAMTA_PATH } from '../../prefill/population-register/api.js';
import { PopulationRegisterClient } from '../../prefill/population-register/client.js';
import { populationRegisterSource } from '../../prefill/population-register/plugin.js';
import { PrefillSourceError } from '../../prefill/source.js';
import { DEFAULT_TEST_PERSONS as BANKID_PERSONS } from '../bankid/test-persons.js';
import { DEFAULT_TEST_PERSONS as SAML_PERSONS } from '../saml-idp/test-persons.js';
import { DEFAULT_REGISTER, startPopulationRegisterSimulator, type PopulationRegisterSimulator } from './simulator.js';

describe('population register simulator (Folkbokföringsuppgifter för offentliga aktörer)', () => {
  let sim: PopulationRegisterSimulator;
  beforeAll(async () => {
    sim = await startPopulationRegisterSimulator();
  });
  afterAll(async () => sim?.close());

  const hamta = (body: unknown, headers: Record<string, string> = { [CLIENT_ID_HEADER]: sim.clientId, [CLIENT_SECRET_HEADER]: sim.clientSecret }) =>
    fetch(new URL(HAMTA_PATH, sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CORRELATION_HEADER]: 'test-1', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const order = () => ({ bestallning: sim.order });

  it('knows every e-ID simulator person, with valid personnummer and an address', () => {
    const ids = new Set(DEFAULT_REGISTER.map((p) => p.personnummer));
    for (const p of BANKID_PERSONS) expect(ids.has(p.personalNumber)).toBe(true);
    for (const p of SAML_PERSONS) expect(ids.has(p.personalIdentityNumber)).toBe(true);
    for (const entry of DEFAULT_REGISTER) {
      expect(isPersonnummer(entry.personnummer), entry.personnummer).toBe(true);
      expect(entry.adress.gatuadress).toBeTruthy();
      for (const r of entry.relationer ?? []) expect(ids.has(r.personnummer)).toBe(true);
    }
  });

  it('answers a folkbokföringspost with name, address and relations, echoing the correlation id', async () => {
    const response = await hamta({ ...order(), sokvillkor: [{ identitetsbeteckning: '199001012385' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get(CORRELATION_HEADER)).toBe('test-1');
    const body = await response.json();
    expect(body.status).toBe(200);
    expect(body.folkbokforingsposter).toHaveLength(1);
    expect(body.folkbokforingsposter[0]).toMatchObject({
      identitet: { identitetsbeteckning: '199001012385', typ: 'PERSONNUMMER', status: { varde: 'AKTIVT' } },
      skyddAvPersonuppgifter: 'SAKNAS',
      namn: { fornamn: { namn: 'Astrid' }, efternamn: { namn: 'Testsson' } },
      folkbokforing: { adress: { gatuadress: 'Solrosvägen 4', postnummer: '12345', postort: 'SOLBACKA' } },
      relationerTillFolkbokforda: [
        { identitetsbeteckning: '202103142382', typ: { kod: 'B', beskrivning: 'Barn' } },
        { identitetsbeteckning: '202309024574', typ: { kod: 'B' } },
      ],
    });
  });

  it('answers 404 when nobody asked for exists, and lists the unknown ones in fel otherwise', async () => {
    const unknown = '198112289874'; // valid personnummer, not in the register
    const none = await hamta({ ...order(), sokvillkor: [{ identitetsbeteckning: unknown }] });
    expect(none.status).toBe(404);
    expect((await none.json()).fel).toEqual([{ id: unknown, orsakskod: 404, orsakskodsbeskrivning: expect.any(String) }]);

    const some = await hamta({ ...order(), sokvillkor: [{ identitetsbeteckning: '198506129876' }, { identitetsbeteckning: unknown }] });
    expect(some.status).toBe(200);
    const body = await some.json();
    expect(body.folkbokforingsposter.map((p: { identitet: { identitetsbeteckning: string } }) => p.identitet.identitetsbeteckning)).toEqual(['198506129876']);
    expect(body.fel).toEqual([expect.objectContaining({ id: unknown, orsakskod: 404 })]);
  });

  it('answers 401 without the API gateway credentials or with wrong ones', async () => {
    const body = { ...order(), sokvillkor: [{ identitetsbeteckning: '199001012385' }] };
    const missing = await hamta(body, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ status: 401, fel: [{ orsakskod: 401, orsakskodsbeskrivning: 'Ej inloggad' }] });
    expect((await hamta(body, { [CLIENT_ID_HEADER]: sim.clientId, [CLIENT_SECRET_HEADER]: 'fel' })).status).toBe(401);
    expect((await hamta(body, { [CLIENT_ID_HEADER]: 'annan', [CLIENT_SECRET_HEADER]: sim.clientSecret })).status).toBe(401);
  });

  it('answers 400 for a malformed personnummer or request', async () => {
    for (const id of ['19900101-2385', '199001012384', '1990010123', 'abc']) {
      const response = await hamta({ ...order(), sokvillkor: [{ identitetsbeteckning: id }] });
      expect(response.status, id).toBe(400);
      expect(await response.json()).toMatchObject({ status: 400, fel: [{ id, orsakskod: 400, orsakskodsbeskrivning: 'Felaktigt anrop: indata ej korrekt ifyllt' }] });
    }
    expect((await hamta({ sokvillkor: [{ identitetsbeteckning: '199001012385' }] })).status).toBe(400);
    expect((await hamta({ ...order(), sokvillkor: [] })).status).toBe(400);
    expect((await hamta('{not json')).status).toBe(400);
  });

  describe('our client and prefill plugin', () => {
    const client = () => new PopulationRegisterClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, ...sim.order });

    it('gives a person with address and the children’s names', async () => {
      const c = client();
      try {
        expect(await c.person('199001012385')).toEqual({
          personalIdentityNumber: '199001012385',
          givenName: 'Astrid',
          surname: 'Testsson',
          fullName: 'Astrid Testsson',
          protection: 'SAKNAS',
          address: { street: 'Solrosvägen 4', postalCode: '123 45', city: 'Solbacka' },
          children: [
            { personalIdentityNumber: '202103142382', givenName: 'Ella', surname: 'Testsson', fullName: 'Ella Testsson' },
            { personalIdentityNumber: '202309024574', givenName: 'Noah', surname: 'Testsson', fullName: 'Noah Testsson' },
          ],
        });
        expect(await c.person('198112289874')).toBeUndefined();
      } finally {
        c.close();
      }
    });

    it('leaves out the address of a person with sekretessmarkering', async () => {
      const c = client();
      try {
        const maja = await c.person('199304249429');
        expect(maja).toMatchObject({ givenName: 'Maja', protection: 'SEKRETESSMARKERING', children: [] });
        expect(maja?.address).toBeUndefined();
      } finally {
        c.close();
      }
    });

    it('maps to prefill attributes and reports refused credentials and an unreachable register', async () => {
      const source = populationRegisterSource(client());
      expect(await source.check()).toEqual({ ok: true });
      expect(await source.lookup('199001012385')).toMatchObject({
        personalIdentityNumber: '19900101-2385',
        fullName: 'Astrid Testsson',
        streetAddress: 'Solrosvägen 4',
        postalCode: '123 45',
        city: 'Solbacka',
        children: [expect.objectContaining({ personalIdentityNumber: '20210314-2382', givenName: 'Ella' }), expect.objectContaining({ givenName: 'Noah' })],
      });

      const wrongKey = populationRegisterSource(new PopulationRegisterClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: 'fel', ...sim.order }));
      expect(await wrongKey.check()).toEqual({ ok: false, reason: 'HTTP 401' });
      await expect(wrongKey.lookup('199001012385')).rejects.toMatchObject({ kind: 'refused', httpStatus: 401 });

      const down = populationRegisterSource(new PopulationRegisterClient({ baseUrl: 'http://127.0.0.1:1/', clientId: 'x', clientSecret: 'y', ...sim.order, timeoutMs: 1000 }));
      expect((await down.check()).ok).toBe(false);
      await expect(down.lookup('199001012385')).rejects.toBeInstanceOf(PrefillSourceError);
    });
  });
});
