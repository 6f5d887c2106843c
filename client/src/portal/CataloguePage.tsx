import { textIn, TOPICS, type Language } from '@etjanst/schemas';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useSearchParams } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { AccessNote } from './AccessNote';
import { itemRequirements, SEARCH_PARAM, type CatalogueItem, type catalogueLoader } from './portalApi';
import { MaturityNote } from './Requirements';
import { OperatingMessages } from './OperatingMessages';

/** Typing waits this long before the catalogue is searched. */
const SEARCH_DELAY_MS = 250;

export function CataloguePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipality, items, query } = useLoaderData<typeof catalogueLoader>();
  const title = t('catalogue.title', { municipality: textIn(municipality.name, language) });
  usePageTitle(title);
  const groups = TOPICS.map((topic) => ({
    topic,
    items: byTitle(
      items.filter((item) => item.topic === topic),
      language,
    ),
  }));
  // the start of the catalogue (no search) leads with what most people come for
  const mostUsed = query ? [] : items.filter((item) => item.mostUsedRank !== undefined).sort((a, b) => (a.mostUsedRank ?? 0) - (b.mostUsedRank ?? 0));
  return (
    <>
      <h1>{title}</h1>
      <OperatingMessages municipality={municipality.id} />
      <p className="lead">{t('catalogue.intro')}</p>
      <CatalogueSearch query={query} />
      <p role="status" className="search-result-count" data-testid="catalogue-result-count">
        {query
          ? items.length === 0
            ? t('catalogue.noResults', { query })
            : t('catalogue.resultCount', { count: items.length, query })
          : ''}
      </p>
      {!query && items.length === 0 && <p>{t('catalogue.empty')}</p>}
      {mostUsed.length > 0 && (
        <section aria-labelledby="most-used" className="topic most-used" data-testid="most-used">
          <h2 id="most-used">{t('insights.mostUsed')}</h2>
          <ul className="card-list">
            {mostUsed.map((item) => (
              <CatalogueEntry key={item.eserviceId} municipality={municipality.id} item={item} />
            ))}
          </ul>
        </section>
      )}
      {groups
        .filter((group) => group.items.length > 0)
        .map(({ topic, items: topicItems }) => (
          <section key={topic} aria-labelledby={`topic-${topic}`} className="topic">
            <h2 id={`topic-${topic}`}>{t(`topics.${topic}`)}</h2>
            <ul className="card-list">
              {topicItems.map((item) => (
                <CatalogueEntry key={item.eserviceId} municipality={municipality.id} item={item} />
              ))}
            </ul>
          </section>
        ))}
    </>
  );
}

/**
 * The search form: the query lives in the address (`?q=`), so results can be linked and the
 * back button works. Typing searches after a short pause; submitting searches at once.
 */
function CatalogueSearch({ query }: { query: string }) {
  const { t } = useTranslation();
  const [, setSearchParams] = useSearchParams();
  const [text, setText] = useState(query);
  const sent = useRef(query);
  const timer = useRef<number | undefined>(undefined);
  const inputId = useId();
  const hintId = useId();

  // The address changed without us (back button, a link): show its query.
  useEffect(() => {
    if (query !== sent.current) {
      sent.current = query;
      setText(query);
    }
  }, [query]);

  const search = (value: string, replace: boolean) => {
    window.clearTimeout(timer.current);
    const trimmed = value.trim();
    if (trimmed === sent.current) return;
    sent.current = trimmed;
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (trimmed) next.set(SEARCH_PARAM, trimmed);
        else next.delete(SEARCH_PARAM);
        return next;
      },
      { replace, preventScrollReset: true },
    );
  };

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const onChange = (value: string) => {
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => search(value, true), SEARCH_DELAY_MS);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    search(text, false);
  };

  return (
    <form role="search" className="catalogue-search" onSubmit={onSubmit}>
      <label htmlFor={inputId}>{t('catalogue.searchLabel')}</label>
      <p id={hintId} className="field-hint">
        {t('catalogue.searchHint')}
      </p>
      <div className="search-row">
        <input
          id={inputId}
          type="search"
          className="form-control"
          name={SEARCH_PARAM}
          value={text}
          autoComplete="off"
          aria-describedby={hintId}
          data-testid="catalogue-search"
          onChange={(event) => onChange(event.target.value)}
        />
        <button type="submit" className="btn btn-primary">
          {t('catalogue.searchButton')}
        </button>
      </div>
    </form>
  );
}

function CatalogueEntry({ municipality, item }: { municipality: string; item: CatalogueItem }) {
  const language = useLanguage();
  const requirements = itemRequirements(item);
  return (
    <li className="card" data-testid="catalogue-item">
      <h3>
        <Link to={`/${municipality}/e-tjanster/${item.eserviceId}`}>{textIn(item.title, language)}</Link>
      </h3>
      <p>{textIn(item.summary, language)}</p>
      <AccessNote requirements={requirements} />
      {item.maturityLevel !== undefined && <MaturityNote level={item.maturityLevel} />}
    </li>
  );
}

const byTitle = (items: CatalogueItem[], language: Language): CatalogueItem[] =>
  [...items].sort((a, b) => (textIn(a.title, language) ?? '').localeCompare(textIn(b.title, language) ?? '', language));
