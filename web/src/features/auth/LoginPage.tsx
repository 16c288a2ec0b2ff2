import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { serverMessageOf } from '../common/errors';
import { formatDateTime } from '../common/format';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useSession, useSignIn } from './session';

type Credentials = { username: string; password: string };

function lockedUntilOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'account_locked') return null;
  const value = error.problem.lockedUntil;
  return typeof value === 'string' ? value : null;
}

function SignInError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const lockedUntil = lockedUntilOf(error);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="sign-in-error"
      title={serverMessageOf(error) ?? t('errors.network')}
      description={lockedUntil ? t('login.lockedUntil', { time: formatDateTime(lockedUntil) }) : undefined}
    />
  );
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/tickets';

  if (session) return <Navigate to={from} replace />;

  const onFinish = (values: Credentials) => {
    signIn.mutate(values, { onSuccess: () => navigate(from, { replace: true }) });
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={16}
      style={{ minHeight: '100vh', background: '#f0f2f5' }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.subtitle')}
        </Typography.Paragraph>
        <Form<Credentials>
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          disabled={signIn.isPending}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {signIn.isError && (
            <Form.Item>
              <SignInError error={signIn.error} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <LanguageSwitch />
      <Typography.Link href="/portal">{t('login.portal')}</Typography.Link>
    </Flex>
  );
}
