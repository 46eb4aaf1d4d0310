import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Dropdown, Layout, Menu, Space, Spin, Tag, Typography, theme } from 'antd';
import { GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { forgetReference } from '../api/reference';
import { hasRole, sessionStore, type Principal } from '../auth/session';
import { useI18n } from '../i18n';
import { NAV } from '../nav';

export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Button
      type="text"
      style={light ? { color: '#fff' } : undefined}
      icon={<GlobalOutlined />}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
      aria-label={t('app.language')}
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      {t('app.switchLanguage')}
    </Button>
  );
}

/** The frame of every signed-in screen: the menu of the user's roles, the user, the language. */
export function AppLayout({ principal }: { principal: Principal }) {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  const items = NAV.filter((item) => hasRole(principal, item.roles)).map((item) => ({
    key: item.path,
    icon: item.icon,
    label: <Link to={item.path}>{t(item.label(principal))}</Link>,
  }));
  // The longest menu path that prefixes the location (so /needs/123 selects /needs, not /).
  const selected =
    NAV.map((n) => n.path)
      .filter((p) =>
        p === '/' ? location.pathname === '/' : location.pathname === p || location.pathname.startsWith(`${p}/`),
      )
      .filter((p) => p !== '/needs' || !location.pathname.startsWith('/needs/new'))
      .sort((a, b) => b.length - a.length)[0] ?? '/';

  const signOut = () => {
    forgetReference();
    sessionStore.clear('user');
    void navigate('/login');
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={208}>
        <div
          style={{
            color: '#fff',
            padding: '16px 20px',
            fontWeight: 600,
            fontSize: collapsed ? 14 : 16,
            lineHeight: 1.4,
            overflow: 'hidden',
          }}
        >
          {collapsed ? '三社' : t('app.title')}
        </div>
        <nav aria-label={t('app.title')}>
          <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          <Space size="middle">
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'roles',
                    disabled: true,
                    label: principal.roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>),
                  },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: signOut },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} />
                  <span>{principal.name}</span>
                  <Tag color="blue">{t(`role.${principal.roles[0] ?? 'admin'}`)}</Tag>
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <main>
            <Suspense fallback={<Spin tip={t('app.loading')} fullscreen />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
