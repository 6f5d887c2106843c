import { isRankedChoice, textIn, type EServiceDefinition, type FieldTexts, type Language } from '@etjanst/schemas';
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { isAnswered } from './answers';
import type { Answers } from './portalApi';

interface AnswerSummaryProps {
  /** The definition's form, localized */
  form: EServiceDefinition['form'];
  language: Language;
  answers: Answers;
  /** Uploaded files' names by attachment id: an attachment answer shows its file's name */
  files?: ReadonlyMap<string, { name: string }> | undefined;
  /** Without it the answers are read-only (e.g. what the citizen signs) */
  onChangeStep?: ((index: number) => void) | undefined;
}

const FileNames = createContext<ReadonlyMap<string, { name: string }> | undefined>(undefined);
/** Whether the answer at a path is a ranking, listed in its order with numbers */
const IsRanked = createContext<(path: string) => boolean>(() => false);

/** The citizen's answers step by step, labelled as in the form, each step with a way back to change it. */
export function AnswerSummary({ form, language, answers, files, onChangeStep }: AnswerSummaryProps) {
  const { t } = useTranslation();
  return (
    <>
      {onChangeStep && <p>{t('wizard.summaryIntro')}</p>}
      {form.steps.map((step, index) => {
        const title = textIn(step.title, language);
        return (
          <section key={step.id} className="summary-step" aria-labelledby={`summary-${step.id}`}>
            <div className="summary-step-header">
              <h3 id={`summary-${step.id}`}>{title}</h3>
              {onChangeStep && (
                <button type="button" className="btn btn-link" onClick={() => onChangeStep(index)}>
                  {t('wizard.change')}
                  <span className="visually-hidden"> {title}</span>
                </button>
              )}
            </div>
            <FileNames.Provider value={files}>
              <IsRanked.Provider value={(path) => isRankedChoice(form, path)}>
                <AnswerList value={answers} names={step.fields} prefix="" texts={form.texts} language={language} />
              </IsRanked.Provider>
            </FileNames.Provider>
          </section>
        );
      })}
    </>
  );
}

interface AnswerListProps {
  value: Answers;
  names: string[];
  /** Field path of `value` ('' at the top) */
  prefix: string;
  texts: Record<string, FieldTexts>;
  language: Language;
}

function AnswerList({ value, names, prefix, texts, language }: AnswerListProps) {
  const { t } = useTranslation();
  const answered = names.filter((name) => isAnswered(value[name]));
  if (answered.length === 0) return <p className="no-answer">{t('wizard.noAnswer')}</p>;
  return (
    <dl className="answers">
      {answered.map((name) => {
        const path = prefix ? `${prefix}.${name}` : name;
        return (
          <div key={name}>
            <dt>{textIn(texts[path]?.label, language) ?? name}</dt>
            <dd>
              <AnswerValue value={value[name]} path={path} texts={texts} language={language} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

interface AnswerValueProps {
  value: unknown;
  path: string;
  texts: Record<string, FieldTexts>;
  language: Language;
}

function AnswerValue({ value, path, texts, language }: AnswerValueProps) {
  const { t } = useTranslation();
  const fileNames = useContext(FileNames);
  const isRanked = useContext(IsRanked);
  if (Array.isArray(value)) {
    const items = value.map((item, index) => (
      // answers have no ids; the position is the identity here
      <li key={index}>
        <AnswerValue value={item} path={path} texts={texts} language={language} />
      </li>
    ));
    return isRanked(path) ? <ol className="ranking-answer">{items}</ol> : <ul>{items}</ul>;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Answers;
    return <AnswerList value={record} names={Object.keys(record)} prefix={path} texts={texts} language={language} />;
  }
  const file = typeof value === 'string' ? fileNames?.get(value) : undefined;
  if (file) return file.name;
  const option = textIn(texts[path]?.options?.[String(value)], language);
  if (option) return option;
  if (typeof value === 'boolean') return value ? t('wizard.yes') : t('wizard.no');
  return String(value);
}
