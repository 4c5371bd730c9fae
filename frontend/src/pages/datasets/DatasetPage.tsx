// One dataset: its facts, then tabs for the rows (virtualised preview), the schema and the
// column statistics; actions to download, replace the data, rename and delete.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { downloadDatasetCsv, getDataset } from '../../api/datasets';
import { queryKeys } from '../../api/queryKeys';
import type { Dataset } from '../../api/types';
import { useSession } from '../../auth/session';
import { ColumnStatsTable } from '../../components/datasets/ColumnStatsTable';
import { DeleteDatasetDialog } from '../../components/datasets/DeleteDatasetDialog';
import { PreviewTable } from '../../components/datasets/PreviewTable';
import { RenameDatasetDialog } from '../../components/datasets/RenameDatasetDialog';
import { SchemaTable } from '../../components/datasets/SchemaTable';
import { UploadDialog } from '../../components/datasets/UploadDialog';
import { useOwnerName } from '../../components/datasets/useOwnerName';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { Tabs } from '../../components/Tabs';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';

type Tab = 'preview' | 'schema' | 'stats';
type OpenDialog = 'replace' | 'rename' | 'delete' | null;

export function DatasetPage() {
  const { datasetId = '' } = useParams();
  const { t } = useTranslation(['datasets', 'common']);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = useSession()?.user;
  const [tab, setTab] = useState<Tab>('preview');
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const query = useQuery({
    queryKey: queryKeys.dataset(datasetId),
    queryFn: () => getDataset(datasetId),
  });
  useDocumentTitle(query.data?.name);
  const download = useMutation({
    mutationFn: (dataset: Dataset) => downloadDatasetCsv(dataset.datasetId, dataset.name),
  });

  if (query.isPending) return <p className="muted">{t('common:state.loading')}</p>;
  if (query.isError)
    return (
      <section className="page">
        <Link to="/datasets">← {t('page.back')}</Link>
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      </section>
    );

  const dataset = query.data;
  // Whoever can view a dashboard that uses the dataset may read it too; only its owner and
  // administrators may download, change or delete it (the API answers 404 to the others).
  const canManage = user?.role === 'admin' || user?.userId === dataset.ownerId;
  const changed = (next: Dataset) => {
    queryClient.setQueryData(queryKeys.dataset(next.datasetId), next);
    void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
    setDialog(null);
  };

  return (
    <section className="page">
      <Link to="/datasets" className="back-link">
        ← {t('page.back')}
      </Link>
      <div className="page__header">
        <h1>{dataset.name}</h1>
        {canManage && (
          <>
            <button
              type="button"
              className="button"
              disabled={download.isPending}
              onClick={() => download.mutate(dataset)}
            >
              {download.isPending ? t('page.downloading') : t('page.download')}
            </button>
            <button type="button" className="button" onClick={() => setDialog('replace')}>
              {t('page.replace')}
            </button>
            <button type="button" className="button" onClick={() => setDialog('rename')}>
              {t('page.rename')}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => setDialog('delete')}
            >
              {t('page.delete')}
            </button>
          </>
        )}
      </div>
      {dataset.description && <p>{dataset.description}</p>}
      {download.error && <ErrorNotice error={download.error} />}
      <DatasetFacts dataset={dataset} />

      <Tabs<Tab>
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'preview', label: t('page.tabs.preview') },
          { id: 'schema', label: t('page.tabs.schema') },
          { id: 'stats', label: t('page.tabs.stats') },
        ]}
      >
        {tab === 'preview' && <PreviewTable dataset={dataset} />}
        {tab === 'schema' && <SchemaTable columns={dataset.schema} />}
        {tab === 'stats' && (
          <ColumnStatsTable columns={dataset.schema} rowCount={dataset.rowCount} />
        )}
      </Tabs>

      {dialog === 'replace' && (
        <UploadDialog replacing={dataset} onClose={() => setDialog(null)} onDone={changed} />
      )}
      {dialog === 'rename' && (
        <RenameDatasetDialog
          dataset={dataset}
          onClose={() => setDialog(null)}
          onSaved={changed}
          onReload={() => {
            setDialog(null);
            void query.refetch();
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteDatasetDialog
          dataset={dataset}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            queryClient.removeQueries({ queryKey: queryKeys.dataset(dataset.datasetId) });
            void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
            navigate('/datasets', { replace: true });
          }}
        />
      )}
    </section>
  );
}

function DatasetFacts({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation('datasets');
  const format = useFormat();
  const ownerName = useOwnerName();
  const facts: [string, string][] = [
    [t('page.facts.owner'), ownerName(dataset.ownerId)],
    [t('page.facts.rows'), format.number(dataset.rowCount)],
    [t('page.facts.columns'), format.number(dataset.schema.length)],
    [t('page.facts.sourceSize'), format.bytes(dataset.sourceBytes)],
    [t('page.facts.storedSize'), format.bytes(dataset.storedBytes)],
    [t('page.facts.encoding'), dataset.sourceEncoding],
    [t('page.facts.delimiter'), dataset.delimiter === '\t' ? 'TAB' : dataset.delimiter],
    [t('page.facts.dataVersion'), String(dataset.dataVersion)],
    [t('page.facts.created'), format.dateTime(dataset.createdAt)],
    [t('page.facts.updated'), format.dateTime(dataset.updatedAt)],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label} className="facts__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
