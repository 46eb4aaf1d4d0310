import { useState } from 'react';
import { App, Button, Card, Input, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { officialsApi, type OpenedBidView, type TenderView } from '../../api/officials';
import { yuan } from '../../format';
import { useI18n } from '../../i18n';
import { problemText } from './errors';

interface Decision {
  qualified: boolean | null;
  reason: string;
}

const QUALIFICATION_COLOR = { pending: 'gold', qualified: 'green', disqualified: 'red' } as const;

/**
 * The opened bids with the automatic checks; while the tender is closed the official
 * qualifies each pending bid or disqualifies it with a reason.
 */
export function BidsCard({
  tender,
  bids,
  onQualified,
}: {
  tender: TenderView;
  bids: OpenedBidView[];
  onQualified: (tender: TenderView) => void;
}) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [busy, setBusy] = useState(false);
  const deciding = tender.status === 'closed';
  const pending = bids.filter((b) => b.qualification.status === 'pending');
  const decision = (bidId: string): Decision => decisions[bidId] ?? { qualified: null, reason: '' };
  const set = (bidId: string, change: Partial<Decision>) =>
    setDecisions((d) => ({ ...d, [bidId]: { ...decision(bidId), ...change } }));
  const undecided = pending.filter((b) => {
    const d = decision(b.bidId);
    return d.qualified === null || (!d.qualified && d.reason.trim().length < 4);
  });

  const submit = async () => {
    setBusy(true);
    try {
      const next = await officialsApi.qualify(tender.tenderId, {
        decisions: pending.map((b) => {
          const d = decision(b.bidId);
          return d.qualified
            ? { bidId: b.bidId, qualified: true }
            : { bidId: b.bidId, qualified: false, reason: d.reason.trim() };
        }),
      });
      void message.success(t('officials.bids.qualified'));
      onQualified(next);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('officials.bids.title', { count: bids.length })} data-testid="bids">
      <Table<OpenedBidView>
        size="small"
        rowKey="bidId"
        pagination={false}
        dataSource={bids}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('officials.bids.none') }}
        columns={[
          { title: t('officials.bids.organisation'), dataIndex: 'organisationName' },
          { title: t('officials.bids.price'), dataIndex: 'priceFen', align: 'right', render: (f: number) => yuan(f) },
          { title: t('officials.bids.submittedAt'), dataIndex: 'submittedAt', render: (at: string) => dateTime(at) },
          {
            title: t('officials.bids.commitment'),
            dataIndex: 'commitment',
            render: (c: string) => (
              <Typography.Text code copyable={{ text: c }}>
                {c.slice(0, 12)}…
              </Typography.Text>
            ),
          },
          {
            title: t('officials.bids.checks'),
            key: 'checks',
            render: (_: unknown, b) => (
              <Space size={2} wrap>
                {b.qualification.checks.map((c) => (
                  <Tooltip key={c.check} title={c.detail}>
                    <Tag
                      color={c.passed ? 'success' : 'error'}
                      icon={c.passed ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
                    >
                      {c.check}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
          {
            title: t('officials.bids.qualification'),
            key: 'qualification',
            render: (_: unknown, b) => {
              if (!deciding || b.qualification.status !== 'pending')
                return (
                  <Space direction="vertical" size={0}>
                    <Tag color={QUALIFICATION_COLOR[b.qualification.status]}>
                      {t(`officials.qualification.${b.qualification.status}`)}
                    </Tag>
                    {b.qualification.reason && (
                      <Typography.Text type="secondary">{b.qualification.reason}</Typography.Text>
                    )}
                  </Space>
                );
              const d = decision(b.bidId);
              return (
                <Space direction="vertical" size={4}>
                  <Radio.Group
                    aria-label={t('officials.bids.decisionFor', { name: b.organisationName })}
                    value={d.qualified}
                    onChange={(e) => set(b.bidId, { qualified: e.target.value as boolean })}
                    options={[
                      { value: true, label: t('officials.qualification.qualified') },
                      { value: false, label: t('officials.qualification.disqualified') },
                    ]}
                  />
                  {d.qualified === false && (
                    <Input
                      aria-label={t('officials.bids.reasonFor', { name: b.organisationName })}
                      placeholder={t('officials.bids.reason')}
                      value={d.reason}
                      status={d.reason.trim().length < 4 ? 'error' : ''}
                      onChange={(e) => set(b.bidId, { reason: e.target.value })}
                      maxLength={2000}
                    />
                  )}
                </Space>
              );
            },
          },
        ]}
        expandable={{
          expandedRowRender: (b) => (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{b.proposal}</Typography.Paragraph>
          ),
        }}
      />
      {deciding && pending.length > 0 && (
        <Space style={{ marginTop: 16 }} wrap>
          <Button
            onClick={() =>
              setDecisions(Object.fromEntries(pending.map((b) => [b.bidId, { qualified: true, reason: '' }])))
            }
          >
            {t('officials.bids.allQualified')}
          </Button>
          <Button type="primary" loading={busy} disabled={undecided.length > 0} onClick={() => void submit()}>
            {t('officials.bids.submit')}
          </Button>
          {undecided.length > 0 && (
            <Typography.Text type="secondary">
              {t('officials.bids.undecided', { count: undecided.length })}
            </Typography.Text>
          )}
        </Space>
      )}
    </Card>
  );
}
