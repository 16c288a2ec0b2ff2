import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api/client';
import type { Me, Session } from '../../api/types';
import { changeLocale } from '../../i18n';

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<Session | null> {
  const session = await api.auth.me();
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY });
}

/** The signed-in user; only for components rendered behind `RequireAuth`. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe() used outside a signed-in area');
  return data.user;
}

export function useHasPermission(): (permission: string) => boolean {
  const { data } = useSession();
  const permissions = data?.user.permissions ?? [];
  return (permission) => permissions.includes(permission);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      api.auth.signIn(username, password),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      await changeLocale(session.user.locale);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.auth.signOut(),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}

/** Replaces the cached user after a profile change. */
export function useUpdateSessionUser(): (user: Me) => void {
  const queryClient = useQueryClient();
  return (user) =>
    queryClient.setQueryData<Session | null>(SESSION_KEY, (session) =>
      session ? { ...session, user } : session,
    );
}
