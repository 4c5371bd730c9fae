// The card editor (/cards/new and /cards/{id}): title, dataset, Python code with the dataset's
// columns beside it, Run (the unsaved code, through POST /api/cards/preview) with elapsed time
// and Cancel, the result by kind, errors with the failing line highlighted, Save (with the
// version read; a 409 offers reload or overwrite), Save as, and delete. Cards reached through a
// shared dashboard open read-only and run as saved.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { createCard, getCard, previewCard, runCard, updateCard } from '../../api/cards';
import { getDataset, listDatasets } from '../../api/datasets';
import { ConflictError } from '../../api/errors';
import { queryKeys } from '../../api/queryKeys';
import type { Card, CardRunResult, Dataset } from '../../api/types';
import type { CodeEditorHandle } from '../../components/cards/CodeEditor';
import { failingLineOf, stdoutOf } from '../../components/cards/cardErrors';
import { DatasetColumns } from '../../components/cards/DatasetColumns';
import { DeleteCardDialog } from '../../components/cards/DeleteCardDialog';
import { DisplayFields } from '../../components/cards/DisplayFields';
import {
  changedFields,
  cleanDisplay,
  draftOf,
  rebase,
  type CardDraft,
} from '../../components/cards/draft';
import { CardOutput, StdoutView } from '../../components/cards/OutputPanel';
import { RunErrorView } from '../../components/cards/RunErrorView';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/errors/ErrorNotice';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFormat } from '../../i18n/format';

const CodeEditor = lazy(() => import('../../components/cards/CodeEditor'));

/** Navigation state of the editor's own moves after a save (not "leaving" the card). */
interface SavedMove {
  saved: true;
}

export function CardEditorPage() {
  const { cardId = 'new' } = useParams();
  const isNew = cardId === 'new';
  const { t } = useTranslation(['cards', 'common']);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: queryKeys.card(cardId),
    queryFn: () => getCard(cardId),
    enabled: !isNew,
  });
  // The card the editor started from (undefined while it loads). A new address starts a new
  // editor, unless the editor moved there itself after saving: then it keeps its text and last
  // result. `seen` is the address the page last followed.
  const [session, setSession] = useState<{
    cardId: string;
    initial: Card | null | undefined;
    key: number;
  }>({ cardId, initial: isNew ? null : undefined, key: 1 });
  const [seen, setSeen] = useState(cardId);
  if (seen !== cardId) {
    setSeen(cardId);
    if (session.cardId !== cardId)
      setSession({ cardId, initial: isNew ? null : undefined, key: session.key + 1 });
  }
  const fresh = query.data && (query.isFetchedAfterMount || !query.isStale);
  if (session.initial === undefined && session.cardId === cardId && fresh)
    setSession({ ...session, initial: query.data });

  if (session.initial === undefined) {
    if (query.isError)
      return (
        <section className="page">
          <Link to="/cards" className="back-link">
            ← {t('editor.back')}
          </Link>
          <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        </section>
      );
    return <p className="muted">{t('common:state.loading')}</p>;
  }

  return (
    <CardEditor
      key={session.key}
      initial={session.initial}
      onSaved={(card, { replace }) => {
        queryClient.setQueryData(queryKeys.card(card.cardId), card);
        void queryClient.invalidateQueries({ queryKey: queryKeys.cards });
        setSession({ ...session, cardId: card.cardId });
        if (card.cardId !== cardId)
          navigate(`/cards/${encodeURIComponent(card.cardId)}`, {
            replace,
            state: { saved: true } satisfies SavedMove,
          });
      }}
      onReload={async () => {
        const theirs = await queryClient.fetchQuery({
          queryKey: queryKeys.card(cardId),
          queryFn: () => getCard(cardId),
          staleTime: 0,
        });
        setSession({ cardId, initial: theirs, key: session.key + 1 });
      }}
      onDeleted={(card) => {
        queryClient.removeQueries({ queryKey: queryKeys.card(card.cardId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.cards });
        navigate('/cards', { replace: true, state: { saved: true } satisfies SavedMove });
      }}
    />
  );
}

type RunState =
  | { status: 'idle' }
  | { status: 'running'; startedAt: number }
  | { status: 'done'; response: CardRunResult; elapsedMs: number }
  | { status: 'failed'; error: unknown; elapsedMs: number }
  | { status: 'cancelled' };

interface EditorProps {
  initial: Card | null;
  onSaved: (card: Card, how: { replace: boolean }) => void;
  onReload: () => Promise<void>;
  onDeleted: (card: Card) => void;
}

function CardEditor({ initial, onSaved, onReload, onDeleted }: EditorProps) {
  const { t } = useTranslation(['cards', 'common']);
  const [base, setBase] = useState<Card | null>(initial);
  const [draft, setDraft] = useState<CardDraft>(() =>
    initial
      ? draftOf(initial)
      : { title: '', description: '', datasetId: '', code: t('editor.starterCode'), display: {} },
  );
  const [startDraft] = useState(draft);
  const readOnly = base?.readOnly ?? false;
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const [errorLine, setErrorLine] = useState<number | null>(null);
  const [problem, setProblem] = useState<'title' | 'dataset' | null>(null);
  const [dialog, setDialog] = useState<'saveAs' | 'delete' | null>(null);
  const editorRef = useRef<CodeEditorHandle>(null);
  const abortRef = useRef<AbortController | null>(null);
  // The text as typed, for a Ctrl+Enter that comes before React has re-rendered.
  const codeRef = useRef(draft.code);
  useDocumentTitle(draft.title.trim() || t('editor.newTitle'));

  const datasets = useQuery({
    queryKey: [...queryKeys.datasets, 'picker'],
    queryFn: allDatasets,
    enabled: !readOnly,
  });
  const dataset = useQuery({
    queryKey: queryKeys.dataset(draft.datasetId),
    queryFn: () => getDataset(draft.datasetId),
    enabled: draft.datasetId !== '',
  });
  // A new card starts on the newest dataset.
  const firstDataset = datasets.data?.[0]?.datasetId;
  if (!initial && !base && draft.datasetId === '' && firstDataset)
    setDraft({ ...draft, datasetId: firstDataset });

  // A new card counts as changed once something besides the preselected dataset changed.
  const dirty =
    Object.keys(
      base
        ? changedFields(draftOf(base), draft)
        : changedFields(startDraft, { ...draft, datasetId: startDraft.datasetId }),
    ).length > 0;

  const save = useMutation({
    // `sent` is the draft as it was when the user saved.
    mutationFn: ({ sent, ...how }: { version?: number; asNew?: string; sent: CardDraft }) => {
      if (how.asNew !== undefined || !base)
        return createCard({
          title: (how.asNew ?? sent.title).trim(),
          description: sent.description,
          datasetId: sent.datasetId,
          code: sent.code,
          display: cleanDisplay(sent.display),
        });
      const changes = changedFields(draftOf(base), sent);
      return updateCard(base.cardId, { ...changes, version: how.version ?? base.version });
    },
    onSuccess: (card, { sent }) => {
      setBase(card);
      // Fields left as they were sent now show the saved card (after an overwrite, that
      // includes the other person's changes to fields this user did not touch); anything typed
      // while saving stays.
      setDraft((current) => rebase(current, sent, draftOf(card)));
      setDialog(null);
      // A first save replaces /cards/new in the history; Save as adds the copy's address.
      onSaved(card, { replace: !base });
    },
  });
  const conflict = save.error instanceof ConflictError ? save.error : null;

  const trySave = (how: { asNew?: string } = {}) => {
    const title = how.asNew ?? draft.title;
    if (title.trim() === '') return setProblem('title');
    if (draft.datasetId === '') return setProblem('dataset');
    setProblem(null);
    if (!how.asNew && base && !dirty) return;
    save.mutate({ ...how, sent: draft });
  };

  const startRun = async () => {
    if (draft.datasetId === '') return setProblem('dataset');
    setProblem(null);
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    const startedAt = performance.now();
    setErrorLine(null);
    setRun({ status: 'running', startedAt });
    try {
      const response =
        readOnly && base
          ? await runCard(base.cardId, controller.signal)
          : await previewCard(
              { datasetId: draft.datasetId, code: codeRef.current },
              controller.signal,
            );
      if (abortRef.current !== controller) return;
      setRun({ status: 'done', response, elapsedMs: performance.now() - startedAt });
    } catch (error) {
      if (abortRef.current !== controller) return;
      if (controller.signal.aborted) return setRun({ status: 'cancelled' });
      setRun({ status: 'failed', error, elapsedMs: performance.now() - startedAt });
      setErrorLine(failingLineOf(error));
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  };
  const cancelRun = () => abortRef.current?.abort();
  // Leaving the page ends a run still going.
  useEffect(() => () => abortRef.current?.abort(), []);

  // Unsaved changes: ask before leaving the card for another page, or closing the tab.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      currentLocation.pathname !== nextLocation.pathname &&
      !(nextLocation.state as SavedMove | null)?.saved,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const datasetOptions = pickerOptions(datasets.data, dataset.data, draft.datasetId);

  return (
    <section className="page card-editor">
      <Link to="/cards" className="back-link">
        ← {t('editor.back')}
      </Link>
      <div className="page__header card-editor__header">
        {readOnly ? (
          <h1>{draft.title}</h1>
        ) : (
          <input
            className="card-editor__title"
            aria-label={t('editor.titleLabel')}
            placeholder={t('editor.untitled')}
            value={draft.title}
            maxLength={200}
            onChange={(event) => setDraft({ ...draft, title: event.target.value })}
          />
        )}
        {!readOnly && (
          <>
            <span className="muted small card-editor__state" role="status">
              {dirty || !base ? t('editor.unsaved') : t('editor.saved')}
            </span>
            {base && (
              <button type="button" className="button" onClick={() => setDialog('saveAs')}>
                {t('editor.saveAs')}
              </button>
            )}
            <button
              type="button"
              className="button button--primary"
              disabled={save.isPending || (base !== null && !dirty)}
              onClick={() => trySave()}
            >
              {save.isPending ? t('editor.saving') : t('editor.save')}
            </button>
            {base && (
              <button
                type="button"
                className="button button--danger"
                onClick={() => setDialog('delete')}
              >
                {t('editor.deleteCard')}
              </button>
            )}
          </>
        )}
      </div>
      {readOnly && <p className="notice">{t('editor.readOnly')}</p>}
      {problem && (
        <p className="error-box" role="alert">
          {problem === 'title' ? t('editor.titleRequired') : t('editor.datasetRequired')}
        </p>
      )}
      {conflict ? (
        <div className="error-box card-editor__conflict" role="alert">
          <p>{t('editor.conflict', { version: conflict.currentVersion ?? '?' })}</p>
          <button type="button" className="button" onClick={() => void onReload()}>
            {t('editor.reloadTheirs')}
          </button>{' '}
          <button
            type="button"
            className="button button--primary"
            disabled={save.isPending}
            onClick={() =>
              save.mutate({ version: conflict.currentVersion ?? base?.version, sent: draft })
            }
          >
            {t('editor.overwrite')}
          </button>
        </div>
      ) : (
        save.error && dialog !== 'saveAs' && <ErrorNotice error={save.error} />
      )}

      <details className="card-editor__details">
        <summary>{t('editor.details')}</summary>
        <label className="field">
          <span>{t('editor.description')}</span>
          <textarea
            value={draft.description}
            rows={2}
            maxLength={4000}
            readOnly={readOnly}
            onChange={(event) => setDraft({ ...draft, description: event.target.value })}
          />
        </label>
        <DisplayFields
          display={draft.display}
          readOnly={readOnly}
          onChange={(display) => setDraft({ ...draft, display })}
        />
      </details>

      <div className="card-editor__body">
        <aside className="card-editor__side">
          <label className="field">
            <span>{t('editor.dataset')}</span>
            <select
              value={draft.datasetId}
              disabled={readOnly}
              onChange={(event) => setDraft({ ...draft, datasetId: event.target.value })}
            >
              {draft.datasetId === '' && <option value="">{t('editor.chooseDataset')}</option>}
              {datasetOptions.map((option) => (
                <option key={option.datasetId} value={option.datasetId}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          {datasets.isSuccess && datasets.data.length === 0 && (
            <p className="muted small">{t('editor.noDatasets')}</p>
          )}
          {datasets.isError && <ErrorNotice error={datasets.error} />}
          <DatasetColumns
            columns={dataset.data?.datasetId === draft.datasetId ? dataset.data.schema : undefined}
            onInsert={readOnly ? null : (name) => editorRef.current?.insert(name)}
          />
        </aside>

        <div className="card-editor__main">
          <div className="card-editor__code">
            <Suspense fallback={<p className="muted">{t('editor.loadingEditor')}</p>}>
              <CodeEditor
                ref={editorRef}
                value={draft.code}
                onChange={(code) => {
                  codeRef.current = code;
                  setDraft((d) => ({ ...d, code }));
                }}
                onRun={() => void startRun()}
                readOnly={readOnly}
                errorLine={errorLine}
                columns={dataset.data?.schema.map((column) => column.name) ?? []}
                label={t('editor.codeLabel')}
              />
            </Suspense>
          </div>
          <div className="card-editor__runbar">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void startRun()}
              title={t('editor.runShortcut')}
            >
              ▶ {t('editor.run')}
            </button>
            <kbd className="muted small">{t('editor.runShortcut')}</kbd>
            {run.status === 'running' && (
              <button type="button" className="button" onClick={cancelRun}>
                {t('editor.cancel')}
              </button>
            )}
            <RunStatus run={run} />
          </div>
          <section className="card-editor__output" aria-label={t('editor.output')}>
            <RunOutput
              run={run}
              draft={draft}
              onRetry={() => void startRun()}
              onGoToLine={(line) => editorRef.current?.goToLine(line)}
            />
          </section>
        </div>
      </div>

      {dialog === 'saveAs' && (
        <SaveAsDialog
          initialTitle={t('editor.copyOf', { title: draft.title.trim() })}
          busy={save.isPending}
          error={save.error}
          onClose={() => {
            save.reset();
            setDialog(null);
          }}
          onSave={(title) => trySave({ asNew: title })}
        />
      )}
      {dialog === 'delete' && base && (
        <DeleteCardDialog
          card={base}
          onClose={() => setDialog(null)}
          onDeleted={() => onDeleted(base)}
        />
      )}
      {blocker.state === 'blocked' && (
        <Dialog
          title={t('editor.leaveTitle')}
          onClose={() => blocker.reset()}
          footer={
            <>
              <button type="button" className="button" onClick={() => blocker.reset()}>
                {t('editor.stay')}
              </button>
              <button
                type="button"
                className="button button--danger button--primary"
                onClick={() => blocker.proceed()}
              >
                {t('editor.leave')}
              </button>
            </>
          }
        >
          <p>{t('editor.leaveBody')}</p>
        </Dialog>
      )}
    </section>
  );
}

/** Every dataset the user may pick (all pages of the list; administrators see everyone's). */
async function allDatasets(): Promise<Dataset[]> {
  const all: Dataset[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const answer = await listDatasets(cursor, { limit: 100 });
    all.push(...answer.items);
    cursor = answer.nextCursor ?? null;
    if (!cursor) break;
  }
  return all;
}

/** The picker's choices: the list, plus the card's dataset when the list lacks it. */
function pickerOptions(list: Dataset[] | undefined, current: Dataset | undefined, id: string) {
  const options = list ? [...list] : [];
  if (id !== '' && !options.some((d) => d.datasetId === id))
    options.unshift(current?.datasetId === id ? current : ({ datasetId: id, name: id } as Dataset));
  return options;
}

function RunStatus({ run }: { run: RunState }) {
  const { t } = useTranslation('cards');
  const format = useFormat();
  const seconds = (ms: number) =>
    format.number(ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (run.status !== 'running') return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [run.status]);

  if (run.status === 'running')
    return (
      <span className="muted" role="status">
        {t('editor.running', { seconds: seconds(Math.max(0, now - run.startedAt)) })}
      </span>
    );
  if (run.status === 'cancelled')
    return (
      <span className="muted" role="status">
        {t('editor.cancelled')}
      </span>
    );
  if (run.status === 'done' || run.status === 'failed') {
    const response = run.status === 'done' ? run.response : null;
    return (
      <span className="muted" role="status">
        {t('editor.finished', { seconds: seconds(run.elapsedMs) })}
        {response && (
          <>
            {' · '}
            {response.cached
              ? t('editor.cached', { age: format.number(response.ageSeconds) })
              : t('editor.cardTime', {
                  ms: format.number(response.executionTimeMs, { maximumFractionDigits: 0 }),
                  loadMs: format.number(response.loadTimeMs, { maximumFractionDigits: 0 }),
                })}
          </>
        )}
      </span>
    );
  }
  return null;
}

function RunOutput({
  run,
  draft,
  onRetry,
  onGoToLine,
}: {
  run: RunState;
  draft: CardDraft;
  onRetry: () => void;
  onGoToLine: (line: number) => void;
}) {
  const { t } = useTranslation('cards');
  if (run.status === 'done')
    return (
      <>
        <CardOutput
          result={run.response.result}
          display={draft.display}
          title={draft.title.trim()}
        />
        <StdoutView text={run.response.stdout} truncated={run.response.stdoutTruncated} />
      </>
    );
  if (run.status === 'failed')
    return (
      <>
        <RunErrorView error={run.error} onRetry={onRetry} onGoToLine={onGoToLine} />
        <StdoutView text={stdoutOf(run.error)} truncated={false} />
      </>
    );
  if (run.status === 'idle') return <p className="muted">{t('editor.notRunYet')}</p>;
  return null;
}

function SaveAsDialog({
  initialTitle,
  busy,
  error,
  onClose,
  onSave,
}: {
  initialTitle: string;
  busy: boolean;
  error: unknown;
  onClose: () => void;
  onSave: (title: string) => void;
}) {
  const { t } = useTranslation(['cards', 'common']);
  const [title, setTitle] = useState(initialTitle);
  return (
    <Dialog
      title={t('editor.saveAsTitle')}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common:action.cancel')}
          </button>
          <button
            type="submit"
            form="save-card-as"
            className="button button--primary"
            disabled={busy || title.trim() === ''}
          >
            {t('common:action.save')}
          </button>
        </>
      }
    >
      <form
        id="save-card-as"
        onSubmit={(event) => {
          event.preventDefault();
          onSave(title);
        }}
      >
        <label className="field">
          <span>{t('editor.saveAsName')}</span>
          <input
            value={title}
            required
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
          />
        </label>
      </form>
      {error != null && <ErrorNotice error={error} />}
    </Dialog>
  );
}
