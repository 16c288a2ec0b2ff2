import {
  CUSTOMER_TIERS,
  type CustomerTier,
  QUICK_VIEWS,
  type QuickView,
  SORTS,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketChannel,
  type TicketFilters,
  type TicketSort,
  type TicketStatus,
  type TicketType,
} from './types';

export const DEFAULT_VIEW: QuickView = 'mine';

const LIST_KEYS = [
  'status',
  'priority',
  'categoryId',
  'channel',
  'type',
  'tier',
  'ownerId',
  'groupId',
] as const;
const TEXT_KEYS = ['q', 'customerId', 'tag', 'receivedFrom', 'receivedTo'] as const;

function listOf<T extends string>(value: string | null, allowed?: readonly T[]): T[] | undefined {
  if (!value) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item && (!allowed || allowed.includes(item as T)));
  return items.length ? (items as T[]) : undefined;
}

/** The inbox filters live in the address, so a filtered inbox can be bookmarked, shared and gone back to. */
export function filtersFromParams(params: URLSearchParams): TicketFilters {
  const view = params.get('view');
  const sort = params.get('sort');
  const filters: TicketFilters = {
    view: QUICK_VIEWS.includes(view as QuickView) ? (view as QuickView) : undefined,
    status: listOf<TicketStatus>(params.get('status'), TICKET_STATUSES),
    priority: listOf(params.get('priority')),
    categoryId: listOf(params.get('categoryId')),
    channel: listOf<TicketChannel>(params.get('channel'), TICKET_CHANNELS),
    type: listOf<TicketType>(params.get('type'), TICKET_TYPES),
    tier: listOf<CustomerTier>(params.get('tier'), CUSTOMER_TIERS),
    ownerId: listOf(params.get('ownerId')),
    groupId: listOf(params.get('groupId')),
    sort: SORTS.includes(sort as TicketSort) ? (sort as TicketSort) : undefined,
  };
  for (const key of TEXT_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  if (params.get('open') === 'true') filters.open = true;
  if (!params.toString()) filters.view = DEFAULT_VIEW;
  return clean(filters);
}

export function paramsFromFilters(
  filters: TicketFilters,
  extra: Record<string, string> = {},
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view) params.set('view', filters.view);
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  for (const key of LIST_KEYS) {
    const value = filters[key];
    if (value?.length) params.set(key, value.join(','));
  }
  if (filters.open) params.set('open', 'true');
  if (filters.sort) params.set('sort', filters.sort);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  // An empty address means the default view; "all" without filters must stay distinguishable.
  if (!params.toString()) params.set('view', 'all');
  return params;
}

/** Drops empty values so equal filters compare (and cache) equal. */
export function clean(filters: TicketFilters): TicketFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(
      ([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  ) as TicketFilters;
}

/** Whether any filter beyond the quick view and the sort order is set. */
export function hasFilters(filters: TicketFilters): boolean {
  return Object.keys(clean(filters)).some((key) => key !== 'view' && key !== 'sort');
}
