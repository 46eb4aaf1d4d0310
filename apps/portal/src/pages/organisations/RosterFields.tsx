import { Button, Checkbox, Form, Input, Select, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Procurement, type SocialWorkerInput } from '../../api/organisations';
import { useI18n } from '../../i18n';
import { verdict } from './common';

/** One row of the roster as the form holds it. */
export interface WorkerRow {
  workerId?: string;
  name?: string;
  certificateLevel?: SocialWorkerInput['certificateLevel'];
  certificateNumber?: string;
  generalist?: boolean;
  communityCodes?: string[];
}

/** The roster as procurement takes it (PUT …/social-workers). */
export function toWorkers(rows: readonly WorkerRow[] | undefined): SocialWorkerInput[] {
  return (rows ?? []).map((r) => ({
    workerId: r.workerId?.trim() ?? '',
    name: r.name?.trim() ?? '',
    certificateLevel: r.certificateLevel ?? 'none',
    certificateNumber: r.certificateNumber?.trim() || null,
    generalist: r.generalist === true,
    communityCodes: r.communityCodes ?? [],
  }));
}

export function toRows(workers: readonly SocialWorkerInput[] | undefined): WorkerRow[] {
  return (workers ?? []).map((w) => ({
    workerId: w.workerId,
    name: w.name,
    certificateLevel: w.certificateLevel,
    certificateNumber: w.certificateNumber ?? '',
    generalist: w.generalist ?? false,
    communityCodes: w.communityCodes ?? [],
  }));
}

/**
 * The social workers, an editable table inside a Form under `name` (a Form.List): each with
 * a certificate level (a certified worker needs the certificate number), the generalist flag
 * (全科社工) and the communities where they are stationed.
 */
export function RosterFields({
  name,
  communities,
}: {
  name: string;
  /** Communities to station workers in: the organisation's service areas, named where known. */
  communities: { value: string; label: string }[];
}) {
  const { t } = useI18n();
  const row = (i: number) => t('organisations.row', { n: i + 1 });
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={fields}
            locale={{ emptyText: t('organisations.roster.empty') }}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('organisations.roster.workerId'),
                key: 'workerId',
                render: (_: unknown, field, i) => (
                  <Form.Item
                    name={[field.name, 'workerId']}
                    style={{ margin: 0 }}
                    rules={[{ required: true, message: t('organisations.validation.required') }]}
                  >
                    <Input aria-label={`${t('organisations.roster.workerId')} ${row(i)}`} maxLength={64} />
                  </Form.Item>
                ),
              },
              {
                title: t('organisations.roster.name'),
                key: 'name',
                render: (_: unknown, field, i) => (
                  <Form.Item
                    name={[field.name, 'name']}
                    style={{ margin: 0 }}
                    rules={[{ required: true, message: t('organisations.validation.required') }]}
                  >
                    <Input aria-label={`${t('organisations.roster.name')} ${row(i)}`} maxLength={50} />
                  </Form.Item>
                ),
              },
              {
                title: t('organisations.roster.level'),
                key: 'level',
                width: 170,
                render: (_: unknown, field, i) => (
                  <Form.Item name={[field.name, 'certificateLevel']} style={{ margin: 0 }}>
                    <Select
                      aria-label={`${t('organisations.roster.level')} ${row(i)}`}
                      options={Procurement.CertificateLevel.options.map((l) => ({
                        value: l,
                        label: t(`organisations.level.${l}`),
                      }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('organisations.roster.number'),
                key: 'number',
                render: (_: unknown, field, i) => (
                  <Form.Item
                    name={[field.name, 'certificateNumber']}
                    style={{ margin: 0 }}
                    dependencies={[[name, field.name, 'certificateLevel']]}
                    rules={[
                      // A certified worker needs the certificate number (procurement refuses it without).
                      ({ getFieldValue }) => ({
                        validator: (_rule, value: string | undefined) => {
                          const level = getFieldValue([name, field.name, 'certificateLevel']) as string | undefined;
                          return verdict(
                            level && level !== 'none' && !value?.trim() ? t('organisations.roster.numberNeeded') : null,
                          );
                        },
                      }),
                    ]}
                  >
                    <Input aria-label={`${t('organisations.roster.number')} ${row(i)}`} maxLength={64} />
                  </Form.Item>
                ),
              },
              {
                title: t('organisations.roster.generalist'),
                key: 'generalist',
                width: 90,
                render: (_: unknown, field, i) => (
                  <Form.Item name={[field.name, 'generalist']} valuePropName="checked" style={{ margin: 0 }}>
                    <Checkbox aria-label={`${t('organisations.roster.generalist')} ${row(i)}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('organisations.roster.communities'),
                key: 'communities',
                width: 240,
                render: (_: unknown, field, i) => (
                  <Form.Item name={[field.name, 'communityCodes']} style={{ margin: 0 }}>
                    <Select
                      mode="multiple"
                      allowClear
                      aria-label={`${t('organisations.roster.communities')} ${row(i)}`}
                      options={communities}
                      optionFilterProp="label"
                      notFoundContent={t('organisations.roster.noCommunities')}
                    />
                  </Form.Item>
                ),
              },
              {
                title: '',
                key: 'remove',
                width: 56,
                render: (_: unknown, field, i) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t('organisations.roster.remove')} ${row(i)}`}
                    onClick={() => remove(field.name)}
                  />
                ),
              },
            ]}
          />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() => add({ certificateLevel: 'none', generalist: false, communityCodes: [] })}
            disabled={fields.length >= 1000}
          >
            {t('organisations.roster.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
