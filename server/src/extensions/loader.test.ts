import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { bilingual } from '@etjanst/schemas';
import type { ConnectorPlugin } from '../delivery/connector.js';
import { BUILT_IN_CONNECTOR_PLUGINS, ConnectorRegistry, connectorPlugins } from '../delivery/plugins.js';
import { loadExtensions, type ImportEntry } from './loader.js';

const plugin = (type: string, changes: Partial<ConnectorPlugin> = {}): ConnectorPlugin => ({
  type,
  title: bilingual('Notis', 'Notice'),
  optionsSchema: Type.Object({ url: Type.String({ format: 'uri' }) }, { additionalProperties: false }),
  strictlyConfidential: 'refused',
  check: async () => bilingual('ok', 'ok'),
  deliver: async () => ({}),
  ...changes,
});

/** Packages by their entries (`name`, `name/server`); an entry that is not there is not exported. */
const packages =
  (entries: Record<string, unknown>): ImportEntry =>
  async (specifier) =>
    entries[specifier];

const builtInTypes = BUILT_IN_CONNECTOR_PLUGINS.map((p) => p.type);

describe('the extension loader and connectors (unit)', () => {
  it('installs the connectors of a package\'s server part for every registry, also one made before loading', async () => {
    const registry = new ConnectorRegistry();
    const notice = plugin('notis');
    const loaded = await loadExtensions(['@kommun/notis'], packages({ '@kommun/notis': { extension: { id: 'notis' } }, '@kommun/notis/server': { serverExtension: { connectors: [notice] } } }));
    expect(loaded).toEqual([{ packageName: '@kommun/notis', extension: { id: 'notis' }, connectors: [notice] }]);
    expect(registry.get('notis')).toBe(notice);
    expect(connectorPlugins().map((p) => p.type)).toEqual([...builtInTypes, 'notis']);
    expect(registry.definitionProblems({ delivery: { connectors: [{ id: 'chatt', type: 'notis', options: { url: 'inte en adress' } }] } })).toEqual([
      expect.objectContaining({ pointer: '/delivery/connectors/0/options/url', code: 'delivery.options-invalid' }),
    ]);
    // loading the same package again (server and test in one process) changes nothing
    await loadExtensions(['@kommun/notis'], packages({ '@kommun/notis': { extension: loaded[0]!.extension }, '@kommun/notis/server': { serverExtension: { connectors: [notice] } } }));
    expect(connectorPlugins().map((p) => p.type)).toEqual([...builtInTypes, 'notis']);
    // a registry given its plugins keeps to them
    expect(new ConnectorRegistry(BUILT_IN_CONNECTOR_PLUGINS).get('notis')).toBeUndefined();
  });

  it('loads real packages by name: one without a server part adds no connector, a missing one stops the start', async () => {
    const [fieldType] = await loadExtensions(['@etjanst/extension-fastighetsbeteckning']);
    expect(fieldType).toMatchObject({ packageName: '@etjanst/extension-fastighetsbeteckning', extension: { id: 'fastighetsbeteckning' }, connectors: [] });
    await expect(loadExtensions(['@kommun/finns-inte'])).rejects.toThrow(/^Extension package "@kommun\/finns-inte" \(EXTENSIONS\) cannot be loaded: @kommun\/finns-inte: /);
  });

  it('stops the start, naming the package, when a connector type is taken by the platform, another package or itself', async () => {
    await loadExtensions(['@kommun/sms'], packages({ '@kommun/sms': { extension: { id: 'sms' } }, '@kommun/sms/server': { serverExtension: { connectors: [plugin('sms')] } } }));
    const before = connectorPlugins();
    await expect(loadExtensions(['@kommun/webbkrok'], packages({ '@kommun/webbkrok': { extension: { id: 'webbkrok' } }, '@kommun/webbkrok/server': { serverExtension: { connectors: [plugin('webhook')] } } }))).rejects.toThrow(
      'Extension package "@kommun/webbkrok" (EXTENSIONS) has connectors that cannot be installed: connector "webhook" is built into the platform',
    );
    await expect(loadExtensions(['@kommun/kopia'], packages({ '@kommun/kopia': { extension: { id: 'kopia' } }, '@kommun/kopia/server': { serverExtension: { connectors: [plugin('sms')] } } }))).rejects.toThrow(
      'Extension package "@kommun/kopia" (EXTENSIONS) has connectors that cannot be installed: connector "sms" already comes from the package "@kommun/sms"',
    );
    await expect(loadExtensions(['@kommun/dubbel'], packages({ '@kommun/dubbel': { extension: { id: 'dubbel' } }, '@kommun/dubbel/server': { serverExtension: { connectors: [plugin('mms'), plugin('mms')] } } }))).rejects.toThrow(
      /"@kommun\/dubbel".*connector "mms" is there twice/,
    );
    expect(connectorPlugins()).toEqual(before);
  });

  it('stops the start when a package\'s server part or its connectors are malformed', async () => {
    const before = connectorPlugins();
    const withServer = (id: string, server: unknown) => packages({ [`@kommun/${id}`]: { extension: { id } }, [`@kommun/${id}/server`]: server });
    await expect(loadExtensions(['@kommun/tom'], withServer('tom', { something: 1 }))).rejects.toThrow('Extension package "@kommun/tom" (EXTENSIONS) has a "/server" entry that exports no "serverExtension"');
    await expect(loadExtensions(['@kommun/lista'], withServer('lista', { serverExtension: { connectors: plugin('lista') } }))).rejects.toThrow(/"connectors" is not a list/);
    await expect(loadExtensions(['@kommun/namn'], withServer('namn', { serverExtension: { connectors: [plugin('Min Notis')] } }))).rejects.toThrow(/connector "Min Notis": its type must be a lowercase slug/);
    const incomplete = { ...plugin('halv'), deliver: undefined } as unknown as ConnectorPlugin;
    await expect(loadExtensions(['@kommun/halv'], withServer('halv', { serverExtension: { connectors: [incomplete] } }))).rejects.toThrow(/connector "halv" lacks check\(\) or deliver\(\)/);
    const undeclared = { ...plugin('tyst'), strictlyConfidential: undefined } as unknown as ConnectorPlugin;
    await expect(loadExtensions(['@kommun/tyst'], withServer('tyst', { serverExtension: { connectors: [undeclared] } }))).rejects.toThrow(
      /connector "tyst" does not declare whether it may carry a strictly confidential e-service's cases \(strictlyConfidential: 'allowed' or 'refused'\)/,
    );
    const typo = plugin('stavfel', { optionsSchema: Type.Unsafe({ type: 'object', properties: { url: { type: 'strng' } } }) });
    await expect(loadExtensions(['@kommun/stavfel'], withServer('stavfel', { serverExtension: { connectors: [typo] } }))).rejects.toThrow(/connector "stavfel": its options schema does not compile/);
    expect(connectorPlugins()).toEqual(before);
  });
});
