// The dashboard's cards in edit mode: react-grid-layout on the same 12 columns as the view,
// where a card is dragged by its handle and resized from its corner. Every move also has a
// keyboard way: a focused card moves with the arrow keys and resizes with Shift + arrows, and
// each card has labelled buttons to move, resize and remove it.
import 'react-grid-layout/css/styles.css';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import ReactGridLayout, {
  useContainerWidth,
  verticalCompactor,
  type Layout,
} from 'react-grid-layout';
import { GRID_COLUMNS, type Placement } from './dashboardDraft';
import {
  gridLayoutOf,
  moved,
  placementsFromGrid,
  resized,
  type Move,
  type Resize,
} from './layoutMoves';

/** One grid row in pixels (the view's rows are at least 4 rem). */
const ROW_HEIGHT = 64;
const GAP = 12;

const KEY_MOVES: Record<string, Move> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};
const KEY_RESIZES: Record<string, Resize> = {
  ArrowLeft: 'narrower',
  ArrowRight: 'wider',
  ArrowUp: 'shorter',
  ArrowDown: 'taller',
};

export function EditableGrid({
  layout,
  onChange,
  titleOf,
  renderBody,
  onRemove,
}: {
  layout: Placement[];
  onChange: (layout: Placement[]) => void;
  titleOf: (placement: Placement) => string;
  renderBody: (placement: Placement) => ReactNode;
  onRemove: (placement: Placement) => void;
}) {
  const { t } = useTranslation('dashboards');
  const { width, containerRef, mounted } = useContainerWidth();
  // Where the last card moved by keyboard or button now is, read out by screen readers.
  const [announcement, setAnnouncement] = useState('');

  const change = (next: Placement[], key: string) => {
    onChange(next);
    const placement = next.find((p) => p.key === key);
    if (placement) setAnnouncement(t('edit.cardLabel', whereOf(placement, titleOf(placement))));
  };

  const fromGrid = (grid: Layout) => {
    const next = placementsFromGrid(layout, grid);
    if (JSON.stringify(next) !== JSON.stringify(layout)) onChange(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, placement: Placement) => {
    // Only keys pressed on the card itself, not on its buttons or content.
    if (event.target !== event.currentTarget) return;
    const resize = event.shiftKey ? KEY_RESIZES[event.key] : undefined;
    const move = event.shiftKey ? undefined : KEY_MOVES[event.key];
    if (!resize && !move) return;
    event.preventDefault();
    const next = resize
      ? resized(layout, placement.key, resize)
      : moved(layout, placement.key, move!);
    change(next, placement.key);
  };

  return (
    <div className="dashboard-edit-grid">
      <p className="muted small">{t('edit.gridHelp')}</p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {layout.length === 0 && <p className="muted">{t('edit.emptyGrid')}</p>}
      {/* Narrow screens scroll the 12 columns sideways instead of squeezing them. */}
      <div className="dashboard-edit-grid__scroller">
        <div className="dashboard-edit-grid__sheet" ref={containerRef}>
          {mounted && (
            <ReactGridLayout
              width={width}
              layout={gridLayoutOf(layout)}
              gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [GAP, GAP] }}
              dragConfig={{ enabled: true, handle: '.dashboard-edit-grid__handle' }}
              resizeConfig={{ enabled: true, handles: ['se'] }}
              compactor={verticalCompactor}
              onLayoutChange={fromGrid}
            >
              {layout.map((placement) => {
                const title = titleOf(placement);
                const where = {
                  title,
                  x: placement.x + 1,
                  y: placement.y + 1,
                  w: placement.w,
                  h: placement.h,
                };
                const button = (label: string, symbol: string, action: () => void) => (
                  <button
                    type="button"
                    className="button button--icon"
                    aria-label={label}
                    title={label}
                    onClick={action}
                  >
                    {symbol}
                  </button>
                );
                const move = (m: Move) => () =>
                  change(moved(layout, placement.key, m), placement.key);
                const size = (r: Resize) => () =>
                  change(resized(layout, placement.key, r), placement.key);
                return (
                  <article
                    key={placement.key}
                    className="dashboard-edit-grid__cell"
                    tabIndex={0}
                    aria-label={t('edit.cardLabel', where)}
                    onKeyDown={(event) => onKeyDown(event, placement)}
                  >
                    <header className="dashboard-edit-grid__header">
                      <span
                        className="dashboard-edit-grid__handle"
                        title={t('edit.dragHandle')}
                        aria-hidden="true"
                      >
                        ⠿
                      </span>
                      <h2>{title}</h2>
                      <span className="muted small" aria-live="polite">
                        {t('edit.position', where)}
                      </span>
                    </header>
                    <div className="dashboard-edit-grid__tools">
                      {button(t('edit.moveLeft', { title }), '←', move('left'))}
                      {button(t('edit.moveRight', { title }), '→', move('right'))}
                      {button(t('edit.moveUp', { title }), '↑', move('up'))}
                      {button(t('edit.moveDown', { title }), '↓', move('down'))}
                      {button(t('edit.narrower', { title }), '⇠', size('narrower'))}
                      {button(t('edit.wider', { title }), '⇢', size('wider'))}
                      {button(t('edit.shorter', { title }), '⇡', size('shorter'))}
                      {button(t('edit.taller', { title }), '⇣', size('taller'))}
                      <button
                        type="button"
                        className="button button--danger"
                        aria-label={t('edit.remove', { title })}
                        onClick={() => onRemove(placement)}
                      >
                        {t('edit.removeShort')}
                      </button>
                    </div>
                    <div className="dashboard-edit-grid__body">{renderBody(placement)}</div>
                  </article>
                );
              })}
            </ReactGridLayout>
          )}
        </div>
      </div>
    </div>
  );
}

/** A card's place in words: 1-based column and row, width and height in grid units. */
function whereOf(placement: Placement, title: string) {
  return {
    title,
    x: placement.x + 1,
    y: placement.y + 1,
    w: placement.w,
    h: placement.h,
  };
}
