import type { RJSFSchema, WidgetProps } from '@rjsf/utils';
import { useState } from 'react';
import type { Answers } from '../portalApi';
import { hasErrors } from './ids';
import { chooseRank, rankingAnswer, ranksOf } from './ranking';
import { languageOf, themeTexts, type PortalFormContext } from './texts';

type Props = WidgetProps<Answers, RJSFSchema, PortalFormContext>;

/**
 * The ranked choice field ("rank your preschools 1–n"): one labelled drop-down list per rank
 * ("Val 1", "Val 2", …) in the field's fieldset, so it works with keyboard and screen reader
 * without dragging. Choosing an option that another rank holds swaps the two, so every option
 * appears once; a live region says what moved. The answer is the chosen options in rank order.
 */
export function RankingWidget(props: Props) {
  const { id, value, options, schema, disabled, readonly, rawErrors, hideError, registry, onChange, onBlur, onFocus } = props;
  const texts = themeTexts(languageOf(registry.formContext));
  const choices = options.enumOptions ?? [];
  const count = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : choices.length, choices.length);
  // ranks left empty in between are kept while the citizen works, not closed up under the cursor
  const [ranks, setRanks] = useState(() => ranksOf(value, count));
  const shown = ranks.length === count && JSON.stringify(rankingAnswer(ranks) ?? []) === JSON.stringify(Array.isArray(value) ? value : []) ? ranks : ranksOf(value, count);
  const [status, setStatus] = useState('');
  const labelOf = (option: string) => String(choices.find((c) => c.value === option)?.label ?? option);
  const choose = (rank: number, option: string) => {
    const { ranks: next, swapped } = chooseRank(shown, rank, option);
    setRanks(next);
    setStatus(!option ? '' : swapped ? texts.rankSwapped(labelOf(option), rank + 1, labelOf(swapped.option), swapped.rank + 1) : texts.ranked(labelOf(option), rank + 1));
    onChange(rankingAnswer(next));
  };
  const invalid = hasErrors(rawErrors, hideError);
  return (
    <div className="ranking">
      <ol className="ranking-ranks">
        {shown.map((option, rank) => {
          const selectId = rank === 0 ? id : `${id}__rank-${rank + 1}`;
          return (
            <li key={rank} className="ranking-rank">
              <label htmlFor={selectId} className="ranking-label">
                {texts.rank(rank + 1)}
              </label>
              <select
                id={selectId}
                className={`form-control${invalid ? ' form-control-error' : ''}`}
                value={option}
                disabled={disabled || readonly}
                aria-invalid={invalid || undefined}
                onChange={(event) => choose(rank, event.target.value)}
                onBlur={() => onBlur(id, value)}
                onFocus={() => onFocus(id, value)}
              >
                <option value="">{texts.choose}</option>
                {choices.map((choice) => (
                  <option key={String(choice.value)} value={String(choice.value)}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </div>
  );
}
