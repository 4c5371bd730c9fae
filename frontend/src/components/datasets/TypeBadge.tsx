// A column type as a coloured badge: "int64" with its name in the user's language as tooltip.
import { useTranslation } from 'react-i18next';
import type { ColumnType } from '../../api/types';

export function TypeBadge({ type }: { type: ColumnType }) {
  const { t } = useTranslation('datasets');
  return (
    <span className={`type-badge type-badge--${type}`} title={t(`types.${type}`)}>
      {type}
    </span>
  );
}
