import type { Queryable } from '../../platform/db/database.js';
import { loadSurveySettings } from './settings.js';
import { scheduleSurveyRow } from './surveys.repository.js';

/**
 * R6.1: a closed ticket gets its satisfaction survey, sent by the survey sweep `delayMinutes` after
 * closing. Called in the closing transaction; a merged ticket never comes here.
 */
export async function scheduleSurvey(
  tx: Queryable,
  ticket: {
    id: string;
    ownerUserId: string | null;
    groupId: string | null;
    categoryId: string | null;
    productId: string | null;
  },
  closedAt: Date,
): Promise<void> {
  const settings = await loadSurveySettings(tx);
  if (!settings.enabled) return;
  await scheduleSurveyRow(
    tx,
    {
      ticketId: ticket.id,
      scale: settings.scale,
      questions: [...settings.questions].sort((a, b) => a.position - b.position),
      closedAt,
      sendAt: new Date(closedAt.getTime() + settings.delayMinutes * 60_000),
      agentUserId: ticket.ownerUserId,
      groupId: ticket.groupId,
      categoryId: ticket.categoryId,
      productId: ticket.productId,
    },
    closedAt,
  );
}
