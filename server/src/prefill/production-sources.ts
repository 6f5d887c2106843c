import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { PopulationRegisterClient } from './population-register/client.js';
import { populationRegisterSource } from './population-register/plugin.js';
import type { PrefillSourcePlugin } from './source.js';

/**
 * The real prefill sources, from the environment. The population register is configured by
 * POPULATION_REGISTER_URL with the API gateway's POPULATION_REGISTER_CLIENT_ID and _CLIENT_SECRET,
 * the order (POPULATION_REGISTER_ORGANISATIONSNUMMER, _BESTALLNINGSIDENTITET) and, for mutual TLS,
 * POPULATION_REGISTER_CERT_FILE and _KEY_FILE (PEM, optional _CA_FILE). Without the URL there is
 * none (e-services type everything); a partial configuration stops the start.
 */
export function productionPrefillSources(env: NodeJS.ProcessEnv): PrefillSourcePlugin[] {
  const url = env.POPULATION_REGISTER_URL;
  if (!url) return [];
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name];
    if (!value) problems.push(`${name} is required with POPULATION_REGISTER_URL`);
    return value ?? '';
  };
  const file = (name: string) => {
    const path = env[name];
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${name}: cannot read ${path} (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  };
  if (!/^https?:\/\//.test(url)) problems.push('POPULATION_REGISTER_URL must be an http(s) URL');
  const clientId = required('POPULATION_REGISTER_CLIENT_ID');
  const clientSecret = required('POPULATION_REGISTER_CLIENT_SECRET');
  const organisationsnummer = required('POPULATION_REGISTER_ORGANISATIONSNUMMER');
  const bestallningsidentitet = required('POPULATION_REGISTER_BESTALLNINGSIDENTITET');
  const cert = file('POPULATION_REGISTER_CERT_FILE');
  const key = file('POPULATION_REGISTER_KEY_FILE');
  const ca = file('POPULATION_REGISTER_CA_FILE');
  if ((cert === undefined) !== (key === undefined)) problems.push('POPULATION_REGISTER_CERT_FILE and POPULATION_REGISTER_KEY_FILE go together');
  if (problems.length > 0) throw new ConfigError(problems);
  const client = new PopulationRegisterClient({
    baseUrl: url,
    clientId,
    clientSecret,
    organisationsnummer,
    bestallningsidentitet,
    ...(cert && key ? { tls: { cert, key, ...(ca ? { ca } : {}) } } : {}),
  });
  return [populationRegisterSource(client)];
}
