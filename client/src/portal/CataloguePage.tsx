import { textIn, TOPICS, type Language } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { AccessNote } from './AccessNote';
import type { CatalogueItem, catalogueLoader } from './portalApi';

export function CataloguePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipality, items } = useLoaderData<typeof catalogueLoader>();
  const title = t('catalogue.title', { municipality: textIn(municipality.name, language) });
  usePageTitle(title);
  const groups = TOPICS.map((topic) => ({
    topic,
    items: byTitle(
      items.filter((item) => item.topic === topic),
      language,
    ),
  }));
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{t('catalogue.intro')}</p>
      {items.length === 0 && <p>{t('catalogue.empty')}</p>}
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

function CatalogueEntry({ municipality, item }: { municipality: string; item: CatalogueItem }) {
  const language = useLanguage();
  return (
    <li className="card">
      <h3>
        <Link to={`/${municipality}/e-tjanster/${item.eserviceId}`}>{textIn(item.title, language)}</Link>
      </h3>
      <p>{textIn(item.summary, language)}</p>
      <AccessNote access={item.access} />
    </li>
  );
}

const byTitle = (items: CatalogueItem[], language: Language): CatalogueItem[] =>
  [...items].sort((a, b) => (textIn(a.title, language) ?? '').localeCompare(textIn(b.title, language) ?? '', language));
