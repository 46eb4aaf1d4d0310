import { useNavigate } from 'react-router';
import { Select, Space, Typography } from 'antd';
import { organisationsApi } from '../../api/organisations';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';

/** Picks one of the organisation's contracts for a screen at `${base}/:contractId`. */
export function ContractPicker({ base, contractId }: { base: string; contractId: string | undefined }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useAsync((signal) => organisationsApi.contracts(signal), []);
  const options = (list.data ?? []).map((c) => ({
    value: c.contractId,
    label: `${c.title}${c.status === 'active' ? '' : `（${t(`organisations.contractStatus.${c.status}`)}）`}`,
  }));
  return (
    <Space>
      <Typography.Text id="contract-picker-label">{t('organisations.contract.pick')}</Typography.Text>
      <Select
        aria-labelledby="contract-picker-label"
        style={{ minWidth: 320 }}
        loading={list.loading}
        value={contractId}
        placeholder={t('organisations.contract.pickPlaceholder')}
        options={options}
        notFoundContent={t('organisations.contracts.none')}
        onChange={(id: string) => navigate(`${base}/${id}`)}
      />
    </Space>
  );
}
