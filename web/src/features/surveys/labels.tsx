import { Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Band, SurveyScale } from './types';

export const BAND_COLORS: Record<Band, string> = {
  satisfied: 'green',
  basically_satisfied: 'blue',
  unsatisfied: 'red',
};

/** A score on 0–100 as the customer gave it: "4/5 满意" on the five-level scale, "85/100" otherwise. */
export function useScoreText(): (scale: SurveyScale, score: number | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (scale, score) => {
      if (score === null) return '—';
      if (scale === 'hundred') return `${score}/100`;
      const level = Math.round((score / 20) * 10) / 10;
      const label = Number.isInteger(level) ? ` ${t(`surveys.level.${level}`)}` : '';
      return `${level}/5${label}`;
    },
    [t],
  );
}

export function BandTag({ band }: { band: Band | null }) {
  const { t } = useTranslation();
  if (!band) return null;
  return (
    <Tag color={BAND_COLORS[band]} bordered={false} data-testid="survey-band">
      {t(`surveys.band.${band}`)}
    </Tag>
  );
}

/** A survey's overall score with its band, and a low-score mark. */
export function ScoreTag({
  scale,
  score,
  band,
  isLow,
}: {
  scale: SurveyScale;
  score: number | null;
  band: Band | null;
  isLow?: boolean | null;
}) {
  const { t } = useTranslation();
  const text = useScoreText();
  if (score === null) return <Tag bordered={false}>{t('surveys.noScore')}</Tag>;
  return (
    <>
      <Tag color={band ? BAND_COLORS[band] : undefined} data-testid="survey-score">
        {text(scale, score)}
      </Tag>
      {isLow && (
        <Tag color="red" bordered={false}>
          {t('surveys.low')}
        </Tag>
      )}
    </>
  );
}
