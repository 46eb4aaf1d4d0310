import { createContext, useContext } from 'react';
import { Alert, Button, Card, List, Space, Typography } from 'antd';
import { AimOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import type { LintResult, Violation } from '../../../api/design';
import { useI18n, type I18n } from '../../../i18n';
import { designKey, ruleText } from '../common';
import { anchorOf } from './model';

/** The linter's findings by where they are shown (see anchorOf). */
export type FindingsByAnchor = ReadonlyMap<string, readonly Violation[]>;

const FindingsContext = createContext<FindingsByAnchor>(new Map());
export const FindingsProvider = FindingsContext.Provider;

export function groupFindings(violations: readonly Violation[]): FindingsByAnchor {
  const map = new Map<string, Violation[]>();
  for (const v of violations) {
    const anchor = anchorOf(v.field);
    map.set(anchor, [...(map.get(anchor) ?? []), v]);
  }
  return map;
}

const elementId = (anchor: string) => `finding-${anchor.replaceAll('.', '-')}`;

/** The field a finding concerns, in the user's words. */
export function fieldLabel(field: string, t: I18n['t']): string {
  const root = field.replace(/^body\./, '').split('.')[0] ?? field;
  const key = designKey(`design.field.${root}`);
  return key ? t(key) : field;
}

/** The linter's findings about one field or section, shown right beside it. */
export function FieldFindings({ at }: { at: string }) {
  const { t } = useI18n();
  const findings = useContext(FindingsContext).get(at) ?? [];
  if (findings.length === 0) return null;
  // One line per rule (an indicator rule may find two things), with the server's particulars.
  const byRule = new Map<string, string[]>();
  for (const v of findings) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v.message]);
  return (
    <div id={elementId(at)} data-testid={`findings-${at}`} role="status" style={{ margin: '4px 0 8px' }}>
      {[...byRule.entries()].map(([rule, messages]) => (
        <div key={rule} className="design-finding" data-rule={rule}>
          <Typography.Text type="warning">
            <WarningOutlined /> {ruleText(rule, t)}
          </Typography.Text>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            （{messages.join('; ')}）
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

function goTo(anchor: string) {
  const element = document.getElementById(elementId(anchor));
  if (!element) return;
  element.scrollIntoView({ behavior: 'smooth', block: 'center' });
  // The field the findings sit beside takes the focus, so the keyboard lands where the fix goes.
  const field = element.closest('.ant-form-item, [data-section]')?.querySelector<HTMLElement>('input, textarea');
  field?.focus({ preventScroll: true });
}

/** The policy check beside the form: every finding with its rule, its field, and a way to it. */
export function LintPanel({
  lint,
  checking,
  stale,
  canCheck,
  onCheck,
}: {
  lint: LintResult | null;
  checking: boolean;
  stale: boolean;
  canCheck: boolean;
  onCheck: () => void;
}) {
  const { t, dateTime, date } = useI18n();
  return (
    <Card
      size="small"
      data-testid="lint-panel"
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('design.lint.title')}
        </Space>
      }
      extra={
        canCheck && (
          <Button size="small" onClick={onCheck} loading={checking}>
            {t('design.editor.check')}
          </Button>
        )
      }
    >
      {!lint ? (
        <Typography.Text type="secondary">{t('design.lint.notChecked')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {lint.violations.length === 0 ? (
            <Alert type="success" showIcon message={t('design.lint.ok')} />
          ) : (
            <Alert type="warning" showIcon message={t('design.lint.count', { count: lint.violations.length })} />
          )}
          {stale && <Alert type="info" message={t('design.lint.stale', { version: lint.version })} />}
          <List
            size="small"
            dataSource={lint.violations}
            renderItem={(v) => (
              <List.Item
                data-rule={v.rule}
                actions={[
                  <Button
                    key="go"
                    type="link"
                    size="small"
                    icon={<AimOutlined />}
                    onClick={() => goTo(anchorOf(v.field))}
                    aria-label={`${t('design.lint.goTo')} ${fieldLabel(v.field, t)}`}
                  >
                    {t('design.lint.goTo')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={ruleText(v.rule, t)}
                  description={
                    <>
                      <Typography.Text strong>{fieldLabel(v.field, t)}</Typography.Text>
                      {' · '}
                      {v.message}
                    </>
                  }
                />
              </List.Item>
            )}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('design.lint.policy', {
              from: date(lint.policy.effectiveFrom),
              time: dateTime(lint.checkedAt),
            })}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
