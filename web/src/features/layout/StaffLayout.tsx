import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Dropdown, Flex, Layout, Menu, Spin, Typography, theme } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useHasPermission, useMe, useSignOut } from '../auth/session';
import { setDisplayTimeZone } from '../common/format';
import { LanguageSwitch } from './LanguageSwitch';

const NotificationBell = lazy(() => import('../notifications/NotificationBell'));

const NAV = [
  'tickets',
  'sla-board',
  'survey-follow-ups',
  'customers',
  'knowledge',
  'reports',
  'csat',
  'settings',
] as const;

export function PageFallback() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const signOut = useSignOut();

  const items = [
    { key: '/settings/profile', icon: <UserOutlined />, label: t('userMenu.profile') },
    { key: '/settings/tokens', icon: <KeyOutlined />, label: t('userMenu.tokens') },
    { type: 'divider' as const },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('userMenu.signOut'), 'data-testid': 'sign-out' },
  ];

  const onClick = ({ key }: { key: string }) => {
    if (key === 'sign-out')
      signOut.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
    else navigate(key);
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
        {me.displayName} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

/** Shows times in the service's time zone, as configured on the server. */
function useServiceTimeZone() {
  const { data } = useQuery({ queryKey: ['system-info'], queryFn: api.system.info, staleTime: 60_000 });
  useEffect(() => {
    if (data?.timezone) setDisplayTimeZone(data.timezone);
  }, [data?.timezone]);
}

export default function StaffLayout() {
  useServiceTimeZone();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const location = useLocation();
  const navigate = useNavigate();
  const section = location.pathname.split('/')[1] ?? '';
  const can = useHasPermission();
  // The SLA board (R5.5) is for those who see more than their own tickets: supervisors and leads.
  const seesBoard = can('tickets.read_all') || can('tickets.read_group');
  const shown = (key: (typeof NAV)[number]) =>
    key === 'sla-board' || key === 'survey-follow-ups' ? seesBoard : key !== 'csat' || can('reports.read');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 24,
          background: token.colorBgContainer,
          padding: '0 24px',
        }}
      >
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Text>
        <Menu
          mode="horizontal"
          data-testid="main-nav"
          selectedKeys={[section]}
          items={NAV.filter(shown).map((key) => ({
            key,
            label: key === 'sla-board' ? t('sla.board.nav') : t(`nav.${key}`),
          }))}
          onClick={({ key }) => navigate(`/${key}`)}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
        />
        <Flex align="center" gap={12}>
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <LanguageSwitch />
          <UserMenu />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<PageFallback />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
