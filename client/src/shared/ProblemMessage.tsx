import { useLanguage } from './i18n';
import type { Problem } from './problem';

/** Shows a problem from the API (or the client) in the current language, with its field errors. */
export function ProblemMessage({ problem }: { problem: Problem }) {
  const language = useLanguage();
  const { title, detail } = problem.messages[language];
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{title}</p>
      {detail && <p>{detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={error.pointer}>{error.message[language]}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
