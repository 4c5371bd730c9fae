// A plotly figure from the card, drawn by plotly.js (loaded on first use: it is large). The
// card's display option `chartTitle` replaces the figure's own title.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlotlyResult } from '../../api/types';

export function PlotlyChart({ figure, title }: { figure: PlotlyResult['figure']; title?: string }) {
  const { t } = useTranslation('cards');
  const hostRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | Error>('loading');

  useEffect(() => {
    const host = hostRef.current!;
    let cancelled = false;
    let plotly: (typeof import('plotly.js-dist-min'))['default'] | null = null;
    const layout = { autosize: true, ...figure.layout, ...(title ? { title: { text: title } } : {}) };
    import('plotly.js-dist-min')
      .then(async (module) => {
        plotly = module.default;
        if (cancelled) return;
        await module.default.react(host, figure.data, layout, {
          responsive: true,
          displaylogo: false,
        });
        if (!cancelled) setState('ready');
      })
      .catch((error: unknown) => {
        if (!cancelled) setState(error instanceof Error ? error : new Error(String(error)));
      });
    return () => {
      cancelled = true;
      plotly?.purge(host);
    };
  }, [figure, title]);

  return (
    <div className="plotly-chart">
      {state === 'loading' && <p className="muted">{t('output.loadingChart')}</p>}
      {state instanceof Error && (
        <p className="error-box" role="alert">
          {t('output.chartFailed', { message: state.message })}
        </p>
      )}
      <div ref={hostRef} className="plotly-chart__plot" data-testid="plotly-chart" />
    </div>
  );
}
