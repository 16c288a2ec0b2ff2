import { Card, Tabs } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { PageFallback } from '../layout/StaffLayout';

const TABS = [
  { key: 'customers', path: '/customers' },
  { key: 'products', path: '/customers/products' },
  { key: 'serials', path: '/customers/serials' },
] as const;

/** The 客户 area: tabs for customers, the product catalogue and the serial-number lookup. */
export default function CustomersLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const segment = location.pathname.split('/')[2];
  const active = segment === 'products' || segment === 'serials' ? segment : 'customers';

  return (
    <Card>
      <Tabs
        activeKey={active}
        data-testid="customers-tabs"
        items={TABS.map((tab) => ({ key: tab.key, label: t(`customers.tabs.${tab.key}`) }))}
        onChange={(key) => navigate(TABS.find((tab) => tab.key === key)?.path ?? '/customers')}
      />
      <Suspense fallback={<PageFallback />}>
        <Outlet />
      </Suspense>
    </Card>
  );
}
