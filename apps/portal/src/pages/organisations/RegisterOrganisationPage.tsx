import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { hasRole } from '../../auth/session';
import { useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { OrganisationStatusTag, PageTitle } from './common';
import { RegistrationForm, type Registered } from './RegistrationForm';

/** What the user sees once procurement has registered the organisation. */
export function RegisteredResult({
  registered,
  self,
  onAnother,
}: {
  registered: Registered;
  /** Registered by an organisation user for itself: an administrator links the account. */
  self: boolean;
  onAnother?: () => void;
}) {
  const { t } = useI18n();
  const { organisation, rosterProblem } = registered;
  return (
    <Result
      status="success"
      title={t('organisations.register.done', { name: organisation.name })}
      subTitle={
        <Space direction="vertical" style={{ width: '100%', textAlign: 'left' }}>
          <div data-testid="registered">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('organisations.field.uscc')}>{organisation.uscc}</Descriptions.Item>
              <Descriptions.Item label={t('organisations.field.status')}>
                <OrganisationStatusTag status={organisation.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('organisations.field.organisationId')}>
                <Typography.Text copyable>{organisation.organisationId}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('organisations.roster.title')}>
                {t('organisations.roster.summary', {
                  total: organisation.socialWorkers.total,
                  percent: organisation.socialWorkers.certifiedPercent,
                })}
              </Descriptions.Item>
            </Descriptions>
          </div>
          {self && <Alert type="info" showIcon message={t('organisations.register.linkPending')} />}
          {!self && <Alert type="info" showIcon message={t('organisations.register.nextVerify')} />}
          {rosterProblem && (
            <Alert
              type="warning"
              showIcon
              message={t('organisations.register.rosterRefused', { problem: rosterProblem })}
            />
          )}
        </Space>
      }
      extra={
        self
          ? undefined
          : [
              <Link key="view" to={`/org/organisations/${organisation.organisationId}`}>
                <Button type="primary">{t('organisations.register.view')}</Button>
              </Link>,
              <Button key="again" onClick={onAnother}>
                {t('organisations.register.another')}
              </Button>,
            ]
      }
    />
  );
}

/** Officials and admins register an organisation (for example from its paper application). */
export default function RegisterOrganisationPage() {
  const { t } = useI18n();
  const session = useSession();
  const [registered, setRegistered] = useState<Registered | null>(null);
  const official = hasRole(session?.principal, ['official', 'admin']);
  return (
    <Card title={<PageTitle>{t('organisations.register.title')}</PageTitle>}>
      {registered ? (
        <RegisteredResult registered={registered} self={!official} onAnother={() => setRegistered(null)} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('organisations.register.intro')}</Typography.Paragraph>
          <RegistrationForm official={official} onRegistered={setRegistered} />
        </>
      )}
    </Card>
  );
}
