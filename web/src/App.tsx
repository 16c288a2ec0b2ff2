import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { RequireAuth, RequirePermission } from './features/auth/RequireAuth';
import ComingSoon from './features/common/ComingSoon';
import { ErrorPage } from './features/common/ErrorPage';
import StaffLayout, { PageFallback } from './features/layout/StaffLayout';

const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const SettingsLayout = lazy(() => import('./features/admin/settings/SettingsLayout'));
const UsersPage = lazy(() => import('./features/admin/users/UsersPage'));
const RolesPage = lazy(() => import('./features/admin/roles/RolesPage'));
const GroupsPage = lazy(() => import('./features/admin/groups/GroupsPage'));
const AuditPage = lazy(() => import('./features/admin/audit/AuditPage'));
const TokensPage = lazy(() => import('./features/tokens/TokensPage'));
const ProfilePage = lazy(() => import('./features/profile/ProfilePage'));
const TicketsPage = lazy(() => import('./features/tickets/TicketsPage'));
const TicketPage = lazy(() => import('./features/tickets/TicketPage'));
const NewTicketPage = lazy(() => import('./features/tickets/NewTicketPage'));
const CustomersLayout = lazy(() => import('./features/customers/CustomersLayout'));
const CustomersPage = lazy(() => import('./features/customers/CustomersPage'));
const CustomerDetailPage = lazy(() => import('./features/customers/CustomerDetailPage'));
const ProductsPage = lazy(() => import('./features/products/ProductsPage'));
const ProductDetailPage = lazy(() => import('./features/products/ProductDetailPage'));
const SerialLookupPage = lazy(() => import('./features/products/SerialLookupPage'));
const CategoriesPage = lazy(() => import('./features/classification/CategoriesPage'));
const PrioritiesPage = lazy(() => import('./features/classification/PrioritiesPage'));
const RulesPage = lazy(() => import('./features/classification/RulesPage'));
const RoutingPage = lazy(() => import('./features/routing/RoutingPage'));
const CalendarsPage = lazy(() => import('./features/calendars/CalendarsPage'));
const InboxPage = lazy(() => import('./features/notifications/InboxPage'));
const MyNotificationSettingsPage = lazy(() => import('./features/notifications/MyNotificationSettingsPage'));
const NotificationChannelsPage = lazy(() => import('./features/notifications/ChannelsPage'));
const NotificationTemplatesPage = lazy(() => import('./features/notifications/TemplatesPage'));
const SlaBoardPage = lazy(() => import('./features/sla/SlaBoardPage'));
const SlaPoliciesPage = lazy(() => import('./features/sla/SlaPoliciesPage'));
const OverdueReasonsPage = lazy(() => import('./features/sla/OverdueReasonsPage'));
const TicketPolicyPage = lazy(() => import('./features/intake/TicketPolicyPage'));
const WebhookSourcesPage = lazy(() => import('./features/intake/WebhookSourcesPage'));
const MailboxesPage = lazy(() => import('./features/mailboxes/MailboxesPage'));
const CsatPage = lazy(() => import('./features/surveys/CsatPage'));
const FollowUpsPage = lazy(() => import('./features/surveys/FollowUpsPage'));
const SurveySettingsPage = lazy(() => import('./features/surveys/SurveySettingsPage'));

export function AppRoutes() {
  return (
    <BrowserRouter>
      <Suspense fallback={<PageFallback />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <StaffLayout />
              </RequireAuth>
            }
          >
            <Route index element={<Navigate to="/tickets" replace />} />
            <Route path="tickets">
              <Route index element={<TicketsPage />} />
              <Route
                path="new"
                element={
                  <RequirePermission permission="tickets.create">
                    <NewTicketPage />
                  </RequirePermission>
                }
              />
              <Route path=":id" element={<TicketPage />} />
            </Route>
            <Route
              path="customers"
              element={
                <RequirePermission permission="customers.read">
                  <CustomersLayout />
                </RequirePermission>
              }
            >
              <Route index element={<CustomersPage />} />
              <Route path="products" element={<ProductsPage />} />
              <Route path="products/:productId" element={<ProductDetailPage />} />
              <Route path="serials" element={<SerialLookupPage />} />
              <Route path=":customerId" element={<CustomerDetailPage />} />
            </Route>
            <Route path="sla-board" element={<SlaBoardPage />} />
            <Route path="survey-follow-ups" element={<FollowUpsPage />} />
            <Route
              path="csat"
              element={
                <RequirePermission permission="reports.read">
                  <CsatPage />
                </RequirePermission>
              }
            />
            <Route path="knowledge" element={<ComingSoon module="knowledge" />} />
            <Route path="reports" element={<ComingSoon module="reports" />} />
            <Route path="notifications" element={<InboxPage />} />
            <Route path="settings" element={<SettingsLayout />}>
              <Route path="notifications" element={<MyNotificationSettingsPage />} />
              <Route
                path="notification-channels"
                element={
                  <RequirePermission permission="settings.manage">
                    <NotificationChannelsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="notification-templates"
                element={
                  <RequirePermission permission="settings.manage">
                    <NotificationTemplatesPage />
                  </RequirePermission>
                }
              />
              <Route index element={null} />
              <Route
                path="users"
                element={
                  <RequirePermission permission="users.manage">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="roles"
                element={
                  <RequirePermission permission="roles.manage">
                    <RolesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="groups"
                element={
                  <RequirePermission permission="groups.manage">
                    <GroupsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="categories"
                element={
                  <RequirePermission permission="settings.manage">
                    <CategoriesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="priorities"
                element={
                  <RequirePermission permission="settings.manage">
                    <PrioritiesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="rules"
                element={
                  <RequirePermission permission="settings.manage">
                    <RulesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="routing"
                element={
                  <RequirePermission permission="groups.manage">
                    <RoutingPage />
                  </RequirePermission>
                }
              />
              <Route
                path="calendars"
                element={
                  <RequirePermission permission="settings.manage">
                    <CalendarsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="sla"
                element={
                  <RequirePermission permission="settings.manage">
                    <SlaPoliciesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="overdue-reasons"
                element={
                  <RequirePermission permission="settings.manage">
                    <OverdueReasonsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="ticket-policy"
                element={
                  <RequirePermission permission="settings.manage">
                    <TicketPolicyPage />
                  </RequirePermission>
                }
              />
              <Route
                path="surveys"
                element={
                  <RequirePermission permission="settings.manage">
                    <SurveySettingsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="webhook-sources"
                element={
                  <RequirePermission permission="settings.manage">
                    <WebhookSourcesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mailboxes"
                element={
                  <RequirePermission permission="settings.manage">
                    <MailboxesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="audit"
                element={
                  <RequirePermission permission="audit.read">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route path="tokens" element={<TokensPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="*" element={<ErrorPage status="404" />} />
            </Route>
            <Route path="*" element={<ErrorPage status="404" />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
