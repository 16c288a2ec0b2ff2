import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type PortalSession, portalApi } from './api';

export const SESSION_KEY = ['portal', 'session'] as const;

/** The customer's verified session (a whole account or one ticket), or null. */
export function usePortalSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: portalApi.session, staleTime: 60_000 });
}

/** Call after a verification or a submission changed the session cookie. */
export function useSessionChanged(): (session?: PortalSession) => void {
  const client = useQueryClient();
  return (session) => {
    if (session) client.setQueryData(SESSION_KEY, session);
    else void client.invalidateQueries({ queryKey: SESSION_KEY });
    void client.invalidateQueries({ queryKey: ['portal', 'tickets'] });
  };
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: portalApi.signOut,
    onSettled: () => {
      client.setQueryData(SESSION_KEY, null);
      client.removeQueries({ queryKey: ['portal', 'tickets'] });
    },
  });
}
