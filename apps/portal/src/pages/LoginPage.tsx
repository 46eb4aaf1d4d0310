import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Collapse, Form, Input, Layout, List, Space, Tag, Typography } from 'antd';
import { LockOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { authApi, type DemoAccount } from '../api/auth';
import { ApiError } from '../api/client';
import { principalFromToken, sessionStore } from '../auth/session';
import { useAsync, useSession } from '../hooks';
import { useI18n } from '../i18n';
import { LanguageSwitch } from '../layout/AppLayout';
import { errorMessage } from '../errors';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, pick } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Credentials>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState('');
  const demo = useAsync(() => authApi.demoAccounts(), []);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const expired = sessionStore.lastSignOut() === 'expired';

  if (session) return <Navigate to={from === '/login' ? '/' : from} replace />;

  const signIn = async ({ username, password }: Credentials) => {
    setBusy(true);
    setFailure(null);
    try {
      sessionStore.set(await authApi.login(username, password));
      void navigate(from, { replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 401 ? t('login.failed') : errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const signInWithToken = () => {
    const claims = principalFromToken(token.trim());
    if (!claims || claims.expiresAt <= Date.now()) {
      setFailure(t('login.tokenInvalid'));
      return;
    }
    sessionStore.set({ token: token.trim(), ...claims });
    void navigate(from, { replace: true });
  };

  const use = (account: DemoAccount) => {
    form.setFieldsValue({ username: account.username, password: account.password });
    setFailure(null);
  };

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: 'transparent', display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ display: 'flex', justifyContent: 'center', padding: '24px 16px' }}>
        <main style={{ width: '100%', maxWidth: 920 }}>
          <Typography.Title level={2} style={{ textAlign: 'center', marginBottom: 4 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('app.subtitle')}
          </Typography.Paragraph>
          <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <Card title={t('login.title')} style={{ flex: '1 1 320px' }}>
              {expired && !failure && (
                <Alert type="warning" showIcon message={t('app.sessionExpired')} style={{ marginBottom: 16 }} />
              )}
              {failure && <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 16 }} />}
              <Form<Credentials> form={form} layout="vertical" onFinish={(v) => void signIn(v)} requiredMark={false}>
                <Form.Item
                  name="username"
                  label={t('login.username')}
                  rules={[{ required: true, message: t('login.required.username') }]}
                >
                  <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
                </Form.Item>
                <Form.Item
                  name="password"
                  label={t('login.password')}
                  rules={[{ required: true, message: t('login.required.password') }]}
                >
                  <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  {t('login.submit')}
                </Button>
              </Form>
              <Collapse
                ghost
                style={{ marginTop: 16 }}
                items={[
                  {
                    key: 'token',
                    label: t('login.token'),
                    children: (
                      <Space.Compact style={{ width: '100%' }}>
                        <Input.Password
                          aria-label={t('login.token')}
                          placeholder={t('login.tokenHint')}
                          value={token}
                          onChange={(e) => setToken(e.target.value)}
                        />
                        <Button onClick={signInWithToken} disabled={!token.trim()}>
                          {t('login.submit')}
                        </Button>
                      </Space.Compact>
                    ),
                  },
                ]}
              />
              <div style={{ marginTop: 8, textAlign: 'center' }}>
                <Link to="/track">
                  <SearchOutlined /> {t('login.trackLink')}
                </Link>
              </div>
            </Card>
            {(demo.data?.length ?? 0) > 0 && (
              <Card title={t('login.demoAccounts')} style={{ flex: '1 1 420px' }} size="small">
                <Typography.Paragraph type="secondary">{t('login.demoHint')}</Typography.Paragraph>
                <List
                  size="small"
                  dataSource={demo.data}
                  renderItem={(account) => (
                    <List.Item
                      actions={[
                        <Button
                          key="use"
                          size="small"
                          onClick={() => use(account)}
                          aria-label={`${t('login.use')} ${account.username}`}
                        >
                          {t('login.use')}
                        </Button>,
                      ]}
                    >
                      <List.Item.Meta
                        title={
                          <Space size={4} wrap>
                            <Typography.Text code>{account.username}</Typography.Text>
                            <span>{account.name}</span>
                            {account.roles.map((r) => (
                              <Tag key={r} color="blue">
                                {t(`role.${r}`)}
                              </Tag>
                            ))}
                          </Space>
                        }
                        description={pick(account.title)}
                      />
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </div>
        </main>
      </Layout.Content>
    </Layout>
  );
}
