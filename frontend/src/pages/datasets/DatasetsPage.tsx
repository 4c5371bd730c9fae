// The dataset list: name, owner, rows, columns, size and last update, newest first, with the
// upload dialog. Pages of 100 come from GET /api/datasets; "Load more" follows the cursor.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listDatasets } from '../../api/datasets';
import { queryKeys } from '../../api/queryKeys';
import { UploadDialog } from '../../components/datasets/UploadDialog';
import { useOwnerName } from '../../components/datasets/useOwnerName';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useSession } from '../../auth/session';
import { useFormat } from '../../i18n/format';

export function DatasetsPage() {
  const { t } = useTranslation(['datasets', 'common']);
  const format = useFormat();
  const ownerName = useOwnerName();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The upload dialog: closed, open, or open with a file dropped on the page.
  const [uploading, setUploading] = useState<false | { file?: File }>(false);
  // Administrators see every dataset; they may narrow the list to their own.
  const isAdmin = useSession()?.user.role === 'admin';
  const [onlyMine, setOnlyMine] = useState(false);
  useDocumentTitle(t('title'));
  const list = useInfiniteQuery({
    queryKey: queryKeys.datasetList(onlyMine),
    queryFn: ({ pageParam }) => listDatasets(pageParam, { mine: onlyMine }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const datasets = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section
      className="page"
      onDragOver={(event) => {
        if (!uploading && event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        const dropped = event.dataTransfer.files[0];
        if (uploading || !dropped) return;
        event.preventDefault();
        setUploading({ file: dropped });
      }}
    >
      <div className="page__header">
        <h1>{t('title')}</h1>
        {isAdmin && (
          <label className="field--inline only-mine">
            <input
              type="checkbox"
              checked={onlyMine}
              onChange={(event) => setOnlyMine(event.target.checked)}
            />
            <span>{t('onlyMine')}</span>
          </label>
        )}
        <button type="button" className="button button--primary" onClick={() => setUploading({})}>
          {t('upload')}
        </button>
      </div>
      {list.isPending && <p className="muted">{t('common:state.loading')}</p>}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && datasets.length === 0 && <p className="muted">{t('empty')}</p>}
      {datasets.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('columns.name')}</th>
              <th>{t('columns.owner')}</th>
              <th className="numeric">{t('columns.rows')}</th>
              <th className="numeric">{t('columns.columns')}</th>
              <th className="numeric">{t('columns.size')}</th>
              <th>{t('columns.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((dataset) => (
              <tr key={dataset.datasetId}>
                <td>
                  <Link to={`/datasets/${encodeURIComponent(dataset.datasetId)}`}>
                    {dataset.name}
                  </Link>
                  {dataset.description && <div className="muted small">{dataset.description}</div>}
                </td>
                <td>{ownerName(dataset.ownerId)}</td>
                <td className="numeric">{format.number(dataset.rowCount)}</td>
                <td className="numeric">{format.number(dataset.schema.length)}</td>
                <td className="numeric">{format.bytes(dataset.sourceBytes)}</td>
                <td>{format.dateTime(dataset.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button load-more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('loadMore')}
        </button>
      )}
      {uploading && (
        <UploadDialog
          initialFile={uploading.file}
          onClose={() => setUploading(false)}
          onDone={(dataset) => {
            void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
            queryClient.setQueryData(queryKeys.dataset(dataset.datasetId), dataset);
            setUploading(false);
            navigate(`/datasets/${encodeURIComponent(dataset.datasetId)}`);
          }}
        />
      )}
    </section>
  );
}
