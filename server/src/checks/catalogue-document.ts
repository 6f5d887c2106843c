import { RULE_CATALOGUE, type Rule } from '@etjanst/schemas';
import { escapeHtml } from '../http/html.js';

/** The rule catalogue without its check functions: what the API and the rules page show. */
export function publicCatalogue() {
  return {
    version: RULE_CATALOGUE.version,
    history: RULE_CATALOGUE.history,
    rules: RULE_CATALOGUE.rules.map(({ id, title, explanation, severity, concerns, needs }: Rule) => ({ id, title, explanation, severity, concerns, needs })),
  };
}

/**
 * The catalogue as one self-contained HTML document, Swedish then English, for IT to attach to
 * a procurement (a browser prints it to PDF). Its content comes only from the catalogue.
 */
export function catalogueDocument(): string {
  const { version, history, rules } = publicCatalogue();
  const severity = { must: ['Skall (stoppar publicering)', 'Must (blocks publishing)'], should: ['Bör (varning)', 'Should (warning)'] } as const;
  const ruleRows = (language: 0 | 1) =>
    rules
      .map((rule) => {
        const lang = language === 0 ? 'sv' : 'en';
        return `<section><h3>${rule.id}: ${escapeHtml(rule.title[lang])}</h3>
<p><strong>${language === 0 ? 'Nivå' : 'Severity'}:</strong> ${severity[rule.severity][language]}.
<strong>${language === 0 ? 'Gäller' : 'Concerns'}:</strong> <code>${escapeHtml(rule.concerns || '/')}</code>.
<strong>${language === 0 ? 'Kontroll' : 'Check'}:</strong> ${rule.needs === 'scan' ? (language === 0 ? 'granskning i webbläsare' : 'browser scan') : language === 0 ? 'automatisk, av definitionen' : 'automated, on the definition'}.</p>
<p>${escapeHtml(rule.explanation[lang])}</p></section>`;
      })
      .join('\n');
  const historyRows = (lang: 'sv' | 'en') => history.map((h) => `<tr><td>${h.version}</td><td>${h.date}</td><td>${escapeHtml(h.changes[lang])}</td></tr>`).join('');
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Tekniska skall-krav ${version} / Technical must-requirements ${version}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #6b6b6b;padding:.25rem .5rem;text-align:left}code{font-size:.95em}</style>
</head>
<body>
<main>
<h1>Tekniska skall-krav för e-tjänster, version ${version}</h1>
<p>Varje e-tjänst på plattformen kontrolleras mot dessa krav när den utformas, när den publiceras och när en leverantörs definition tas emot (<code>POST /api/checks</code>, <code>npm run check</code>). Ett skall-krav som inte uppfylls stoppar publiceringen.</p>
<h2>Krav</h2>
${ruleRows(0)}
<h2>Ändringshistorik</h2>
<table><thead><tr><th>Version</th><th>Datum</th><th>Ändring</th></tr></thead><tbody>${historyRows('sv')}</tbody></table>
<div lang="en">
<h1>Technical must-requirements for e-services, version ${version}</h1>
<p>Every e-service on the platform is checked against these requirements while it is designed, when it is published and when a vendor's definition is received (<code>POST /api/checks</code>, <code>npm run check</code>). A must rule that fails blocks publishing.</p>
<h2>Requirements</h2>
${ruleRows(1)}
<h2>Change history</h2>
<table><thead><tr><th>Version</th><th>Date</th><th>Change</th></tr></thead><tbody>${historyRows('en')}</tbody></table>
</div>
</main>
</body>
</html>
`;
}
