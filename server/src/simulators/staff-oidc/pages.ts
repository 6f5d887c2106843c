import { escapeMarkup as e } from '../../identity/saml/markup.js';
import type { OidcTestStaff } from './test-staff.js';

/** The simulator's pages: plain, accessible HTML in Swedish with English alongside. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{margin:1rem 0}label{display:block;margin:.35rem 0}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}
.note{border-left:4px solid #b45309;padding-left:.75rem}.groups{color:#444;font-size:.9rem}</style></head>
<body><main>
<p class="note">Testmiljö: simulerad inloggning för personal (OpenID Connect). <span lang="en">Test environment: simulated staff login (OpenID Connect).</span></p>
${body}
</main></body></html>`;
}

/** The tester picks which staff member logs in (radio buttons: arrow keys move, Enter logs in). */
export function loginPage(options: { uid: string; clientId: string; staff: readonly OidcTestStaff[] }): string {
  const people = options.staff
    .map(
      (person, index) =>
        `<label><input type="radio" name="subject" value="${e(person.subject)}"${index === 0 ? ' checked' : ''}> ${e(person.name)}: ${e(person.description.sv)} <span lang="en">(${e(person.description.en)})</span> <span class="groups">grupper / groups: ${e(person.groups.join(', ') || '–')}</span></label>`,
    )
    .join('\n');
  return page(
    'Logga in som personal',
    `<h1>Logga in som personal <span lang="en">/ Staff login</span></h1>
<p>Tjänsten <strong>${e(options.clientId)}</strong> vill att du loggar in. <span lang="en">The service asks you to log in.</span></p>
<form method="post" action="/interaction/${e(options.uid)}/login">
<fieldset><legend>Vem loggar in? <span lang="en">/ Who logs in?</span></legend>
${people}
</fieldset>
<label for="minutesAgo">Inloggningstid (för test) <span lang="en">/ Time of login (for tests)</span></label>
<select id="minutesAgo" name="minutesAgo"><option value="0" selected>Nu / Now</option><option value="15">För 15 minuter sedan / 15 minutes ago</option></select>
<p><button type="submit">Logga in <span lang="en">/ Log in</span></button>
<button type="submit" formaction="/interaction/${e(options.uid)}/abort">Avbryt <span lang="en">/ Cancel</span></button></p>
</form>`,
  );
}

/** RP-Initiated Logout's question; `form` is oidc-provider's hidden form (id op.logoutForm) the buttons submit. */
export function logoutPage(form: string): string {
  return page(
    'Logga ut',
    `<h1>Logga ut från inloggningstjänsten? <span lang="en">/ Log out of the login service?</span></h1>
<p>Tjänsten du kom från har loggat ut dig. Logga ut här också, så att nästa inloggning frågar vem du är. <span lang="en">The service you came from has logged you out. Log out here too, so that the next login asks who you are.</span></p>
${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut <span lang="en">/ Log out</span></button>
<button type="submit" form="op.logoutForm">Stanna inloggad <span lang="en">/ Stay logged in</span></button></p>`,
  );
}

export function messagePage(sv: string, en: string): string {
  return page(sv, `<h1>${e(sv)} <span lang="en">/ ${e(en)}</span></h1>`);
}
