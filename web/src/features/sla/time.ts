import { useCallback, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaState, SlaSummary } from './types';

const MINUTE = 60_000;

/** One shared clock for every badge on the page, ticking every 30 seconds. */
const ticker = (() => {
  let now = Date.now();
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      if (!timer) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          for (const notify of listeners) notify();
        }, 30_000);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    snapshot: () => now,
  };
})();

/** The current time, refreshed every 30 s, so remaining times count down without a new request. */
export function useNow(): number {
  return useSyncExternalStore(ticker.subscribe, ticker.snapshot, ticker.snapshot);
}

/**
 * Time left on a summary's next milestone, as of `now`. Calendar clocks run with the wall clock, so they are
 * recomputed from the due time; business clocks only run in working hours, so the server's figure is kept.
 */
export function liveRemaining(sla: SlaSummary, now: number): number | null {
  const next = sla.next;
  if (!next || next.remainingMs === null) return null;
  if (next.isBusinessTime || sla.state === 'paused') return next.remainingMs;
  return Date.parse(next.dueAt) - now;
}

/** The state to show: a running clock that has passed its due time is breached even before the sweep says so. */
export function liveState(sla: SlaSummary, remaining: number | null): SlaState {
  if (remaining !== null && remaining < 0 && (sla.state === 'ok' || sla.state === 'warning'))
    return 'breached';
  return sla.state;
}

/**
 * A span of time, to the minute: 2小时15分 / 2 h 15 min; 1天3小时 / 1 d 3 h. Business time is kept in hours:
 * a working day is not 24 hours.
 */
export function useFormatSpan(): (ms: number, business?: boolean) => string {
  const { t } = useTranslation();
  return useCallback(
    (ms: number, business = false) => {
      const total = Math.floor(Math.abs(ms) / MINUTE);
      if (total < 1) return t('sla.span.underMinute');
      const days = business ? 0 : Math.floor(total / 1440);
      const hours = Math.floor((total - days * 1440) / 60);
      const minutes = total % 60;
      if (days) return hours ? t('sla.span.dh', { days, hours }) : t('sla.span.d', { days });
      if (hours) return minutes ? t('sla.span.hm', { hours, minutes }) : t('sla.span.h', { hours });
      return t('sla.span.m', { minutes });
    },
    [t],
  );
}

/** "剩 2小时15分" / "超时 35分". */
export function useFormatRemaining(): (ms: number, business?: boolean) => string {
  const { t } = useTranslation();
  const span = useFormatSpan();
  return useCallback(
    (ms: number, business = false) =>
      ms >= 0
        ? t('sla.badge.remaining', { time: span(ms, business) })
        : t('sla.badge.overdue', { time: span(ms, business) }),
    [t, span],
  );
}

/** A target in minutes, as an administrator thinks of it: 30 分钟, 4 小时, 1 小时 30 分钟. */
export function useFormatTarget(): (minutes: number) => string {
  const { t } = useTranslation();
  return useCallback(
    (minutes: number) => {
      const hours = Math.floor(minutes / 60);
      const rest = minutes % 60;
      if (!hours) return t('sla.target.minutes', { count: rest });
      return rest ? t('sla.target.hm', { hours, minutes: rest }) : t('sla.target.hours', { count: hours });
    },
    [t],
  );
}

/** A milestone's name in the UI language (unknown ones as sent). */
export function useMilestoneName(): (milestone: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (milestone: string) => t(`sla.milestone.${milestone}`, { defaultValue: milestone }),
    [t],
  );
}

export const STATE_COLORS: Record<SlaState, string> = {
  ok: 'success',
  warning: 'warning',
  breached: 'error',
  paused: 'default',
  met: 'default',
  met_late: 'orange',
};
