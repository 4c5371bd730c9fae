// What a run produced, by the result's kind (table, plotly chart, PNG image, KPI, Markdown,
// JSON, nothing), then what the card printed.
import { useTranslation } from 'react-i18next';
import type { CardResult, DisplayOptions, KpiResult } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { MarkdownView } from './MarkdownView';
import { formatKpi } from './numberFormat';
import { PlotlyChart } from './PlotlyChart';
import { ResultTable } from './ResultTable';

interface Props {
  result: CardResult;
  display: DisplayOptions;
  /** The card's title: the KPI's caption unless the display options name one. */
  title: string;
}

export function CardOutput({ result, display, title }: Props) {
  const { t } = useTranslation('cards');
  switch (result.kind) {
    case 'table':
      return <ResultTable result={result} />;
    case 'plotly':
      return <PlotlyChart figure={result.figure} title={display.chartTitle || undefined} />;
    case 'image':
      return (
        <img
          className="image-result"
          src={`data:${result.mimeType};base64,${result.data}`}
          width={result.width}
          height={result.height}
          alt={t('output.imageAlt', { title: title || t('editor.untitled') })}
        />
      );
    case 'kpi':
      return <KpiTile result={result} display={display} title={title} />;
    case 'markdown':
      return <MarkdownView text={result.text} />;
    case 'json':
      return <pre className="json-result">{JSON.stringify(result.value, null, 2)}</pre>;
    case 'empty':
      return <p className="muted">{t('output.empty')}</p>;
  }
}

export function KpiTile({ result, display, title }: { result: KpiResult } & Omit<Props, 'result'>) {
  const format = useFormat();
  // NaN and infinities arrive as null with Python's text ("nan", "inf").
  const text = result.value === null ? result.text : formatKpi(result.value, display, format.locale);
  const label = display.kpiLabel || title;
  return (
    <figure className="kpi-tile">
      <div className="kpi-tile__value" title={result.text}>
        {text}
      </div>
      {label && <figcaption className="kpi-tile__label">{label}</figcaption>}
    </figure>
  );
}

export function StdoutView({ text, truncated }: { text: string; truncated: boolean }) {
  const { t } = useTranslation('cards');
  if (!text) return null;
  return (
    <section className="stdout" aria-label={t('output.stdout')}>
      <h3>{t('output.stdout')}</h3>
      <pre>{text}</pre>
      {truncated && <p className="muted small">{t('output.stdoutTruncated')}</p>}
    </section>
  );
}
