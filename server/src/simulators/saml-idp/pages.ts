import type { Loa } from '../../identity/saml/config.js';
import { escapeMarkup as e } from '../../identity/saml/markup.js';
import type { SamlTestPerson } from './test-persons.js';

/** The simulator's pages: plain, accessible HTML in Swedish with English alongside. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{margin:1rem 0}label{display:block;margin:.25rem 0}button{font-size:1rem;padding:.5rem 1rem}
.note{border-left:4px solid #b45309;padding-left:.75rem}</style></head>
<body><main>
<p class="note">Testmiljö: simulerad e-legitimation (SAML IdP). <span lang="en">Test environment: simulated e-ID (SAML IdP).</span></p>
${body}
</main></body></html>`;
}

export interface LoginChoice {
  requestId: string;
  relayState: string;
  spEntityId: string;
  requestedLoa: Loa;
  maxLoa: Loa;
  persons: readonly SamlTestPerson[];
}

/** The tester picks who logs in and at which level of assurance. */
export function loginPage(choice: LoginChoice): string {
  const persons = choice.persons
    .map(
      (person, index) =>
        `<label><input type="radio" name="person" value="${e(person.personalIdentityNumber)}"${index === 0 ? ' checked' : ''}> ${e(person.displayName)} (${e(person.personalIdentityNumber)})</label>`,
    )
    .join('\n');
  const levels = ([2, 3, 4] as const)
    .filter((loa) => loa <= choice.maxLoa)
    .map((loa) => `<option value="${loa}"${loa === choice.requestedLoa ? ' selected' : ''}>Tillitsnivå ${loa} / LoA ${loa}</option>`)
    .join('');
  return page(
    'Logga in med test-e-legitimation',
    `<h1>Logga in <span lang="en">/ Log in</span></h1>
<p>Tjänsten <strong>${e(choice.spEntityId)}</strong> vill att du loggar in. <span lang="en">The service asks you to log in.</span></p>
<form method="post" action="/sso/complete">
<input type="hidden" name="requestId" value="${e(choice.requestId)}">
<input type="hidden" name="relayState" value="${e(choice.relayState)}">
<fieldset><legend>Testperson <span lang="en">/ Test person</span></legend>
${persons}
</fieldset>
<label for="loa">Tillitsnivå <span lang="en">/ Level of assurance</span></label>
<select id="loa" name="loa">${levels}</select>
<p><button type="submit">Logga in</button></p>
</form>`,
  );
}

/** HTTP-POST binding: the browser carries the signed Response to the SP's ACS. */
export function autoPostPage(action: string, fields: Record<string, string>): string {
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
  );
}

export interface IssuedSession {
  sessionIndex: string;
  nameId: string;
  person: SamlTestPerson;
}

/** Start page: who is logged in through this IdP, with IdP-initiated single logout per session. */
export function sessionsPage(sessions: IssuedSession[]): string {
  const rows = sessions
    .map(
      (session) => `<li>${e(session.person.displayName)} (${e(session.person.personalIdentityNumber)})
<form method="post" action="/slo/initiate"><input type="hidden" name="sessionIndex" value="${e(session.sessionIndex)}">
<button type="submit">Logga ut från tjänsten <span lang="en">/ Log out of the service</span></button></form></li>`,
    )
    .join('\n');
  return page(
    'Test-e-legitimation',
    `<h1>Test-e-legitimation <span lang="en">/ Test e-ID</span></h1>
<h2>Inloggade <span lang="en">/ Logged in</span></h2>
${rows ? `<ul>${rows}</ul>` : '<p>Ingen är inloggad. <span lang="en">Nobody is logged in.</span></p>'}`,
  );
}

export const messagePage = (heading: string, english: string, detail = '') =>
  page(heading, `<h1>${e(heading)} <span lang="en">/ ${e(english)}</span></h1>${detail ? `<p>${e(detail)}</p>` : ''}`);
