import type { Loa } from '../../identity/saml/config.js';
import { escapeMarkup as e } from '../../identity/saml/markup.js';

/** Who the simulator plays, in the note at the top of every page. */
export type SimulatedParty = 'e-id' | 'staff';
const NOTES: Record<SimulatedParty, string> = {
  'e-id': 'Testmiljö: simulerad e-legitimation (SAML IdP). <span lang="en">Test environment: simulated e-ID (SAML IdP).</span>',
  staff: 'Testmiljö: simulerad inloggningstjänst för kommunens personal (SAML IdP). <span lang="en">Test environment: simulated staff login service (SAML IdP).</span>',
};

/** A person the tester can log in as: the radio button's value and label. */
export interface PersonChoice {
  key: string;
  label: string;
}

/** The simulator's pages: plain, accessible HTML in Swedish with English alongside. */
export function page(title: string, body: string, party: SimulatedParty = 'e-id'): string {
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{margin:1rem 0}label{display:block;margin:.25rem 0}button{font-size:1rem;padding:.5rem 1rem}
.note{border-left:4px solid #b45309;padding-left:.75rem}</style></head>
<body><main>
<p class="note">${NOTES[party]}</p>
${body}
</main></body></html>`;
}

export interface LoginChoice {
  requestId: string;
  relayState: string;
  spEntityId: string;
  persons: readonly PersonChoice[];
  /** e-ID only: the level of assurance asked for and the highest this IdP gives */
  levels?: { requested: Loa; max: Loa };
  party: SimulatedParty;
}

/** The tester picks who logs in and, for an e-ID, at which level of assurance. */
export function loginPage(choice: LoginChoice): string {
  const persons = choice.persons
    .map((person, index) => `<label><input type="radio" name="person" value="${e(person.key)}"${index === 0 ? ' checked' : ''}> ${e(person.label)}</label>`)
    .join('\n');
  const levels = choice.levels
    ? `<label for="loa">Tillitsnivå <span lang="en">/ Level of assurance</span></label>
<select id="loa" name="loa">${([2, 3, 4] as const)
        .filter((loa) => loa <= choice.levels!.max)
        .map((loa) => `<option value="${loa}"${loa === choice.levels!.requested ? ' selected' : ''}>Tillitsnivå ${loa} / LoA ${loa}</option>`)
        .join('')}</select>
`
    : '';
  return page(
    choice.party === 'staff' ? 'Logga in som medarbetare (test)' : 'Logga in med test-e-legitimation',
    `<h1>Logga in <span lang="en">/ Log in</span></h1>
<p>Tjänsten <strong>${e(choice.spEntityId)}</strong> vill att du loggar in. <span lang="en">The service asks you to log in.</span></p>
<form method="post" action="/sso/complete">
<input type="hidden" name="requestId" value="${e(choice.requestId)}">
<input type="hidden" name="relayState" value="${e(choice.relayState)}">
<fieldset><legend>Testperson <span lang="en">/ Test person</span></legend>
${persons}
</fieldset>
${levels}<label for="minutesAgo">Inloggningstid (för test) <span lang="en">/ Time of login (for tests)</span></label>
<select id="minutesAgo" name="minutesAgo"><option value="0" selected>Nu / Now</option><option value="15">För 15 minuter sedan / 15 minutes ago</option></select>
<p><button type="submit">Logga in</button></p>
</form>`,
    choice.party,
  );
}

/** HTTP-POST binding: the browser carries the signed Response to the SP's ACS. */
export function autoPostPage(action: string, fields: Record<string, string>, party: SimulatedParty = 'e-id'): string {
  const inputs = Object.entries(fields)
    .filter(([, value]) => value)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('\n');
  return page(
    'Skickar inloggningen',
    `<h1>Skickar inloggningen <span lang="en">/ Sending the login</span></h1>
<form method="post" action="${e(action)}">
${inputs}
<noscript><p>Tryck på knappen för att fortsätta. <span lang="en">Press the button to continue.</span></p></noscript>
<button type="submit">Fortsätt <span lang="en">/ Continue</span></button>
</form>
<script>document.forms[0].submit()</script>`,
    party,
  );
}

export interface IssuedSession {
  sessionIndex: string;
  nameId: string;
  /** Who, as the login page named them */
  label: string;
}

/** Start page: who is logged in through this IdP, with IdP-initiated single logout per session where the SP takes single logout. */
export function sessionsPage(sessions: IssuedSession[], party: SimulatedParty, singleLogout: boolean): string {
  const rows = sessions
    .map(
      (session) => `<li>${e(session.label)}${
        singleLogout
          ? `
<form method="post" action="/slo/initiate"><input type="hidden" name="sessionIndex" value="${e(session.sessionIndex)}">
<button type="submit">Logga ut från tjänsten <span lang="en">/ Log out of the service</span></button></form>`
          : ''
      }</li>`,
    )
    .join('\n');
  const [sv, en] = party === 'staff' ? ['Test-inloggning för personal', 'Test staff login'] : ['Test-e-legitimation', 'Test e-ID'];
  return page(
    sv,
    `<h1>${sv} <span lang="en">/ ${en}</span></h1>
<h2>Inloggade <span lang="en">/ Logged in</span></h2>
${rows ? `<ul>${rows}</ul>` : '<p>Ingen är inloggad. <span lang="en">Nobody is logged in.</span></p>'}`,
    party,
  );
}

export const messagePage = (heading: string, english: string, detail = '', party: SimulatedParty = 'e-id') =>
  page(heading, `<h1>${e(heading)} <span lang="en">/ ${e(english)}</span></h1>${detail ? `<p>${e(detail)}</p>` : ''}`, party);
