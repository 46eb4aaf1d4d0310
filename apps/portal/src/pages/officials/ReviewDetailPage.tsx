import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Row,
  Skeleton,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { officialsApi, type LintResult, type ProgrammeView, type ProjectView } from '../../api/officials';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { problemText, showFieldErrors } from './errors';
import { OpenTenderModal } from './OpenTenderModal';
import { ProjectFacts } from './ProjectFacts';
import { ProjectStatusTag } from './tags';

/** How much of the programme is left, and whether this project fits in it. */
function ProgrammeCard({ programme, project }: { programme: ProgrammeView; project: ProjectView }) {
  const { t } = useI18n();
  const reservedHere = programme.reservations.find((r) => r.projectId === project.projectId && r.status === 'held');
  const fits = reservedHere !== undefined || project.requestedFen <= programme.availableFen;
  const used = programme.budgetFen === 0 ? 0 : Math.round((programme.reservedFen / programme.budgetFen) * 100);
  return (
    <Card size="small" title={t('officials.programme.title')} data-testid="programme">
      <Typography.Paragraph strong>{programme.name}</Typography.Paragraph>
      <Row gutter={8}>
        <Col span={8}>
          <Statistic title={t('officials.programme.budget')} value={yuan(programme.budgetFen)} />
        </Col>
        <Col span={8}>
          <Statistic title={t('officials.programme.reserved')} value={yuan(programme.reservedFen)} />
        </Col>
        <Col span={8}>
          <Statistic title={t('officials.programme.available')} value={yuan(programme.availableFen)} />
        </Col>
      </Row>
      <Progress percent={used} size="small" aria-label={t('officials.programme.used')} />
      {reservedHere ? (
        <Alert
          type="info"
          showIcon
          message={t('officials.programme.reservedHere', { amount: yuan(reservedHere.amountFen) })}
        />
      ) : (
        <Alert
          type={fits ? 'success' : 'error'}
          showIcon
          message={t(fits ? 'officials.programme.fits' : 'officials.programme.short', {
            amount: yuan(project.requestedFen),
          })}
        />
      )}
    </Card>
  );
}

function LintCard({ lint, error }: { lint: LintResult | undefined; error: unknown }) {
  const { t, dateTime } = useI18n();
  return (
    <Card size="small" title={t('officials.lint.title')} data-testid="lint">
      {error ? (
        <Alert type="warning" showIcon message={problemText(error, t)} />
      ) : !lint ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : lint.violations.length === 0 ? (
        <Alert type="success" showIcon message={t('officials.lint.clean')} />
      ) : (
        <List
          size="small"
          dataSource={lint.violations}
          renderItem={(v) => (
            <List.Item>
              <List.Item.Meta
                title={<Typography.Text type="danger">{`${v.field} · ${v.rule}`}</Typography.Text>}
                description={v.message}
              />
            </List.Item>
          )}
        />
      )}
      {lint && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('officials.lint.policy', { policy: lint.policy.policyId, at: dateTime(lint.checkedAt) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** One project under review: everything it says, the linter's findings, the programme's budget; approve or return. */
export default function ReviewDetailPage() {
  const { projectId = '' } = useParams();
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const session = useSession();
  const state = useAsync(() => officialsApi.project(projectId), [projectId]);
  const [updated, setUpdated] = useState<ProjectView | null>(null);
  const project = updated?.projectId === projectId ? updated : state.data;
  const version = project?.version;
  const lint = useAsync(
    () => (version === undefined ? Promise.resolve(undefined) : officialsApi.lint(projectId)),
    [projectId, version],
  );
  const programmeId = project?.programmeId ?? null;
  const programme = useAsync(
    () => (programmeId ? officialsApi.programme(programmeId) : Promise.resolve(null)),
    [programmeId, version],
  );
  const [returning, setReturning] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ comments: string }>();

  if (state.error && !project) {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return (
      <LoadError
        message={missing ? t('officials.review.notFound') : problemText(state.error, t)}
        onRetry={state.reload}
      />
    );
  }
  if (!project || !session) return <Skeleton active />;

  // Four eyes: whoever submitted never decides (the server refuses it too).
  const ownSubmission = project.createdBy === session.principal.sub;
  const canApprove = project.status === 'submitted' && !ownSubmission;
  const canReturn = (project.status === 'submitted' || project.status === 'approved') && !ownSubmission;
  const canPublish = project.status === 'approved';

  const approve = () =>
    modal.confirm({
      title: t('officials.review.approveTitle'),
      content: t('officials.review.approveBody', { amount: yuan(project.requestedFen) }),
      okText: t('officials.review.approve'),
      cancelText: t('app.cancel'),
      onOk: async () => {
        try {
          setUpdated(await officialsApi.approve(project.projectId));
          void message.success(t('officials.review.approved'));
        } catch (error) {
          void message.error(problemText(error, t));
        }
      },
    });

  const submitReturn = async () => {
    const { comments } = await form.validateFields();
    setBusy(true);
    try {
      setUpdated(await officialsApi.returnProject(project.projectId, comments));
      setReturning(false);
      void message.success(t('officials.review.returned'));
    } catch (error) {
      if (!showFieldErrors(form, error, ['comments'])) void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/officials/projects" aria-label={t('app.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {project.title}
            </Typography.Title>
            <ProjectStatusTag status={project.status} />
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }} aria-label={t('officials.review.actions')}>
          {canApprove && (
            <Button type="primary" icon={<CheckOutlined />} onClick={approve}>
              {t('officials.review.approve')}
            </Button>
          )}
          {canReturn && (
            <Button
              icon={<RollbackOutlined />}
              onClick={() => {
                form.resetFields();
                setReturning(true);
              }}
            >
              {t('officials.review.return')}
            </Button>
          )}
          {canPublish && (
            <Button type="primary" icon={<SendOutlined />} onClick={() => setPublishing(true)}>
              {t(project.fundingMode === 'venture_funding' ? 'officials.open.publishRound' : 'officials.open.publish')}
            </Button>
          )}
          {ownSubmission && <Alert type="info" showIcon message={t('officials.review.ownSubmission')} />}
          {!canApprove && !canReturn && !canPublish && !ownSubmission && (
            <Typography.Text type="secondary">{t('officials.review.noActions')}</Typography.Text>
          )}
        </Space>
        <Row gutter={24}>
          <Col xs={24} xl={16}>
            <ProjectFacts project={project} programmeName={programme.data?.name ?? null} />
          </Col>
          <Col xs={24} xl={8}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <LintCard lint={lint.data} error={lint.error} />
              {programme.data && <ProgrammeCard programme={programme.data} project={project} />}
              {programme.error !== undefined && (
                <Alert type="warning" showIcon message={problemText(programme.error, t)} />
              )}
            </Space>
          </Col>
        </Row>
      </Card>
      <Modal
        open={returning}
        title={t('officials.review.returnTitle')}
        okText={t('officials.review.return')}
        cancelText={t('app.cancel')}
        confirmLoading={busy}
        onOk={() => void submitReturn().catch(() => undefined)}
        onCancel={() => setReturning(false)}
        forceRender
      >
        {project.status === 'approved' && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('officials.review.returnReleases')} />
        )}
        <Form form={form} layout="vertical">
          <Form.Item
            name="comments"
            label={t('officials.review.comments')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('officials.review.comments') }),
              },
              { min: 5, message: t('validation.minLength', { field: t('officials.review.comments'), min: 5 }) },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
        </Form>
      </Modal>
      {canPublish && (
        <OpenTenderModal
          open={publishing}
          fixed={project}
          onClose={() => setPublishing(false)}
          onOpened={(next) => {
            setPublishing(false);
            if (next.tenderId) void navigate(`/officials/procurement/tenders/${next.tenderId}`);
            else if (next.roundId) void navigate(`/officials/procurement/rounds/${next.roundId}`);
            else setUpdated(next.project);
          }}
        />
      )}
    </Space>
  );
}
