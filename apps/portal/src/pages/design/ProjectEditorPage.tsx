import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { Design, designApi, type LintResult, type ProjectView } from '../../api/design';
import { useReference } from '../../api/reference';
import { hasRole } from '../../auth/session';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError, NotFound } from '../Status';
import { designError, ProjectStatusTag } from './common';
import { FindingsProvider, groupFindings, LintPanel } from './editor/findings';
import { History } from './editor/History';
import { formFromProject, formNameOf, patchFromForm, type EditorForm } from './editor/model';
import { BudgetSection } from './editor/budget-section';
import { ProcurementSection } from './editor/procurement-section';
import { BasicsSection, EligibilitySection, GoalsSection } from './editor/sections';
import { useNeedOptions } from './editor/useNeedOptions';
import { Workflow } from './editor/Workflow';
import { DESIGN_ROLES } from './roles';

/** The project editor: every field the design API takes, the linter's findings beside them, the workflow, the history. */
export default function ProjectEditorPage() {
  const { projectId = '' } = useParams();
  const { t } = useI18n();
  const loaded = useAsync((signal) => designApi.project(projectId, signal), [projectId]);
  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (loaded.error) return <LoadError message={designError(loaded.error, t)} onRetry={loaded.reload} />;
  if (!loaded.data) return <Skeleton active />;
  return <Editor key={projectId} initial={loaded.data} reload={loaded.reload} />;
}

function Editor({ initial, reload }: { initial: ProjectView; reload: () => void }) {
  const { t, pick, dateTime } = useI18n();
  const { message } = App.useApp();
  const principal = useSession()?.principal;
  const { reference } = useReference();
  const [form] = Form.useForm<EditorForm>();
  const [project, setProject] = useState(initial);
  const [lint, setLint] = useState<LintResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const editable = hasRole(principal, DESIGN_ROLES.author) && ['draft', 'returned'].includes(project.status);
  const canLint = hasRole(principal, DESIGN_ROLES.lint) && !['cancelled', 'completed'].includes(project.status);
  const needs = useNeedOptions(project, hasRole(principal, DESIGN_ROLES.suggestions));
  const watchedNeeds = Form.useWatch('needIds', form);
  const programmes = useAsync((signal) => designApi.programmes({}, signal), []);

  const check = useCallback(
    async (projectId: string) => {
      setChecking(true);
      try {
        setLint(await designApi.lint(projectId));
      } catch (error) {
        setFailure(designError(error, t));
      } finally {
        setChecking(false);
      }
    },
    [t],
  );

  useEffect(() => {
    if (canLint) void check(initial.projectId);
    // Checked once on opening; then after every save and on request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const adopt = (updated: ProjectView) => {
    setProject(updated);
    const values = formFromProject(updated);
    form.setFields(
      (Object.keys(values) as Array<keyof EditorForm>).map((name) => ({ name, value: values[name], errors: [] })),
    );
    setDirty(false);
  };

  /** Shows a 400's field problems under their fields; true when at least one found its field. */
  const showProblems = (problems: { field: string; reason: string }[]) => {
    const fields = problems.map((p) => ({ name: formNameOf(p.field), errors: [p.reason] }));
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    return fields.length > 0;
  };

  /** Saves what changed (as a new version) and checks the policy again; the saved project, or null. */
  const save = async (): Promise<ProjectView | null> => {
    setFailure(null);
    let values: EditorForm;
    try {
      await form.validateFields();
      // Every value, also of fields not shown now (a justification under an open tender).
      values = form.getFieldsValue(true) as EditorForm;
    } catch {
      setFailure(t('design.editor.invalid'));
      return null;
    }
    const patch = patchFromForm(project, values);
    if (Object.keys(patch).length === 0) return project;
    const body = { ...patch, expectedVersion: project.version };
    // The API's own schema first: the same rules and field names as the server's 400.
    const parsed = Design.UpdateProjectRequest.safeParse(body);
    if (!parsed.success) {
      showProblems(parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
      setFailure(t('design.editor.invalid'));
      return null;
    }
    setBusy(true);
    try {
      const updated = await designApi.updateProject(project.projectId, body);
      adopt(updated);
      void message.success(t('design.editor.saved', { version: updated.version }));
      void check(updated.projectId);
      return updated;
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) showProblems(error.fields);
      setFailure(designError(error, t));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const saved = await save();
    if (!saved) return;
    setBusy(true);
    try {
      const updated = await designApi.submit(saved.projectId);
      adopt(updated);
      setLint(null);
      void message.success(t('design.editor.submitted'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DESIGN.POLICY_VIOLATIONS') {
        setFailure(t('design.lint.blocked'));
        void check(saved.projectId);
      } else setFailure(designError(error, t));
    } finally {
      setBusy(false);
    }
  };

  const findings = useMemo(() => groupFindings(lint?.violations ?? []), [lint]);
  const initialValues = useMemo(() => formFromProject(initial), [initial]);
  const areas = reference?.areas ?? [];
  const seesAll = hasRole(principal, ['official', 'admin', 'funder']);
  const inScope = (path: string[]) => seesAll || path.some((c) => principal?.communities.includes(c));
  const communities = areas
    .filter((a) => a.kind === 'community' && (inScope(a.path) || project.communityCodes.includes(a.code)))
    .map((a) => ({ value: a.code, label: a.name }));
  const serviceAreas = areas
    .filter((a) => a.kind !== 'grid' && a.active)
    .map((a) => ({ value: a.code, label: a.name }));
  const beneficiaries = (watchedNeeds ?? project.needIds).reduce<number | null>((sum, id) => {
    const n = needs.byId.get(id);
    return sum === null || !n ? null : sum + n.beneficiaryCount;
  }, 0);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {project.title}
            </Typography.Title>
            <ProjectStatusTag status={project.status} />
            <Typography.Text type="secondary" data-testid="project-version">
              {t('design.editor.version', { version: project.version })}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary">
            {t('design.editor.createdBy', { by: project.createdBy, time: dateTime(project.createdAt) })}
            {' · '}
            {pick(reference?.category(project.category)?.name ?? { zh: project.category, en: null })}
            {' · '}
            {t('design.field.budget')} {yuan(project.budgetFen)}
            {project.reservation &&
              ` · ${t('design.editor.reservation', { amount: yuan(project.reservation.amountFen) })}`}
          </Typography.Text>
        </Space>
      </Card>
      {project.status === 'returned' && project.returnComments && (
        <Alert
          type="warning"
          showIcon
          data-testid="returned"
          message={t('design.editor.returnedAlert', { comments: project.returnComments })}
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable
          onClose={() => setFailure(null)}
          message={failure}
          action={
            <Button size="small" onClick={reload}>
              {t('design.editor.reload')}
            </Button>
          }
        />
      )}
      <Tabs
        items={[
          {
            key: 'edit',
            label: t('design.editor.tabs.edit'),
            children: (
              <Row gutter={16}>
                <Col xs={24} xl={16}>
                  <Card>
                    {!editable && (
                      <Alert type="info" showIcon message={t('design.editor.readOnly')} style={{ marginBottom: 16 }} />
                    )}
                    <FindingsProvider value={findings}>
                      <Form<EditorForm>
                        form={form}
                        layout="vertical"
                        disabled={!editable}
                        initialValues={initialValues}
                        onValuesChange={() => setDirty(true)}
                        scrollToFirstError
                      >
                        <BasicsSection
                          categories={(reference?.categories ?? []).map((c) => ({
                            value: c.code,
                            label: pick(c.name),
                          }))}
                          communities={communities}
                          needOptions={needs.options}
                          beneficiaries={beneficiaries}
                        />
                        <GoalsSection />
                        <BudgetSection programmes={programmes.data ?? []} />
                        <ProcurementSection />
                        <EligibilitySection areas={serviceAreas} />
                      </Form>
                    </FindingsProvider>
                  </Card>
                  <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 2, marginTop: 8 }}>
                    <Workflow
                      project={project}
                      dirty={dirty}
                      busy={busy}
                      onSave={() => void save()}
                      onSubmit={() => void submit()}
                      onChanged={(p) => {
                        adopt(p);
                        if (canLint) void check(p.projectId);
                      }}
                      onFailure={setFailure}
                    />
                  </Card>
                </Col>
                <Col xs={24} xl={8}>
                  <div style={{ position: 'sticky', top: 16 }}>
                    <LintPanel
                      lint={lint}
                      checking={checking}
                      stale={dirty || (lint !== null && lint.version !== project.version)}
                      canCheck={canLint}
                      onCheck={() => void check(project.projectId)}
                    />
                  </div>
                </Col>
              </Row>
            ),
          },
          {
            key: 'history',
            label: t('design.editor.tabs.history'),
            children: (
              <Card>
                <History projectId={project.projectId} version={project.version} />
              </Card>
            ),
          },
        ]}
      />
    </Space>
  );
}
