import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, Layout, Timeline, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { intakeApi, type PublicCaseView } from '../api/intake';
import { StatusTag } from '../components/tags';
import { errorMessage } from '../errors';
import { useI18n } from '../i18n';
import { LanguageSwitch } from '../layout/AppLayout';

interface TrackForm {
  caseNumber: string;
  phoneLast4: string;
}

/** The resident's page (public, no account): a case's progress by its number and the phone's last four digits. */
export default function TrackPage() {
  const { t, pick, dateTime } = useI18n();
  const [result, setResult] = useState<PublicCaseView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const lookUp = async (values: TrackForm) => {
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      setResult(
        await intakeApi.track({ caseNumber: values.caseNumber.trim().toUpperCase(), phoneLast4: values.phoneLast4 }),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setFailure(t('track.notFound'));
      else if (error instanceof ApiError && error.status === 429) setFailure(t('track.rateLimited'));
      else setFailure(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header
        style={{ background: '#c8102e', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
      >
        <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>{t('app.title')}</Typography.Text>
        <LanguageSwitch light />
      </Layout.Header>
      <Layout.Content style={{ display: 'flex', justifyContent: 'center', padding: '32px 16px' }}>
        <main style={{ width: '100%', maxWidth: 640 }}>
          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0 }}>
                {t('track.title')}
              </Typography.Title>
            }
          >
            <Typography.Paragraph type="secondary">{t('track.intro')}</Typography.Paragraph>
            <Form<TrackForm> layout="vertical" onFinish={(v) => void lookUp(v)} requiredMark={false}>
              <Form.Item
                name="caseNumber"
                label={t('track.caseNumber')}
                normalize={(v: string) => v.toUpperCase()}
                rules={[
                  { required: true, message: t('validation.required', { field: t('track.caseNumber') }) },
                  { pattern: /^\s*NEED-\d{8}-[0-9A-HJKMNP-TV-Z]{6}\s*$/, message: t('validation.caseNumber') },
                ]}
              >
                <Input placeholder="NEED-20261127-7K3M9Q" autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="phoneLast4"
                label={t('track.last4')}
                rules={[{ required: true, pattern: /^\d{4}$/, message: t('validation.last4') }]}
              >
                <Input inputMode="numeric" maxLength={4} autoComplete="off" style={{ width: 160 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('track.submit')}
              </Button>
            </Form>
            {failure && <Alert type="error" showIcon message={failure} role="alert" style={{ marginTop: 24 }} />}
            {result && (
              <section aria-label={t('track.result')} style={{ marginTop: 24 }} data-testid="track-result">
                <Descriptions bordered size="small" column={1} title={t('track.result')}>
                  <Descriptions.Item label={t('track.caseNumber')}>{result.caseNumber}</Descriptions.Item>
                  <Descriptions.Item label={t('need.category')}>{pick(result.category)}</Descriptions.Item>
                  <Descriptions.Item label={t('need.status')}>
                    <StatusTag status={result.status} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('need.loggedAt')}>{dateTime(result.loggedAt)}</Descriptions.Item>
                </Descriptions>
                <Typography.Title level={5} style={{ marginTop: 24 }}>
                  {t('need.timeline')}
                </Typography.Title>
                <Timeline
                  style={{ marginTop: 16 }}
                  items={result.timeline.map((entry, i) => ({
                    key: `${entry.status}-${i}`,
                    color: i === result.timeline.length - 1 ? 'green' : 'gray',
                    children: (
                      <>
                        <StatusTag status={entry.status} />{' '}
                        <Typography.Text type="secondary">{dateTime(entry.at)}</Typography.Text>
                      </>
                    ),
                  }))}
                />
              </section>
            )}
          </Card>
          <div style={{ textAlign: 'center', marginTop: 16 }}>
            <Link to="/login">
              <LoginOutlined /> {t('track.staffLogin')}
            </Link>
          </div>
        </main>
      </Layout.Content>
    </Layout>
  );
}
