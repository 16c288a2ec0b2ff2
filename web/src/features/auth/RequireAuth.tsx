import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ErrorPage } from '../common/ErrorPage';
import { useHasPermission, useSession } from './session';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { data, isPending, isError } = useSession();
  const location = useLocation();
  if (isPending) return <Spin size="large" fullscreen />;
  if (isError) return <ErrorPage status="500" />;
  if (!data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const can = useHasPermission();
  return can(permission) ? children : <ErrorPage status="403" />;
}
