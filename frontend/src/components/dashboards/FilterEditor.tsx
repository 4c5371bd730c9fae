// Edit mode's filter definitions: add, change and remove the dashboard's filters. Each has a
// label, a column from the datasets of the dashboard's cards, a kind (the column's type
// suggests one) and a default value, typed as the column's values are. Saved with the dashboard.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardFilter, FilterKind, FilterValue } from '../../api/types';
import { suggestedKind, type FilterColumn } from './dashboardColumns';

const KINDS: FilterKind[] = ['select', 'multi_select', 'numeric_range', 'date_range'];
export const MAX_FILTERS = 20;

export function FilterEditor({
  filters,
  columns,
  columnsPending,
  onChange,
}: {
  filters: DashboardFilter[];
  columns: FilterColumn[];
  columnsPending: boolean;
  onChange: (filters: DashboardFilter[]) => void;
}) {
  const { t } = useTranslation('dashboards');
  const change = (index: number, next: DashboardFilter) =>
    onChange(filters.map((f, i) => (i === index ? next : f)));

  const add = () => {
    const column = columns[0];
    onChange([
      ...filters,
      {
        filterId: freeFilterId(filters),
        label: column?.name ?? '',
        column: column?.name ?? '',
        kind: suggestedKind(column?.type),
        default: null,
      },
    ]);
  };

  return (
    <section className="filter-editor" aria-label={t('filterEditor.title')}>
      <h2>{t('filterEditor.title')}</h2>
      <p className="muted small">{t('filterEditor.help')}</p>
      {columnsPending && <p className="muted small">{t('filterEditor.loadingColumns')}</p>}
      {!columnsPending && columns.length === 0 && (
        <p className="muted small">{t('filterEditor.noColumns')}</p>
      )}
      {filters.length === 0 && <p className="muted">{t('filterEditor.none')}</p>}
      {filters.map((filter, index) => (
        <FilterRow
          key={filter.filterId ?? index}
          n={index + 1}
          filter={filter}
          columns={columns}
          onChange={(next) => change(index, next)}
          onRemove={() => onChange(filters.filter((_, i) => i !== index))}
        />
      ))}
      <button
        type="button"
        className="button"
        disabled={columns.length === 0 || filters.length >= MAX_FILTERS}
        onClick={add}
      >
        {t('filterEditor.add')}
      </button>
    </section>
  );
}

/** The next of f1, f2, ... that no filter uses (ids stay once saved: the address uses them). */
function freeFilterId(filters: DashboardFilter[]) {
  const taken = new Set(filters.map((f) => f.filterId));
  let n = filters.length + 1;
  while (taken.has(`f${n}`)) n += 1;
  return `f${n}`;
}

function FilterRow({
  n,
  filter,
  columns,
  onChange,
  onRemove,
}: {
  n: number;
  filter: DashboardFilter;
  columns: FilterColumn[];
  onChange: (filter: DashboardFilter) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('dashboards');
  const id = useId();
  const column = columns.find((c) => c.name === filter.column);
  const label = filter.label || filter.column || t('filterEditor.filter', { n });
  return (
    <fieldset className="filter-editor__filter">
      <legend>{t('filterEditor.filter', { n })}</legend>
      <label className="field">
        <span>{t('filterEditor.label')}</span>
        <input
          value={filter.label ?? ''}
          maxLength={100}
          onChange={(e) => onChange({ ...filter, label: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('filterEditor.column')}</span>
        <select
          value={filter.column}
          onChange={(e) => {
            const next = columns.find((c) => c.name === e.target.value);
            const relabel = !filter.label || filter.label === filter.column;
            onChange({
              ...filter,
              column: e.target.value,
              label: relabel ? e.target.value : filter.label,
              kind: suggestedKind(next?.type),
              default: null,
            });
          }}
        >
          {filter.column === '' && <option value="">{t('filterEditor.chooseColumn')}</option>}
          {filter.column !== '' && !column && (
            <option value={filter.column}>
              {t('filterEditor.missingColumn', { column: filter.column })}
            </option>
          )}
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {t('filterEditor.columnType', { column: c.name, type: c.type })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('filterEditor.kind')}</span>
        <select
          value={filter.kind}
          onChange={(e) =>
            onChange({ ...filter, kind: e.target.value as FilterKind, default: null })
          }
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`filterEditor.kinds.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="field" role="group" aria-labelledby={`${id}-default`}>
        <span id={`${id}-default`}>{t('filterEditor.default')}</span>
        <DefaultInput
          filter={filter}
          type={column?.type}
          onChange={(value) => onChange({ ...filter, default: value })}
        />
      </div>
      <button
        type="button"
        className="button button--danger filter-editor__remove"
        aria-label={t('filterEditor.remove', { label })}
        onClick={onRemove}
      >
        {t('edit.removeShort')}
      </button>
    </fieldset>
  );
}

type Scalar = string | number | boolean;

/** A typed value of the column from text: numbers for number columns, true/false for bool. */
function scalarOf(text: string, type: FilterColumn['type'] | undefined): Scalar | null {
  const s = text.trim();
  if (s === '') return null;
  if (type === 'int64' || type === 'float64') {
    const n = Number(s);
    return Number.isNaN(n) ? null : n;
  }
  if (type === 'bool') return s === 'true';
  return s;
}

function DefaultInput({
  filter,
  type,
  onChange,
}: {
  filter: DashboardFilter;
  type: FilterColumn['type'] | undefined;
  onChange: (value: FilterValue) => void;
}) {
  const { t } = useTranslation('dashboards');
  const value = filter.default ?? null;
  const range = (
    value && typeof value === 'object' && !Array.isArray(value) ? value : {}
  ) as Record<string, string | number | null | undefined>;
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

  if (filter.kind === 'numeric_range' || filter.kind === 'date_range') {
    const numeric = filter.kind === 'numeric_range';
    const [lo, hi] = numeric ? (['min', 'max'] as const) : (['from', 'to'] as const);
    const set = (bound: string, raw: string) => {
      const next = { [lo]: range[lo] ?? null, [hi]: range[hi] ?? null, [bound]: null } as Record<
        string,
        string | number | null
      >;
      if (raw.trim() !== '') next[bound] = numeric ? Number(raw) : raw;
      if (numeric && Number.isNaN(next[bound])) return;
      onChange((next[lo] === null && next[hi] === null ? null : next) as FilterValue);
    };
    return (
      <div className="filter-editor__range">
        {[lo, hi].map((bound) => (
          <label key={bound} className="filter-bar__bound">
            <span className="small">{t(`filters.${bound}`)}</span>
            <input
              type={numeric ? 'number' : 'date'}
              aria-label={t('filters.boundOf', {
                label: t('filterEditor.default'),
                bound: t(`filters.${bound}`),
              })}
              value={text(range[bound])}
              onChange={(e) => set(bound, e.target.value)}
            />
          </label>
        ))}
      </div>
    );
  }

  if (type === 'bool' && filter.kind === 'select')
    return (
      <select
        aria-label={t('filterEditor.defaultValue')}
        value={value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value === 'true')}
      >
        <option value="">{t('filterEditor.defaultNone')}</option>
        <option value="true">{t('filterEditor.trueValue')}</option>
        <option value="false">{t('filterEditor.falseValue')}</option>
      </select>
    );

  const multi = filter.kind === 'multi_select';
  const shown = multi ? (Array.isArray(value) ? value.join(', ') : '') : text(value);
  return (
    <TextDefault
      key={`${filter.kind}-${shown}`}
      initial={shown}
      label={multi ? t('filterEditor.defaultValues') : t('filterEditor.defaultValue')}
      placeholder={t('filterEditor.defaultNone')}
      onCommit={(raw) => {
        if (multi) {
          const items = raw
            .split(',')
            .map((part) => scalarOf(part, type))
            .filter((v): v is Scalar => v !== null);
          onChange(items.length === 0 ? null : items);
        } else onChange(scalarOf(raw, type));
      }}
    />
  );
}

/** Text applied when it loses focus or on Enter (so "1, 2" is not parsed while typing "1,"). */
function TextDefault({
  initial,
  label,
  placeholder,
  onCommit,
}: {
  initial: string;
  label: string;
  placeholder: string;
  onCommit: (text: string) => void;
}) {
  return (
    <input
      aria-label={label}
      placeholder={placeholder}
      defaultValue={initial}
      onBlur={(e) => {
        if (e.target.value !== initial) onCommit(e.target.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onCommit(e.currentTarget.value);
        }
      }}
    />
  );
}
