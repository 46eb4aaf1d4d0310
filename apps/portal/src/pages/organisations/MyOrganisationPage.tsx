import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Card, Skeleton, Space, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { organisationsApi, type OrganisationView } from '../../api/organisations';
import { hasRole } from '../../auth/session';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { NotLinked, orgError, PageTitle } from './common';
import { OrganisationProfile } from './OrganisationProfile';
import { useMyOrganisation } from './reference';
import { RegisteredResult } from './RegisterOrganisationPage';
import { RegistrationForm, type Registered } from './RegistrationForm';

/** An organisation user whose account has no organisation yet registers one. */
function RegisterOwn() {
  const { t } = useI18n();
  const [registered, setRegistered] = useState<Registered | null>(null);
  return (
    <Card title={<PageTitle>{t('organisations.register.ownTitle')}</PageTitle>}>
      {registered ? (
        <RegisteredResult registered={registered} self />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <NotLinked />
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            {t('organisations.register.ownIntro')}
          </Typography.Paragraph>
          <RegistrationForm official={false} onRegistered={setRegistered} />
        </Space>
      )}
    </Card>
  );
}

/** 我的机构: the organisation the signed-in user acts for; registration when there is none. */
export default function MyOrganisationPage() {
  const { t } = useI18n();
  const session = useSession();
  const mine = useMyOrganisation();
  const [changed, setChanged] = useState<OrganisationView | null>(null);
  if (!session) return null;
  if (!mine.organisationId)
    return hasRole(session.principal, ['org_user']) ? (
      <RegisterOwn />
    ) : (
      <Card title={<PageTitle>{t('organisations.nav.ourOrganisation')}</PageTitle>}>
        <NotLinked />
      </Card>
    );
  if (mine.error && !mine.data) return <LoadError message={orgError(mine.error, t)} onRetry={mine.reload} />;
  const organisation = changed ?? mine.data;
  if (!organisation) return <Skeleton active />;
  return (
    <OrganisationProfile
      organisation={organisation}
      editable={hasRole(session.principal, ['org_user'])}
      onChanged={setChanged}
    />
  );
}

/** An organisation's entry as officials see it (after registering it, for example). */
export function OrganisationPage() {
  const { organisationId = '' } = useParams();
  const { t } = useI18n();
  const session = useSession();
  const state = useAsync((signal) => organisationsApi.organisation(organisationId, signal), [organisationId]);
  const [changed, setChanged] = useState<OrganisationView | null>(null);
  if (state.error && !state.data) {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return missing ? (
      <Alert type="warning" showIcon message={t('organisations.profile.notFound')} />
    ) : (
      <LoadError message={orgError(state.error, t)} onRetry={state.reload} />
    );
  }
  const organisation = changed?.organisationId === organisationId ? changed : state.data;
  if (!organisation) return <Skeleton active />;
  return (
    <OrganisationProfile
      organisation={organisation}
      editable={hasRole(session?.principal, ['official', 'admin'])}
      onChanged={setChanged}
    />
  );
}
