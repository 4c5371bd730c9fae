// A dashboard: its cards on the 12-column grid of its layout (CSS grid; one column on narrow
// screens), all run once through POST /api/dashboards/{id}/run. Each card shows its own
// loading state, result (the card editor's renderers), error or timeout, and how old a cached
// result is; Refresh runs every card again without the cache. The filter bar's values live in
// the address (`?f.<filterId>=<JSON>`, see components/dashboards/filterState.ts) and go with
// every run, so changing a filter reruns the cards and a link reproduces the view. The filter
// bar's menu applies, saves, renames and deletes filter views. Owners and editors switch to
// the edit mode (DashboardEditor: layout, cards, filters, title), which a new dashboard opens in
// (router state `{ edit: true }` from the list's "New dashboard"); the owner and administrators
// also see Share and Delete.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { getCard } from '../../api/cards';
import { getDashboard, runDashboard } from '../../api/dashboards';
import { apiErrorFromResponse } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';
import type {
  Card,
  DashboardCardFailure,
  DashboardCardSuccess,
  DashboardRunResult,
  LayoutItem,
} from '../../api/types';
import { CardOutput } from '../../components/cards/OutputPanel';
import { RunErrorView } from '../../components/cards/RunErrorView';
import { DeleteDashboardButton } from '../../components/dashboards/DeleteDashboardButton';
import { FilterBar } from '../../components/dashboards/FilterBar';
import { FilterViewsMenu } from '../../components/dashboards/FilterViewsMenu';
import {
  filterValuesFrom,
  hasFilterValues,
  withFilterValue,
  withFilterValues,
  withoutFilterValues,
} from '../../components/dashboards/filterState';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { ShareButton } from '../../components/sharing/ShareButton';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { DashboardEditor } from './DashboardEditor';
import { PermissionBadge } from '../../components/dashboards/PermissionBadge';

type CardEntry = DashboardCardSuccess | DashboardCardFailure;

export function DashboardPage() {
  const { t } = useTranslation(['dashboards', 'common']);
  const dashboardId = useParams().dashboardId ?? '';
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const openInEdit = (location.state as { edit?: boolean } | null)?.edit === true;
  const [editing, setEditing] = useState(openInEdit);
  // The flag opens the edit mode once: it leaves the history entry, so a reload shows the view.
  useEffect(() => {
    if (openInEdit)
      void navigate(
        { pathname: location.pathname, search: location.search, hash: location.hash },
        { replace: true, state: null },
      );
  }, [openInEdit, location.pathname, location.search, location.hash, navigate]);
  // 0: the first run (the cache may answer); each Refresh bumps it and runs without the cache.
  const [refreshes, setRefreshes] = useState(0);
  const dashboard = useQuery({
    queryKey: queryKeys.dashboard(dashboardId),
    queryFn: () => getDashboard(dashboardId),
  });
  const [params, setParams] = useSearchParams();
  const filters = dashboard.data?.filters ?? [];
  const filterValues = filterValuesFrom(filters, params);
  const sentFilters = filters.length > 0 ? filterValues : undefined;
  const run = useQuery({
    queryKey: [...queryKeys.dashboardRun(dashboardId), refreshes, sentFilters ?? null],
    queryFn: ({ signal }) => runDashboard(dashboardId, refreshes > 0, signal, sentFilters),
    enabled: dashboard.isSuccess,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const layout = dashboard.data?.layout ?? [];
  const cardIds = [...new Set(layout.map((item) => item.cardId))];
  const cards = useQueries({
    queries: cardIds.map((cardId) => ({
      queryKey: queryKeys.card(cardId),
      queryFn: () => getCard(cardId),
    })),
  });
  const cardById = new Map<string, Card>();
  for (const q of cards) if (q.data) cardById.set(q.data.cardId, q.data);
  useDocumentTitle(dashboard.data?.title ?? t('title'));

  if (dashboard.isPending) return <p className="muted">{t('common:state.loading')}</p>;
  if (dashboard.isError)
    return (
      <section className="page">
        <Link to="/dashboards">{t('page.back')}</Link>
        <ErrorNotice error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      </section>
    );

  const d = dashboard.data;
  const running = run.isFetching;
  const canEdit = d.permission === 'owner' || d.permission === 'edit';

  if (editing && canEdit) {
    // A card's last result by card id (the edit may reorder, add or remove placements).
    const renderBody = (cardId: string) => {
      const entry = run.data && (run.data.cards as CardEntry[]).find((e) => e.cardId === cardId);
      const card = cardById.get(cardId);
      if (!entry) return <p className="muted">{t('edit.notRunYet')}</p>;
      return (
        <CardBody
          entry={entry}
          card={card}
          title={card?.title ?? cardId}
          loading={running}
          failed={false}
          onRetry={() => setRefreshes((n) => n + 1)}
        />
      );
    };
    return (
      <DashboardEditor dashboard={d} renderBody={renderBody} onClose={() => setEditing(false)} />
    );
  }
  // Stacking order on narrow screens: top to bottom, then left to right.
  const placed = layout
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.y ?? 0) - (b.item.y ?? 0) || (a.item.x ?? 0) - (b.item.x ?? 0));

  return (
    <section className="page dashboard">
      <div className="page__header">
        <Link to="/dashboards" className="dashboard__back">
          {t('page.back')}
        </Link>
        <h1>{d.title}</h1>
        <PermissionBadge permission={d.permission} />
        {run.data && !running && <Freshness run={run.data} />}
        <button
          type="button"
          className="button"
          title={t('page.refreshHint')}
          disabled={running || layout.length === 0}
          onClick={() => setRefreshes((n) => n + 1)}
        >
          {running ? t('page.refreshing') : t('page.refresh')}
        </button>
        {canEdit && (
          <button type="button" className="button button--primary" onClick={() => setEditing(true)}>
            {t('edit.edit')}
          </button>
        )}
        {/* Rendered for the owner and administrators only (the button decides). */}
        <ShareButton dashboard={d} />
        <DeleteDashboardButton dashboard={d} />
      </div>
      {d.description && <p className="muted">{d.description}</p>}
      <FilterBar
        dashboardId={dashboardId}
        filters={filters}
        values={filterValues}
        onChange={(filter, value) =>
          setParams((prev) => withFilterValue(prev, filter, value), { replace: true })
        }
        onReset={() => setParams((prev) => withoutFilterValues(prev), { replace: true })}
        canReset={hasFilterValues(params)}
      >
        <FilterViewsMenu
          dashboard={d}
          userId={session?.user.userId}
          values={filterValues}
          onApply={(values) =>
            setParams((prev) => withFilterValues(prev, filters, values), { replace: true })
          }
        />
      </FilterBar>
      {run.isError && <ErrorNotice error={run.error} onRetry={() => void run.refetch()} />}
      {layout.length === 0 ? (
        <p className="muted">{t('page.noCards')}</p>
      ) : (
        <div className="dashboard-grid">
          {placed.map(({ item, index }) => (
            <DashboardCell
              key={`${item.cardId}-${index}`}
              item={item}
              card={cardById.get(item.cardId)}
              entry={run.data ? entryFor(run.data, item, index) : undefined}
              loading={running}
              failed={run.isError && !run.data}
              onRetry={() => setRefreshes((n) => n + 1)}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** The run's entry for a placement: entries come in layout order (else matched by card id). */
function entryFor(run: DashboardRunResult, item: LayoutItem, index: number): CardEntry | undefined {
  const cards = run.cards as CardEntry[];
  const same = cards[index];
  if (same && same.cardId === item.cardId) return same;
  return cards.find((entry) => entry.cardId === item.cardId);
}

function isSuccess(entry: CardEntry): entry is DashboardCardSuccess {
  return entry.status === 200;
}

function DashboardCell({
  item,
  card,
  entry,
  loading,
  failed,
  onRetry,
}: {
  item: LayoutItem;
  card: Card | undefined;
  entry: CardEntry | undefined;
  loading: boolean;
  failed: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation('dashboards');
  const title = card?.title ?? t('page.untitled', { id: item.cardId });
  const style = {
    '--dashboard-x': (item.x ?? 0) + 1,
    '--dashboard-y': (item.y ?? 0) + 1,
    '--dashboard-w': item.w ?? 6,
    '--dashboard-h': item.h ?? 4,
  } as CSSProperties;
  const titleId = `dashboard-card-${item.cardId}-${item.x ?? 0}-${item.y ?? 0}`;

  const body = (
    <CardBody
      entry={entry}
      card={card}
      title={title}
      loading={loading}
      failed={failed}
      onRetry={onRetry}
    />
  );

  return (
    <article
      className={`dashboard-grid__cell${loading && entry ? ' dashboard-grid__cell--stale' : ''}`}
      style={style}
      aria-labelledby={titleId}
      aria-busy={loading}
    >
      <header className="dashboard-grid__cell-header">
        <h2 id={titleId}>
          <Link to={`/cards/${encodeURIComponent(item.cardId)}`}>{title}</Link>
        </h2>
        {loading && entry ? (
          <span className="muted small" role="status">
            {t('page.cardLoading')}
          </span>
        ) : (
          entry &&
          isSuccess(entry) && (
            <span className="muted small">
              {entry.cached ? <CachedAge seconds={entry.ageSeconds} /> : t('page.fresh')}
            </span>
          )
        )}
      </header>
      <div className="dashboard-grid__cell-body">{body}</div>
    </article>
  );
}

/** A card's result by kind, its error, or its loading state. */
function CardBody({
  entry,
  card,
  title,
  loading,
  failed,
  onRetry,
}: {
  entry: CardEntry | undefined;
  card: Card | undefined;
  title: string;
  loading: boolean;
  failed: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation('dashboards');
  if (!entry)
    return loading ? (
      <p className="muted" role="status">
        {t('page.cardLoading')}
      </p>
    ) : failed ? null : (
      <p className="muted">{t('page.notReturned')}</p>
    );
  if (isSuccess(entry))
    return <CardOutput result={entry.result} display={card?.display ?? {}} title={title} />;
  const error = apiErrorFromResponse(entry.status, { error: entry.error, requestId: '' });
  return <RunErrorView error={error} onRetry={onRetry} />;
}

function CachedAge({ seconds }: { seconds: number }) {
  const { t } = useTranslation('dashboards');
  return <>{t('page.cachedAge', { age: useAgeText(seconds) })}</>;
}

function useAgeText(seconds: number) {
  const { t } = useTranslation('dashboards');
  if (seconds < 60) return t('page.seconds', { count: Math.max(0, Math.round(seconds)) });
  if (seconds < 3600) return t('page.minutes', { count: Math.floor(seconds / 60) });
  return t('page.hours', { count: Math.floor(seconds / 3600) });
}

/** How fresh the shown results are: the oldest cached one, or "all fresh". */
function Freshness({ run }: { run: DashboardRunResult }) {
  const { t } = useTranslation('dashboards');
  const ages = (run.cards as CardEntry[])
    .filter(isSuccess)
    .filter((entry) => entry.cached)
    .map((entry) => entry.ageSeconds);
  const oldest = ages.length > 0 ? Math.max(...ages) : null;
  const ageText = useAgeText(oldest ?? 0);
  return (
    <span className="muted small dashboard__freshness" role="status">
      {oldest === null ? t('page.allFresh') : t('page.oldest', { age: ageText })}
    </span>
  );
}
