import { startStaffOidcSimulator } from '../simulators/staff-oidc/simulator.js';
import { loggedOutUrl } from '../staff/oidc/logout.js';
import { callbackUrl, oidcStartPath } from '../staff/oidc/plugin.js';
import { DEFAULT_GROUPS_CLAIM, type StaffOidcProvider } from '../staff/oidc/settings.js';
import { DEMO_STAFF_OIDC_CLIENT_ID, DEMO_STAFF_OIDC_PROVIDER } from './staff-groups.js';

export interface DemoStaffOidc {
  /** The simulator as a provider of the configuration (`oidc:demo-idp`) */
  provider: StaffOidcProvider;
  /** The simulator's issuer URL */
  url: string;
  /** How to log in as each demo staff member, for `npm start` to print */
  howToLogIn: string[];
  close(): Promise<void>;
}

/** Demo mode's staff login: the OpenID Connect simulator, configured as a real provider would be. */
export async function startDemoStaffOidc(options: { publicUrl: string }): Promise<DemoStaffOidc> {
  const simulator = await startStaffOidcSimulator({
    clients: [
      {
        clientId: DEMO_STAFF_OIDC_CLIENT_ID,
        redirectUris: [callbackUrl(options.publicUrl, DEMO_STAFF_OIDC_PROVIDER)],
        postLogoutRedirectUris: [loggedOutUrl(options.publicUrl, DEMO_STAFF_OIDC_PROVIDER)],
      },
    ],
  });
  const provider: StaffOidcProvider = {
    id: DEMO_STAFF_OIDC_PROVIDER,
    name: { sv: 'Kommunens inloggning för personal (simulator)', en: 'Municipal staff login (simulator)' },
    issuer: simulator.issuer,
    clientId: DEMO_STAFF_OIDC_CLIENT_ID,
    clientSecret: simulator.clients[0]!.clientSecret,
    groupsClaim: DEFAULT_GROUPS_CLAIM,
  };
  const width = Math.max(...simulator.staff.map((person) => person.name.length));
  return {
    provider,
    url: simulator.issuer,
    howToLogIn: [
      `  Personalinloggning / staff login (OIDC-simulator ${simulator.issuer}):`,
      `    ${options.publicUrl}${oidcStartPath(provider.id)}  → välj / pick:`,
      ...simulator.staff.map((person) => `    ${person.name.padEnd(width)}  ${person.description.sv} / ${person.description.en}  [${person.groups.join(', ')}]`),
    ],
    close: () => simulator.close(),
  };
}
