// The dashboard's filter bar: one control per defined filter (select, multi-select, numeric
// range, date range) showing the current value. Select filters load their choices from
// GET /api/dashboards/{id}/filters/{filterId}/values, narrowed by a search box. Each change goes
// to `onChange`; the page keeps the values in the address and reruns the cards. The filter
// views menu sits at the end of the bar.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listFilterValues } from '../../api/dashboards';
import { queryKeys } from '../../api/queryKeys';
import type { DashboardFilter, FilterValue, FilterValues } from '../../api/types';
import { ErrorNotice } from '../errors/ErrorNotice';

type Scalar = string | number | boolean;

export function FilterBar({
  dashboardId,
  filters,
  values,
  onChange,
  onReset,
  canReset,
  children,
}: {
  dashboardId: string;
  filters: DashboardFilter[];
  values: FilterValues;
  onChange: (filter: DashboardFilter, value: FilterValue) => void;
  onReset: () => void;
  canReset: boolean;
  /** More controls at the end of the bar (the filter views menu). */
  children?: ReactNode;
}) {
  const { t } = useTranslation('dashboards');
  if (filters.length === 0) return null;
  return (
    <div className="filter-bar" role="group" aria-label={t('filters.label')}>
      {filters.map((filter) => {
        const id = filter.filterId ?? '';
        const value = values[id] ?? null;
        const change = (next: FilterValue) => onChange(filter, next);
        return (
          <fieldset key={id} className="filter-bar__filter">
            <legend>{filter.label ?? filter.column}</legend>
            {filter.kind === 'select' || filter.kind === 'multi_select' ? (
              <ChoiceFilter
                dashboardId={dashboardId}
                filter={filter}
                value={value}
                onChange={change}
              />
            ) : (
              <RangeFilter filter={filter} value={value} onChange={change} />
            )}
          </fieldset>
        );
      })}
      {canReset && (
        <button type="button" className="button" onClick={onReset}>
          {t('filters.reset')}
        </button>
      )}
      {children}
    </div>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

function ChoiceFilter({
  dashboardId,
  filter,
  value,
  onChange,
}: {
  dashboardId: string;
  filter: DashboardFilter;
  value: FilterValue;
  onChange: (value: FilterValue) => void;
}) {
  const { t } = useTranslation('dashboards');
  const id = useId();
  const filterId = filter.filterId ?? '';
  const label = filter.label ?? filter.column;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const choices = useQuery({
    queryKey: queryKeys.filterValues(dashboardId, filterId, q),
    queryFn: ({ signal }) => listFilterValues(dashboardId, filterId, q, signal),
    placeholderData: keepPreviousData,
  });
  const loaded = (choices.data?.values ?? []).filter((v): v is Scalar => v !== null);
  const multi = filter.kind === 'multi_select';
  const selected: Scalar[] = multi
    ? Array.isArray(value)
      ? value
      : []
    : value !== null && typeof value !== 'object'
      ? [value]
      : [];
  // The chosen values stay offered even when the search or the limit leaves them out.
  const keys = new Set(loaded.map((v) => JSON.stringify(v)));
  const options = [...selected.filter((v) => !keys.has(JSON.stringify(v))), ...loaded];
  const chosen = new Set(selected.map((v) => JSON.stringify(v)));

  return (
    <div className="filter-bar__choices">
      <label className="visually-hidden" htmlFor={`${id}-search`}>
        {t('filters.search', { label })}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        className="filter-bar__input"
        placeholder={t('filters.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {choices.isError && (
        <ErrorNotice error={choices.error} onRetry={() => void choices.refetch()} />
      )}
      {multi ? (
        <ul className="filter-bar__options" aria-label={label} aria-busy={choices.isFetching}>
          {options.map((option) => {
            const key = JSON.stringify(option);
            return (
              <li key={key}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(key)}
                    onChange={(e) =>
                      onChange(
                        e.target.checked
                          ? [...selected, option]
                          : selected.filter((v) => JSON.stringify(v) !== key),
                      )
                    }
                  />{' '}
                  {String(option)}
                </label>
              </li>
            );
          })}
          {choices.isSuccess && options.length === 0 && (
            <li className="muted small">{t('filters.noChoices')}</li>
          )}
        </ul>
      ) : (
        <select
          className="filter-bar__input"
          aria-label={label}
          aria-busy={choices.isFetching}
          value={selected.length > 0 ? JSON.stringify(selected[0]) : ''}
          onChange={(e) =>
            onChange(e.target.value === '' ? null : (JSON.parse(e.target.value) as Scalar))
          }
        >
          <option value="">{t('filters.all')}</option>
          {options.map((option) => (
            <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      )}
      {choices.data?.truncated && <p className="muted small">{t('filters.truncated')}</p>}
    </div>
  );
}

function RangeFilter({
  filter,
  value,
  onChange,
}: {
  filter: DashboardFilter;
  value: FilterValue;
  onChange: (value: FilterValue) => void;
}) {
  const { t } = useTranslation('dashboards');
  const label = filter.label ?? filter.column;
  const numeric = filter.kind === 'numeric_range';
  const [lo, hi] = numeric ? (['min', 'max'] as const) : (['from', 'to'] as const);
  const range = (
    value && typeof value === 'object' && !Array.isArray(value) ? value : {}
  ) as Record<string, string | number | null | undefined>;
  const text = (bound: string) =>
    range[bound] === null || range[bound] === undefined ? '' : String(range[bound]);
  // Numbers are typed, so they apply on blur or Enter; dates apply as soon as one is picked.
  const [draft, setDraft] = useState({ [lo]: text(lo), [hi]: text(hi) });
  const shown = `${text(lo)}|${text(hi)}`;
  const [seen, setSeen] = useState(shown);
  if (seen !== shown) {
    setSeen(shown);
    setDraft({ [lo]: text(lo), [hi]: text(hi) });
  }

  const apply = (next: Record<string, string>) => {
    const bound = (s: string | undefined) =>
      s === undefined || s.trim() === '' ? null : numeric ? Number(s) : s;
    const a = bound(next[lo]);
    const b = bound(next[hi]);
    if (numeric && ((a !== null && Number.isNaN(a)) || (b !== null && Number.isNaN(b)))) return;
    const out = a === null && b === null ? null : { [lo]: a, [hi]: b };
    if (JSON.stringify(out) !== JSON.stringify(value ?? null)) onChange(out as FilterValue);
  };

  return (
    <div className="filter-bar__range">
      {[lo, hi].map((bound) => (
        <label key={bound} className="filter-bar__bound">
          <span className="small">{t(`filters.${bound}`)}</span>
          <input
            type={numeric ? 'number' : 'date'}
            className="filter-bar__input"
            aria-label={t(`filters.boundOf`, { label, bound: t(`filters.${bound}`) })}
            value={draft[bound] ?? ''}
            onChange={(e) => {
              const next = { ...draft, [bound]: e.target.value };
              setDraft(next);
              if (!numeric) apply(next);
            }}
            onBlur={() => numeric && apply(draft)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && numeric) apply(draft);
            }}
          />
        </label>
      ))}
    </div>
  );
}
