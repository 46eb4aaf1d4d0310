import { Link } from 'react-router';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { intakeApi } from '../api/intake';
import { useReference } from '../api/reference';
import { hasRole } from '../auth/session';
import { useAsync, useSession } from '../hooks';
import { useI18n } from '../i18n';
import { NAV, ROUTE_ROLES } from '../nav';

function NeedCounters() {
  const { t } = useI18n();
  const counts = useAsync(async (signal) => {
    const total = (query: Parameters<typeof intakeApi.listNeeds>[0]) =>
      intakeApi.listNeeds({ ...query, limit: 1 }, signal).then((r) => r.total);
    const [logged, acknowledged, dueSoon, breached] = await Promise.all([
      total({ status: 'logged' }),
      total({ status: 'acknowledged' }),
      total({ slaState: 'due_soon' }),
      total({ slaState: 'breached' }),
    ]);
    return { open: logged + acknowledged, dueSoon, breached };
  }, []);
  return (
    <Row gutter={16}>
      <Col xs={24} sm={8}>
        <Card>
          <Link to="/needs?status=logged">
            <Statistic title={t('home.openNeeds')} value={counts.data?.open ?? '—'} loading={counts.loading} />
          </Link>
        </Card>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Link to="/needs?slaState=due_soon">
            <Statistic
              title={t('home.dueSoon')}
              value={counts.data?.dueSoon ?? '—'}
              loading={counts.loading}
              valueStyle={{ color: '#d48806' }}
            />
          </Link>
        </Card>
      </Col>
      <Col xs={24} sm={8}>
        <Card>
          <Link to="/needs?slaState=breached">
            <Statistic
              title={t('home.breached')}
              value={counts.data?.breached ?? '—'}
              loading={counts.loading}
              valueStyle={{ color: '#cf1322' }}
            />
          </Link>
        </Card>
      </Col>
    </Row>
  );
}

export default function HomePage() {
  const { t } = useI18n();
  const session = useSession();
  const needsReader = hasRole(session?.principal, ROUTE_ROLES.needs);
  const { reference } = useReference();
  if (!session) return null;
  const { principal } = session;
  const areaName = (code: string) => reference?.area(code)?.name ?? code;
  const links = NAV.filter((n) => n.path !== '/' && hasRole(principal, n.roles));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: principal.name })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('home.roles')}>
            {principal.roles.map((r) => (
              <Tag key={r} color="blue">
                {t(`role.${r}`)}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.scope')}>
            {principal.communities.length > 0
              ? principal.communities.map((c) => <Tag key={c}>{areaName(c)}</Tag>)
              : t('home.allAreas')}
          </Descriptions.Item>
          {hasRole(principal, ['org_user', 'social_worker']) && (
            <Descriptions.Item label={t('login.organisation')}>
              {principal.organisationId ?? t('login.noOrganisation')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {needsReader && <NeedCounters />}
      <Card title={t('home.quickLinks')}>
        <Space wrap>
          {links.map((n) => (
            <Link key={n.path} to={n.path}>
              <Button icon={n.icon}>{t(n.label(principal))}</Button>
            </Link>
          ))}
        </Space>
      </Card>
    </Space>
  );
}
