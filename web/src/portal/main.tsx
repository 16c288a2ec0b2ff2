import './portal.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { configurePortalClient, PortalApiError } from './api';
import { Layout } from './components/Layout';
import i18n from './i18n';
import HomePage from './pages/HomePage';
import LookupPage from './pages/LookupPage';
import MyTicketsPage from './pages/MyTicketsPage';
import NotFoundPage from './pages/NotFoundPage';
import SignInPage from './pages/SignInPage';
import SubmitPage from './pages/SubmitPage';
import SubmittedPage from './pages/SubmittedPage';
import SurveyPage from './pages/SurveyPage';
import TicketPage from './pages/TicketPage';

configurePortalClient({ language: () => i18n.language });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A client error (not found, expired link …) will not change on retry.
      retry: (failureCount, error) =>
        !(error instanceof PortalApiError && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function PortalRoutes() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/new" element={<SubmitPage />} />
        <Route path="/new/done" element={<SubmittedPage />} />
        <Route path="/lookup" element={<LookupPage />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/tickets" element={<MyTicketsPage />} />
        <Route path="/t/:number" element={<TicketPage />} />
        <Route path="/s/:token" element={<SurveyPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/portal">
          <PortalRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
