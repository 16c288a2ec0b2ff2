import { useQuery } from '@tanstack/react-query';
import { Card, Layout, Menu, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../../api/client';
import { useHasPermission } from '../../auth/session';
import { PageFallback } from '../../layout/StaffLayout';

/** Settings sub-pages in menu order, with the permission each needs (none: every user). */
const SETTINGS_PAGES = [
  { key: 'users', permission: 'users.manage' },
  { key: 'roles', permission: 'roles.manage' },
  { key: 'groups', permission: 'groups.manage' },
  { key: 'categories', permission: 'settings.manage' },
  { key: 'priorities', permission: 'settings.manage' },
  { key: 'rules', permission: 'settings.manage' },
  { key: 'routing', permission: 'groups.manage' },
  { key: 'calendars', permission: 'settings.manage' },
  { key: 'sla', permission: 'settings.manage' },
  { key: 'overdue-reasons', permission: 'settings.manage', label: 'overdueReasons' },
  { key: 'ticket-policy', permission: 'settings.manage', label: 'ticketPolicy' },
  { key: 'surveys', permission: 'settings.manage' },
  { key: 'webhook-sources', permission: 'settings.manage', label: 'webhookSources' },
  { key: 'mailboxes', permission: 'settings.manage' },
  { key: 'notification-channels', permission: 'settings.manage', label: 'notificationChannels' },
  { key: 'notification-templates', permission: 'settings.manage', label: 'notificationTemplates' },
  { key: 'notifications', permission: null },
  { key: 'audit', permission: 'audit.read' },
  { key: 'tokens', permission: null },
  { key: 'profile', permission: null },
] as const;

function SystemInfo() {
  const { t } = useTranslation();
  const { data } = useQuery({ queryKey: ['system-info'], queryFn: api.system.info, staleTime: 60_000 });
  if (!data) return null;
  return (
    <Typography.Text type="secondary" style={{ display: 'block', padding: 16, fontSize: 12 }}>
      {t('settings.systemInfo', { version: data.version, database: data.database })}
    </Typography.Text>
  );
}

export default function SettingsLayout() {
  const { t } = useTranslation();
  const can = useHasPermission();
  const location = useLocation();
  const navigate = useNavigate();
  const pages = SETTINGS_PAGES.filter((page) => page.permission === null || can(page.permission));
  const current = location.pathname.split('/')[2];

  if (!current) return <Navigate to={`/settings/${pages[0]?.key ?? 'profile'}`} replace />;

  return (
    <Layout style={{ background: 'transparent', gap: 24 }} hasSider>
      <Layout.Sider width={200} theme="light" style={{ borderRadius: 8, overflow: 'hidden' }}>
        <Menu
          mode="inline"
          data-testid="settings-nav"
          selectedKeys={[current]}
          items={pages.map((page) => ({
            key: page.key,
            label: t(`settings.nav.${'label' in page ? page.label : page.key}`),
          }))}
          onClick={({ key }) => navigate(`/settings/${key}`)}
          style={{ borderInlineEnd: 'none' }}
        />
        <SystemInfo />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        <Card>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
