import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_NAMES } from './rate-limits/limits.js';

/**
 * The operator's guide is where an operator learns the settings: its configuration tables must
 * name every environment variable the server reads, and nothing the server no longer reads.
 */

const SOURCE = path.dirname(fileURLToPath(import.meta.url));
const GUIDE = path.resolve(SOURCE, '../../docs/operator-guide.md');

/** Set by the server for a library it uses (recheck's backend), not read as a setting */
const NOT_SETTINGS = new Set(['RECHECK_SYNC_BACKEND']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Variables as the server's code reads them: env.NAME, env['NAME'], or a checking helper given 'NAME' */
function variablesReadByServer(): Set<string> {
  const names = new Set<string>();
  const reads = [/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g, /\b(?:wholeNumber|seconds|size|file|required)\('([A-Z][A-Z0-9_]*)'/g];
  for (const file of sourceFiles(SOURCE)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of reads) for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  // RATE_LIMIT_<NAME> is made from the limits' names (rate-limits/limits.ts)
  for (const name of RATE_LIMIT_NAMES) names.add(`RATE_LIMIT_${name.toUpperCase().replace(/-/g, '_')}`);
  for (const name of NOT_SETTINGS) names.delete(name);
  return names;
}

/** The names in the first column of the tables of the guide's Configuration section */
function variablesDocumented(): Set<string> {
  const guide = readFileSync(GUIDE, 'utf8');
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(guide)?.[1] ?? '';
  const names = new Set<string>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const firstCell = row.split('|')[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(match[1]!);
  }
  return names;
}

describe("the operator's guide documents the configuration", () => {
  const read = variablesReadByServer();
  const documented = variablesDocumented();

  it('finds the settings in the code and the tables', () => {
    expect(read).toContain('PORT');
    expect(read).toContain('STAFF_SAML_SP_CERT_FILE');
    expect(read).toContain('POPULATION_REGISTER_CLIENT_ID');
    expect(documented).toContain('PORT');
  });

  it('lists every variable the server reads', () => {
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('lists no variable the server no longer reads', () => {
    expect([...documented].filter((name) => !read.has(name)).sort()).toEqual([]);
  });
});
