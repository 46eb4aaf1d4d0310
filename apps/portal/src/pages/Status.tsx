import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { useI18n } from '../i18n';

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('app.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('app.error')}
      subTitle={message}
      extra={onRetry ? <Button onClick={onRetry}>{t('app.retry')}</Button> : null}
    />
  );
}
