import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Progress, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { intakeApi, type NeedImportView } from '../../api/intake';
import { errorMessage } from '../../errors';
import { useI18n } from '../../i18n';

const POLL_MS = 500;

const TEMPLATE = [
  'channel,category,grid_code,urgency,beneficiary_count,description,beneficiary_groups,contact_name,contact_phone,consent,attr.care_type',
  'window,elderly_care,XZ-GL-HL-01-G01,high,1,独居老人需要每周上门探访,elderly;living_alone,张大爷,13812345678,true,home_visit',
].join('\r\n');

/** rows.<line>.<column> → the line as a spreadsheet numbers it and the column. */
export function rowError(field: string): { line: number | null; column: string } {
  const match = /^rows\.(\d+)\.?(.*)$/.exec(field);
  return match ? { line: Number(match[1]), column: match[2] || '—' } : { line: null, column: field };
}

const countRows = (csv: string) => Math.max(0, csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);

export default function ImportPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [progress, setProgress] = useState<NeedImportView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const poll = (importId: string) => {
    timer.current = window.setTimeout(() => {
      intakeApi.importProgress(importId).then(
        (view) => {
          setProgress(view);
          if (view.status === 'done' || view.status === 'failed') setBusy(false);
          else poll(importId);
        },
        (error: unknown) => {
          setFailure(errorMessage(error, t));
          setBusy(false);
        },
      );
    }, POLL_MS);
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setProgress(null);
    try {
      const accepted = await intakeApi.startImport(file.text);
      poll(accepted.importId);
    } catch (error) {
      setFailure(errorMessage(error, t));
      setBusy(false);
    }
  };

  const downloadTemplate = () => {
    // The BOM lets Excel open the UTF-8 file with its Chinese intact.
    const url = URL.createObjectURL(new Blob(['\uFEFF', TEMPLATE], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'needs-template.csv';
    a.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const total = progress?.totalRows ?? 0;
  const done = progress ? (progress.status === 'validating' ? progress.validatedRows : progress.processedRows) : 0;
  const percent = total > 0 ? Math.round((done / total) * 100) : progress?.status === 'done' ? 100 : 0;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('imports.title')}
        </Typography.Title>
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
          {t('imports.template')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('imports.intro')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(picked) => {
          void picked.text().then((text) => {
            setFile({ name: picked.name, text: text.replace(/^\uFEFF/, '') });
            setProgress(null);
            setFailure(null);
          });
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('imports.pick')}</p>
        <p className="ant-upload-hint">{t('imports.pickHint')}</p>
      </Upload.Dragger>
      {file && (
        <Space style={{ marginTop: 16 }}>
          <Typography.Text data-testid="import-file">
            {t('imports.file', { name: file.name, rows: countRows(file.text) })}
          </Typography.Text>
          <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => void start()}>
            {t('imports.upload')}
          </Button>
        </Space>
      )}
      {failure && <Alert type="error" showIcon message={failure} role="alert" style={{ marginTop: 16 }} />}
      {progress && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 24 }} data-testid="import-progress">
          <Space size="large" wrap>
            <Tag color={progress.status === 'done' ? 'green' : progress.status === 'failed' ? 'red' : 'blue'}>
              {t(`imports.status.${progress.status}`)}
            </Tag>
            <Statistic title={t('imports.progress')} value={`${done} / ${total}`} />
          </Space>
          <Progress
            percent={percent}
            status={progress.status === 'failed' ? 'exception' : progress.status === 'done' ? 'success' : 'active'}
          />
          {progress.status === 'done' && (
            <Alert
              type="success"
              showIcon
              message={`${t('imports.created', { count: progress.createdNeeds })}；${t('imports.duplicates', { count: progress.duplicates })}`}
            />
          )}
          {progress.errors.length > 0 && (
            <>
              <Alert type="error" showIcon message={t('imports.errors', { count: progress.errors.length })} />
              <Table
                size="small"
                rowKey={(e) => `${e.field}:${e.reason}`}
                dataSource={progress.errors}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  {
                    title: t('imports.row'),
                    key: 'line',
                    width: 80,
                    render: (_: unknown, e) => rowError(e.field).line ?? '—',
                  },
                  {
                    title: t('imports.column'),
                    key: 'column',
                    width: 200,
                    render: (_: unknown, e) => rowError(e.field).column,
                  },
                  { title: t('imports.reason'), dataIndex: 'reason' },
                ]}
              />
            </>
          )}
          {progress.results.length > 0 && (
            <Table
              size="small"
              rowKey="row"
              dataSource={progress.results}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('imports.row'), dataIndex: 'row', width: 80 },
                {
                  title: t('imports.results'),
                  dataIndex: 'caseNumber',
                  render: (caseNumber: string, r) => (
                    <Space>
                      <Typography.Text copyable>{caseNumber}</Typography.Text>
                      {r.duplicate && <Tag>{t('imports.duplicate')}</Tag>}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
