import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { officialsApi, type PanelKind, type PanelView } from '../../api/officials';
import { useI18n } from '../../i18n';
import { problemText, showFieldErrors } from './errors';

type Member = PanelView['evaluators'][number];

const MEMBER_COLOR: Record<Member['status'], string> = { assigned: 'default', declared: 'green', recused: 'red' };

export function MemberStatusTag({ member }: { member: Member }) {
  const { t } = useI18n();
  const tag = (
    <Tag color={MEMBER_COLOR[member.status]} data-member-status={member.status}>
      {t(`officials.memberStatus.${member.status}`)}
    </Tag>
  );
  return member.detectedConflict ? <Tooltip title={member.detectedConflict}>{tag}</Tooltip> : tag;
}

interface Values {
  evaluators: Array<{ evaluatorId: string; name: string; affiliationOrganisationId?: string }>;
}

/**
 * The panel of a tender or round, as its managers see it: who sits on it, their declarations
 * and sheets, and (while it may change) the assignment.
 */
export function PanelCard({
  kind,
  targetId,
  panel,
  editable,
  onChanged,
}: {
  kind: PanelKind;
  targetId: string;
  panel: PanelView | null;
  editable: boolean;
  onChanged: (panel: PanelView) => void;
}) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const members = panel?.evaluators ?? [];

  useEffect(() => {
    if (editing)
      form.setFieldsValue({
        evaluators:
          members.length > 0
            ? members.map((m) => ({
                evaluatorId: m.evaluatorId,
                name: m.name,
                affiliationOrganisationId: m.affiliationOrganisationId ?? undefined,
              }))
            : Array.from({ length: panel?.minEvaluators ?? 3 }, () => ({ evaluatorId: '', name: '' })),
      });
    // Only when the form opens: later panel updates must not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const saved = await officialsApi.assignPanel(kind, targetId, {
        evaluators: v.evaluators.map((e) => ({
          evaluatorId: e.evaluatorId.trim(),
          name: e.name.trim(),
          affiliationOrganisationId: e.affiliationOrganisationId?.trim() || null,
        })),
      });
      setEditing(false);
      onChanged(saved);
      void message.success(t('officials.panel.saved'));
    } catch (error) {
      if (!showFieldErrors(form, error, ['evaluators'])) void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <TeamOutlined />
          {t('officials.panel.title')}
        </Space>
      }
      extra={
        editable &&
        !editing && (
          <Button onClick={() => setEditing(true)}>
            {members.length > 0 ? t('officials.panel.change') : t('officials.panel.assign')}
          </Button>
        )
      }
      data-testid="panel"
    >
      {panel && (
        <Typography.Paragraph type="secondary">
          {t('officials.panel.minEvaluators', { count: panel.minEvaluators })}
          {panel.subjects.length > 0 &&
            ` ${t('officials.panel.subjects', { names: panel.subjects.map((s) => s.organisationName).join('、') })}`}
        </Typography.Paragraph>
      )}
      {!editing && (
        <Table<Member>
          size="small"
          rowKey="evaluatorId"
          pagination={false}
          dataSource={members}
          locale={{ emptyText: t('officials.panel.empty') }}
          columns={[
            { title: t('officials.panel.name'), dataIndex: 'name' },
            { title: t('officials.panel.evaluatorId'), dataIndex: 'evaluatorId' },
            {
              title: t('officials.panel.status'),
              key: 'status',
              render: (_: unknown, m) => <MemberStatusTag member={m} />,
            },
            {
              title: t('officials.panel.declaration'),
              key: 'declaration',
              render: (_: unknown, m) =>
                m.declaration ? (
                  <Typography.Text>
                    {m.declaration.conflictOfInterest ? t('officials.panel.conflict') : t('officials.panel.noConflict')}
                    {'：'}
                    {m.declaration.statement}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            {
              title: t('officials.panel.sheet'),
              dataIndex: 'sheetSubmittedAt',
              render: (at: string | null) => (at ? dateTime(at) : t('officials.panel.noSheet')),
            },
          ]}
        />
      )}
      {editing && (
        <Form<Values> form={form} layout="vertical">
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('officials.panel.assignHint')} />
          <Form.List name="evaluators">
            {(fields, { add, remove }) => (
              <>
                {fields.map(({ key, name }, i) => (
                  <Row gutter={8} key={key}>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name={[name, 'evaluatorId']}
                        label={t('officials.panel.evaluatorIdN', { n: i + 1 })}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('validation.required', { field: t('officials.panel.evaluatorId') }),
                          },
                        ]}
                      >
                        <Input maxLength={128} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={7}>
                      <Form.Item
                        name={[name, 'name']}
                        label={t('officials.panel.nameN', { n: i + 1 })}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            message: t('validation.required', { field: t('officials.panel.name') }),
                          },
                        ]}
                      >
                        <Input maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col xs={20} md={7}>
                      <Form.Item
                        name={[name, 'affiliationOrganisationId']}
                        label={t('officials.panel.affiliationN', { n: i + 1 })}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2} style={{ paddingTop: 30 }}>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('officials.panel.remove', { n: i + 1 })}
                        onClick={() => remove(name)}
                        disabled={fields.length <= 1}
                      />
                    </Col>
                  </Row>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ evaluatorId: '', name: '' })}>
                    {t('officials.panel.add')}
                  </Button>
                  <Button onClick={() => setEditing(false)}>{t('app.cancel')}</Button>
                  <Button type="primary" loading={busy} onClick={() => void save().catch(() => undefined)}>
                    {t('officials.panel.save')}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </Card>
  );
}
