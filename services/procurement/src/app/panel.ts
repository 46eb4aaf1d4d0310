import type { ProcurementApi } from '@sanshe/contracts';
import { conflict, forbidden, unprocessable, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { detectConflict, mayScore, memberStatus, sheetProblems, type Panel, type PanelMember } from '../domain/panel';
import type { ProcurementDeps } from './deps';
import { loadPanelTarget, type PanelTarget } from './panel-target';
import { retrying } from './retry';

type Deps = Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>;
type Kind = PanelTarget['kind'];

/**
 * Assigns (or changes) the panel. A member who stays keeps their declaration and sheet;
 * a removed member's sheet leaves the current sheets but stays in the history.
 */
export function assignPanel(
  deps: Deps,
  actor: Principal,
  kind: Kind,
  id: string,
  input: z.infer<typeof ProcurementApi.AssignPanelRequest>,
): Promise<PanelTarget> {
  return retrying(async () => {
    const target = await loadPanelTarget(deps, kind, id, actor);
    if (!target.panelOpen)
      throw conflict('PROCUREMENT.PANEL_LOCKED', 'the panel cannot change once the evaluation is done');
    const ids = input.evaluators.map((e) => e.evaluatorId);
    const dup = ids.find((x, i) => ids.indexOf(x) !== i);
    if (dup)
      throw unprocessable('PROCUREMENT.DUPLICATE_EVALUATOR', 'an evaluator is listed twice', [
        { field: 'evaluators', reason: dup },
      ]);
    const at = deps.clock.now().toISOString();
    const members: PanelMember[] = input.evaluators.map((e) => {
      const kept = target.panel.members.find((m) => m.evaluatorId === e.evaluatorId);
      const member = kept ?? {
        evaluatorId: e.evaluatorId,
        name: e.name,
        affiliationOrganisationId: e.affiliationOrganisationId,
        assignedAt: at,
        assignedBy: actor.sub,
        declaration: null,
        detectedConflict: null,
      };
      const updated = { ...member, name: e.name, affiliationOrganisationId: e.affiliationOrganisationId };
      // Conflicts are only looked for once the subjects are known: before the deadline that would tell who bid.
      return target.subjectsKnown
        ? { ...updated, detectedConflict: updated.detectedConflict ?? detectConflict(updated, target.parties, null) }
        : updated;
    });
    const panel: Panel = {
      members,
      sheets: target.panel.sheets.filter((s) => ids.includes(s.evaluatorId)),
      sheetHistory: target.panel.sheetHistory,
    };
    await target.save(panel);
    return { ...target, panel };
  });
}

/** An evaluator declares (no) conflict of interest, knowing only who is evaluated, before seeing any content. */
export function declareInterest(
  deps: Deps,
  actor: Principal,
  kind: Kind,
  id: string,
  input: z.infer<typeof ProcurementApi.DeclarationRequest>,
): Promise<PanelTarget> {
  return retrying(async () => {
    const target = await loadPanelTarget(deps, kind, id, actor);
    const member = target.panel.members.find((m) => m.evaluatorId === actor.sub);
    if (!member) throw forbidden('you are not on this panel');
    if (!target.subjectsKnown)
      throw conflict('PROCUREMENT.NOT_YET', 'declare once the bids are opened and the bidders known');
    if (member.declaration) throw conflict('PROCUREMENT.ALREADY_DECLARED', `declared on ${member.declaration.at}`);
    const at = deps.clock.now().toISOString();
    const updated: PanelMember = {
      ...member,
      declaration: { conflictOfInterest: input.conflictOfInterest, statement: input.statement, at },
      detectedConflict: member.detectedConflict ?? detectConflict(member, target.parties, actor.organisationId),
    };
    const panel = {
      ...target.panel,
      members: target.panel.members.map((m) => (m.evaluatorId === actor.sub ? updated : m)),
    };
    await target.save(panel);
    return { ...target, panel };
  });
}

/** An evaluator's scoring sheet: every subject on every scored criterion. A new sheet replaces the last; both are kept. */
export function submitScoreSheet(
  deps: Deps,
  actor: Principal,
  kind: Kind,
  id: string,
  input: z.infer<typeof ProcurementApi.ScoreSheetRequest>,
): Promise<PanelTarget> {
  return retrying(async () => {
    const target = await loadPanelTarget(deps, kind, id, actor);
    const member = target.panel.members.find((m) => m.evaluatorId === actor.sub);
    if (!member) throw forbidden('you are not on this panel');
    if (!mayScore(member))
      throw forbidden(
        member.declaration ? 'you are recused for a conflict of interest' : 'declare your interests first',
      );
    if (!target.scoringOpen) throw conflict('PROCUREMENT.SCORING_CLOSED', 'scores are not taken now');
    const problems = sheetProblems(
      input.scores,
      target.subjects.map((s) => s.subjectId),
      target.criterionCodes,
    );
    if (problems.length > 0)
      throw unprocessable(
        'PROCUREMENT.SCORES_INCOMPLETE',
        'score every subject on every criterion, and only those',
        problems.map((reason) => ({ field: 'scores', reason })),
      );
    const previous = target.panel.sheets.find((s) => s.evaluatorId === actor.sub);
    const sheet = {
      evaluatorId: actor.sub,
      version: (previous?.version ?? 0) + 1,
      submittedAt: deps.clock.now().toISOString(),
      scores: input.scores.map((s) => ({
        subjectId: s.subjectId,
        criterionCode: s.criterionCode,
        score: s.score,
        comment: s.comment ?? null,
      })),
    };
    const panel = {
      ...target.panel,
      sheets: [...target.panel.sheets.filter((s) => s.evaluatorId !== actor.sub), sheet],
      sheetHistory: [...target.panel.sheetHistory, sheet],
    };
    await target.save(panel);
    return { ...target, panel };
  });
}

/**
 * The sheets that count: those of the members who may score. Every member not recused
 * (declared, or yet to declare) must have submitted, and enough of them.
 */
export function countingSheets(panel: Panel, minEvaluators: number) {
  const active = panel.members.filter((m) => memberStatus(m) !== 'recused');
  const missing = active.filter((m) => !panel.sheets.some((s) => s.evaluatorId === m.evaluatorId));
  if (missing.length > 0)
    throw conflict('PROCUREMENT.SHEETS_MISSING', `waiting for the sheets of ${missing.map((m) => m.name).join(', ')}`);
  if (active.length < minEvaluators)
    throw conflict(
      'PROCUREMENT.PANEL_TOO_SMALL',
      `${active.length} evaluators may score; at least ${minEvaluators} are needed`,
    );
  return panel.sheets.filter((s) => active.some((m) => m.evaluatorId === s.evaluatorId));
}
