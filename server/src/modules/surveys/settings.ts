import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { findSurveySettingsValue, saveSurveySettingsValue } from './surveys.repository.js';
import { type SurveySettings, surveySettingsSchema } from './surveys.schema.js';

/** The survey settings; the defaults of R6 until an administrator changes them. */
export async function loadSurveySettings(db: Queryable): Promise<SurveySettings> {
  const parsed = surveySettingsSchema.safeParse((await findSurveySettingsValue(db)) ?? {});
  // Settings stored by an older version that no longer validate fall back to the defaults.
  return parsed.success ? parsed.data : surveySettingsSchema.parse({});
}

/** Rules across fields that the schema alone cannot state; each names the offending field. */
export function checkSurveySettings(settings: SurveySettings): void {
  const seen = new Set<string>();
  settings.questions.forEach((question, index) => {
    if (seen.has(question.key)) {
      throw new AppError('validation_failed', 'surveys.questionKeysRepeat', {
        field: `body.questions.${index}.key`,
        params: { key: question.key },
      });
    }
    seen.add(question.key);
  });
  if (!settings.questions.some((question) => question.kind === 'score'))
    throw new AppError('validation_failed', 'surveys.noScoreQuestion', { field: 'body.questions' });
  if (settings.reminderAfterHours !== null && settings.reminderAfterHours >= settings.linkValidDays * 24) {
    throw new AppError('validation_failed', 'surveys.reminderAfterExpiry', {
      field: 'body.reminderAfterHours',
      params: { days: settings.linkValidDays },
    });
  }
}

export async function saveSurveySettings(tx: Queryable, settings: SurveySettings, now: Date): Promise<void> {
  checkSurveySettings(settings);
  await saveSurveySettingsValue(tx, settings, now);
}
