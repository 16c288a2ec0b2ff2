import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { AppRoutes } from './App';
import { ApiError, configureClient } from './api/client';
import { SESSION_KEY } from './features/auth/session';
import i18n from './i18n';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (forbidden, not found...) will not change on retry.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});

configureClient({
  language: () => i18n.language,
  onUnauthorized: () => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, null);
  },
});

function Root() {
  const { i18n: instance } = useTranslation();
  return (
    <ConfigProvider locale={instance.language === 'en' ? enUS : zhCN}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AppRoutes />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
