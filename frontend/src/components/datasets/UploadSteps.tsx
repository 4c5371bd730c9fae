// Where an upload is: a step indicator (upload -> convert and check -> done) and, while the
// file is sent, a progress bar fed by the browser's upload progress events.
import { useTranslation } from 'react-i18next';
import type { UploadProgress } from '../../api/upload';
import { useFormat } from '../../i18n/format';

export type UploadStage = 'upload' | 'import' | 'done';
const stages: UploadStage[] = ['upload', 'import', 'done'];

function stageOf(progress: UploadProgress | null, finished: boolean): UploadStage {
  if (finished) return 'done';
  return progress?.phase === 'importing' ? 'import' : 'upload';
}

export function UploadSteps({
  progress,
  finished,
}: {
  progress: UploadProgress | null;
  finished: boolean;
}) {
  const { t } = useTranslation('datasets');
  const format = useFormat();
  const stage = stageOf(progress, finished);
  const current = stages.indexOf(stage);
  const fraction = progress && progress.total > 0 ? progress.loaded / progress.total : 0;

  return (
    <div className="upload-steps">
      <ol className="steps" aria-label={t('uploadDialog.steps.label')}>
        {stages.map((name, index) => (
          <li
            key={name}
            className={`steps__step steps__step--${index < current ? 'done' : index === current ? 'current' : 'todo'}`}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="steps__number">{index < current ? '✓' : index + 1}</span>
            {t(`uploadDialog.steps.${name}`)}
          </li>
        ))}
      </ol>
      {stage === 'upload' && (
        <div className="progress">
          <progress
            className="progress__bar"
            max={1}
            value={fraction}
            aria-label={t('uploadDialog.steps.upload')}
          />
          <div className="progress__text">
            {t('uploadDialog.progress', {
              loaded: format.bytes(progress?.loaded ?? 0),
              total: format.bytes(progress?.total ?? 0),
              percent: format.number(fraction, { style: 'percent' }),
            })}
          </div>
        </div>
      )}
      {stage === 'import' && (
        <div className="progress">
          <progress className="progress__bar" aria-label={t('uploadDialog.steps.import')} />
          <div className="progress__text">{t('uploadDialog.importing')}</div>
        </div>
      )}
    </div>
  );
}
