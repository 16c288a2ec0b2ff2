/**
 * Choosing an owner within a group (R3.2): pure functions over the group's members and their load.
 * No I/O; the service loads the candidates and keeps the round-robin pointer.
 */

export const ROUTING_STRATEGIES = ['round_robin', 'least_open', 'skill', 'manual'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface RoutingCandidate {
  userId: string;
  /** Orders candidates stably (round-robin turn, ties); the id decides when it is absent or equal. */
  username?: string;
  /** Open tickets of this group they own. */
  openCount: number;
  productLines: readonly string[];
  /** Region prefixes they cover ('广东省' covers '广东省深圳市'). */
  regions: readonly string[];
  acceptsAssignments: boolean;
}

export interface RoutingFacts {
  productLine: string | null;
  region: string | null;
}

// Product knowledge weighs more than being nearby; both together are best.
const PRODUCT_LINE_SCORE = 2;
const REGION_SCORE = 1;

const normalize = (text: string) => text.normalize('NFKC').trim().toLowerCase();

const sortKey = (candidate: RoutingCandidate) => candidate.username ?? candidate.userId;

function compareStable(a: RoutingCandidate, b: RoutingCandidate): number {
  const byKey = sortKey(a).localeCompare(sortKey(b), 'en');
  if (byKey !== 0) return byKey;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** Candidates in the one stable order every strategy uses. */
export const stableOrder = (candidates: readonly RoutingCandidate[]) => [...candidates].sort(compareStable);

/** How well a candidate's skills fit the ticket: product line 2, region 1, both 3, none 0. */
export function skillScore(candidate: RoutingCandidate, facts: RoutingFacts): number {
  let score = 0;
  if (facts.productLine) {
    const line = normalize(facts.productLine);
    if (line && candidate.productLines.some((own) => normalize(own) === line)) score += PRODUCT_LINE_SCORE;
  }
  if (facts.region) {
    const region = normalize(facts.region);
    if (
      candidate.regions.some((prefix) => {
        const start = normalize(prefix);
        return start.length > 0 && region.startsWith(start);
      })
    ) {
      score += REGION_SCORE;
    }
  }
  return score;
}

/** The first of the fewest-open candidates, in stable order. */
function leastOpen(ordered: readonly RoutingCandidate[]): RoutingCandidate | undefined {
  let best: RoutingCandidate | undefined;
  for (const candidate of ordered) {
    if (!best || candidate.openCount < best.openCount) best = candidate;
  }
  return best;
}

/** The next eligible candidate after the one assigned last, wrapping around. */
function nextInTurn(
  ordered: readonly RoutingCandidate[],
  lastAssignedUserId: string | null,
): RoutingCandidate | undefined {
  const eligible = ordered.filter((candidate) => candidate.acceptsAssignments);
  if (eligible.length === 0) return undefined;
  const lastIndex = ordered.findIndex((candidate) => candidate.userId === lastAssignedUserId);
  if (lastIndex < 0) return eligible[0];
  // Walk the full order from just after the last one, so a member who paused keeps their place.
  for (let step = 1; step <= ordered.length; step += 1) {
    const candidate = ordered[(lastIndex + step) % ordered.length]!;
    if (candidate.acceptsAssignments) return candidate;
  }
  return undefined;
}

/**
 * The owner for a new ticket of a group, or null when nobody can take it (manual strategy, no member
 * accepting assignments). Round robin takes the next member after the last assigned one in a stable
 * order; least open takes the member with the fewest open tickets (ties in stable order); skill scores
 * product line and region matches and takes the least loaded of the best, falling back to least open
 * when nobody matches. A member with `acceptsAssignments` false is never chosen.
 */
export function pickAssignee(
  strategy: RoutingStrategy,
  candidates: readonly RoutingCandidate[],
  facts: RoutingFacts,
  lastAssignedUserId: string | null,
): string | null {
  const ordered = stableOrder(candidates);
  const eligible = ordered.filter((candidate) => candidate.acceptsAssignments);
  switch (strategy) {
    case 'manual':
      return null;
    case 'round_robin':
      return nextInTurn(ordered, lastAssignedUserId)?.userId ?? null;
    case 'least_open':
      return leastOpen(eligible)?.userId ?? null;
    case 'skill': {
      const scored = eligible.map((candidate) => ({ candidate, score: skillScore(candidate, facts) }));
      const top = Math.max(0, ...scored.map((entry) => entry.score));
      const best =
        top > 0 ? scored.filter((entry) => entry.score === top).map((entry) => entry.candidate) : eligible;
      return leastOpen(best)?.userId ?? null;
    }
    default:
      return assertNever(strategy);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown routing strategy: ${String(value)}`);
}
