import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, TeamOutlined } from '@ant-design/icons';
import { organisationsApi, Procurement, type CertificateLevel, type OrganisationView } from '../../api/organisations';
import { useI18n } from '../../i18n';
import { KindText, OrganisationStatusTag, orgError, PageTitle, TWO_COLUMNS } from './common';
import { useNames } from './reference';
import { RosterFields, toRows, toWorkers, type WorkerRow } from './RosterFields';

interface ProfileValues {
  legalRepresentative?: string;
  categories?: string[];
  serviceAreaCodes?: string[];
  staffCount?: number;
  maxConcurrentProjects?: number;
}

function ProfileEditor({
  organisation,
  onSaved,
  onClose,
}: {
  organisation: OrganisationView;
  onSaved: (o: OrganisationView) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const names = useNames();
  const [form] = Form.useForm<ProfileValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const save = async (v: ProfileValues) => {
    setBusy(true);
    setFailure(null);
    try {
      onSaved(
        await organisationsApi.update(organisation.organisationId, {
          legalRepresentative: v.legalRepresentative?.trim() ?? organisation.legalRepresentative,
          categories: v.categories ?? organisation.categories,
          serviceAreaCodes: v.serviceAreaCodes ?? organisation.serviceAreaCodes,
          capacity: {
            staffCount: v.staffCount ?? organisation.capacity.staffCount,
            maxConcurrentProjects: v.maxConcurrentProjects ?? organisation.capacity.maxConcurrentProjects,
          },
        }),
      );
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  const mode = names.known ? 'multiple' : 'tags';
  return (
    <Modal
      open
      title={t('organisations.profile.edit')}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <Form<ProfileValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          legalRepresentative: organisation.legalRepresentative,
          categories: organisation.categories,
          serviceAreaCodes: organisation.serviceAreaCodes,
          staffCount: organisation.capacity.staffCount,
          maxConcurrentProjects: organisation.capacity.maxConcurrentProjects,
        }}
      >
        <Form.Item
          name="legalRepresentative"
          label={t('organisations.field.legalRepresentative')}
          rules={[{ required: true, max: 50, message: t('organisations.validation.required') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="categories"
          label={t('organisations.field.categories')}
          rules={[{ required: true, type: 'array', min: 1, message: t('organisations.validation.categories') }]}
        >
          <Select mode={mode} options={names.categoryOptions} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="serviceAreaCodes" label={t('organisations.field.serviceAreas')}>
          <Select mode={mode} options={names.areaOptions} optionFilterProp="label" />
        </Form.Item>
        <Space>
          <Form.Item name="staffCount" label={t('organisations.field.staffCount')}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="maxConcurrentProjects" label={t('organisations.field.maxConcurrentProjects')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function RosterEditor({
  organisation,
  onSaved,
  onClose,
}: {
  organisation: OrganisationView;
  onSaved: (o: OrganisationView) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const names = useNames();
  const [form] = Form.useForm<{ workers: WorkerRow[] }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const save = async (rows: WorkerRow[]) => {
    setFailure(null);
    const workers = toWorkers(rows);
    const checked = Procurement.SetSocialWorkersRequest.safeParse({ workers });
    if (!checked.success) {
      setFailure(checked.error.issues[0]?.message ?? t('app.error'));
      return;
    }
    setBusy(true);
    try {
      onSaved(await organisationsApi.setSocialWorkers(organisation.organisationId, workers));
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<{ workers: WorkerRow[] }>
      form={form}
      layout="vertical"
      initialValues={{ workers: toRows(organisation.workers) }}
      onFinish={(v) => void save(v.workers)}
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <RosterFields name="workers" communities={names.communitiesWithin(organisation.serviceAreaCodes)} />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('organisations.roster.save')}
        </Button>
        <Button onClick={onClose}>{t('app.cancel')}</Button>
      </Space>
    </Form>
  );
}

type Rating = NonNullable<OrganisationView['rating']>;

/** Performance on the platform's contracts, as procurement rates it (recency-weighted). */
function RatingCard({ rating }: { rating: Rating }) {
  const { t, date } = useI18n();
  const score = (s: number | null) => (s === null ? '—' : s.toFixed(1));
  return (
    <Card title={t('organisations.rating.title')} data-testid="rating">
      <Space size="large" wrap style={{ marginBottom: 16 }}>
        <Statistic title={t('organisations.rating.score')} value={score(rating.score)} />
        <Statistic title={t('organisations.rating.meanScore')} value={score(rating.meanScore)} />
        <Statistic title={t('organisations.rating.completed')} value={rating.completedContracts} />
        <Statistic title={t('organisations.rating.terminated')} value={rating.terminatedContracts} />
      </Space>
      <Table<Rating['recent'][number]>
        size="small"
        rowKey="contractId"
        pagination={false}
        dataSource={rating.recent}
        locale={{ emptyText: t('organisations.rating.none') }}
        columns={[
          { title: t('organisations.rating.at'), dataIndex: 'at', render: (at: string) => date(at) },
          {
            title: t('organisations.rating.outcome'),
            dataIndex: 'outcome',
            render: (o: 'completed' | 'terminated') => (
              <Tag color={o === 'completed' ? 'green' : 'red'}>{t(`organisations.rating.${o}Tag`)}</Tag>
            ),
          },
          { title: t('organisations.rating.contractScore'), dataIndex: 'score', render: score },
          { title: t('organisations.rating.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        ]}
      />
    </Card>
  );
}

/**
 * An organisation's registry entry: profile, verification, sanctions and social workers. Its own
 * organisation users (and officials) may edit the profile and the roster; procurement audits both.
 */
export function OrganisationProfile({
  organisation,
  editable,
  onChanged,
}: {
  organisation: OrganisationView;
  editable: boolean;
  onChanged: (o: OrganisationView) => void;
}) {
  const { t, date, dateTime } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [editing, setEditing] = useState<'profile' | 'roster' | null>(null);
  const saved = (o: OrganisationView) => {
    onChanged(o);
    setEditing(null);
    void message.success(t('organisations.profile.saved'));
  };
  const stats = organisation.socialWorkers;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<PageTitle>{organisation.name}</PageTitle>}
        extra={
          editable && (
            <Button icon={<EditOutlined />} onClick={() => setEditing('profile')}>
              {t('organisations.profile.edit')}
            </Button>
          )
        }
      >
        {organisation.status === 'registered' && (
          <Alert type="warning" showIcon message={t('organisations.profile.unverified')} style={{ marginBottom: 16 }} />
        )}
        <Descriptions column={TWO_COLUMNS} bordered size="small" data-testid="organisation-profile">
          <Descriptions.Item label={t('organisations.field.status')}>
            <OrganisationStatusTag status={organisation.status} />
            {organisation.verifiedAt && (
              <Typography.Text type="secondary">
                {t('organisations.profile.verifiedAt', { at: date(organisation.verifiedAt) })}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.uscc')}>
            <Space>
              <Typography.Text code>{organisation.uscc}</Typography.Text>
              {organisation.usccCheck.ok ? (
                <Tag color="green">{t('organisations.profile.usccOk')}</Tag>
              ) : (
                <Tag color="orange">{t('organisations.profile.usccOverridden')}</Tag>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.kind')}>
            <KindText kind={organisation.kind} />
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.legalRepresentative')}>
            {organisation.legalRepresentative}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.registeredOn')}>
            {date(organisation.registeredOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.capacity')}>
            {t('organisations.profile.capacity', {
              staff: organisation.capacity.staffCount,
              projects: organisation.capacity.maxConcurrentProjects,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.categories')}>
            {organisation.categories.map((c) => (
              <Tag key={c}>{names.categoryName(c)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.field.serviceAreas')}>
            {organisation.serviceAreaCodes.length > 0
              ? organisation.serviceAreaCodes.map((c) => <Tag key={c}>{names.areaName(c)}</Tag>)
              : t('app.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {organisation.rating && <RatingCard rating={organisation.rating} />}

      <Card title={t('organisations.sanctions.title')}>
        <Table
          size="small"
          rowKey="sanctionId"
          pagination={false}
          dataSource={organisation.sanctions}
          locale={{ emptyText: t('organisations.sanctions.none') }}
          columns={[
            {
              title: t('organisations.sanctions.kind'),
              dataIndex: 'kind',
              render: (k: 'suspension' | 'ban') => t(`organisations.sanctions.${k}`),
            },
            { title: t('organisations.sanctions.reason'), dataIndex: 'reason' },
            {
              title: t('organisations.sanctions.period'),
              key: 'period',
              render: (_: unknown, s) => `${dateTime(s.from)} – ${s.until ? dateTime(s.until) : '∞'}`,
            },
            {
              title: t('organisations.sanctions.state'),
              key: 'state',
              render: (_: unknown, s) =>
                s.inForce ? (
                  <Tag color="red">{t('organisations.sanctions.inForce')}</Tag>
                ) : s.liftedAt ? (
                  <Tag>{t('organisations.sanctions.lifted', { at: date(s.liftedAt) })}</Tag>
                ) : (
                  <Tag>{t('organisations.sanctions.ended')}</Tag>
                ),
            },
          ]}
        />
      </Card>

      <Card
        title={
          <Space>
            <TeamOutlined />
            {t('organisations.roster.title')}
          </Space>
        }
        extra={
          editable &&
          editing !== 'roster' && (
            <Button icon={<EditOutlined />} onClick={() => setEditing('roster')}>
              {t('organisations.roster.edit')}
            </Button>
          )
        }
      >
        <Space size="large" wrap style={{ marginBottom: 16 }}>
          <Statistic title={t('organisations.roster.total')} value={stats.total} />
          <Statistic title={t('organisations.roster.certified')} value={stats.certified} />
          <Statistic title={t('organisations.roster.certifiedPercent')} value={stats.certifiedPercent} suffix="%" />
          {Procurement.CertificateLevel.options
            .filter((l) => l !== 'none')
            .map((l) => (
              <Statistic key={l} title={t(`organisations.level.${l}`)} value={stats.byLevel[l] ?? 0} />
            ))}
        </Space>
        {editing === 'roster' ? (
          <RosterEditor organisation={organisation} onSaved={saved} onClose={() => setEditing(null)} />
        ) : (
          organisation.workers && (
            <Table
              size="small"
              rowKey="workerId"
              pagination={false}
              dataSource={organisation.workers}
              locale={{ emptyText: t('organisations.roster.empty') }}
              columns={[
                { title: t('organisations.roster.workerId'), dataIndex: 'workerId' },
                { title: t('organisations.roster.name'), dataIndex: 'name' },
                {
                  title: t('organisations.roster.level'),
                  dataIndex: 'certificateLevel',
                  render: (l: CertificateLevel) => t(`organisations.level.${l}`),
                },
                {
                  title: t('organisations.roster.number'),
                  dataIndex: 'certificateNumber',
                  render: (n: string | null) => n ?? '—',
                },
                {
                  title: t('organisations.roster.generalist'),
                  dataIndex: 'generalist',
                  render: (g: boolean) => (g ? <Tag color="blue">{t('organisations.roster.generalistTag')}</Tag> : '—'),
                },
                {
                  title: t('organisations.roster.communities'),
                  dataIndex: 'communityCodes',
                  render: (codes: string[]) => codes.map((c) => <Tag key={c}>{names.areaName(c)}</Tag>),
                },
              ]}
            />
          )
        )}
      </Card>
      {editing === 'profile' && (
        <ProfileEditor organisation={organisation} onSaved={saved} onClose={() => setEditing(null)} />
      )}
    </Space>
  );
}
