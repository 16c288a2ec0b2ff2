import { useTranslation } from 'react-i18next';
import { CUSTOMER_TIERS, EMOTIONS, TICKET_CHANNELS, TICKET_TYPES } from './types';

/** Select options for the ticket vocabulary the rules look at, in the UI language. */
export function useVocabularyOptions() {
  const { t } = useTranslation();
  return {
    types: TICKET_TYPES.map((value) => ({ value, label: t(`classification.ticketTypes.${value}`) })),
    channels: TICKET_CHANNELS.map((value) => ({ value, label: t(`classification.channels.${value}`) })),
    tiers: CUSTOMER_TIERS.map((value) => ({ value, label: t(`classification.tiers.${value}`) })),
    emotions: EMOTIONS.map((value) => ({ value, label: t(`classification.emotions.${value}`) })),
  };
}
