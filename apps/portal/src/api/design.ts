import { z } from 'zod';
import * as Design from '@sanshe/contracts/api/design';
import { request } from './client';

export type ProjectView = z.infer<typeof Design.ProjectView>;
export type ProjectStatus = z.infer<typeof Design.ProjectStatus>;
export type Suggestion = z.infer<typeof Design.Suggestion>;
export type Suggestions = z.infer<typeof Design.Suggestions>;
export type SuggestionsQuery = {
  category?: string | undefined;
  area?: string | undefined;
  level?: z.infer<typeof Design.SuggestionLevel>;
  minNeeds?: number;
  limit?: number;
};
export type SuggestionLevel = z.infer<typeof Design.SuggestionLevel>;
export type OpenNeedView = z.infer<typeof Design.OpenNeedView>;
export type CreateProjectRequest = z.input<typeof Design.CreateProjectRequest>;
export type UpdateProjectRequest = z.input<typeof Design.UpdateProjectRequest>;
export type ListProjectsQuery = {
  status?: ProjectStatus | undefined;
  category?: string | undefined;
  communityCode?: string | undefined;
  limit?: number;
};
export type LintResult = z.infer<typeof Design.LintResult>;
export type Violation = z.infer<typeof Design.Violation>;
export type HistoryEntry = z.infer<typeof Design.HistoryEntry>;
export type ProjectHistory = z.infer<typeof Design.ProjectHistory>;
export type ProgrammeView = z.infer<typeof Design.ProgrammeView>;
export type BudgetLineKind = z.infer<typeof Design.BudgetLineKind>;

export { Design };

const BASE = '/api/design';
const Projects = z.object({ items: z.array(Design.ProjectView) });
const OpenNeeds = z.object({ items: z.array(Design.OpenNeedView) });
const Programmes = z.object({ items: z.array(Design.ProgrammeView) });

const path = (projectId: string, action = '') =>
  `${BASE}/projects/${encodeURIComponent(projectId)}${action ? `/${action}` : ''}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The project-design API: suggestions, authoring, the policy linter and the workflow. */
export const designApi = {
  suggestions: (query: SuggestionsQuery, signal?: AbortSignal) =>
    request(`${BASE}/suggestions`, { query, schema: Design.Suggestions, ...withSignal(signal) }),
  openNeeds: async (query: { category?: string; communityCode?: string; limit?: number }, signal?: AbortSignal) =>
    (await request(`${BASE}/open-needs`, { query, schema: OpenNeeds, ...withSignal(signal) })).items,

  projects: async (query: ListProjectsQuery, signal?: AbortSignal) =>
    (await request(`${BASE}/projects`, { query, schema: Projects, ...withSignal(signal) })).items,
  project: (projectId: string, signal?: AbortSignal) =>
    request(path(projectId), { schema: Design.ProjectView, ...withSignal(signal) }),
  history: (projectId: string, signal?: AbortSignal) =>
    request(path(projectId, 'history'), { schema: Design.ProjectHistory, ...withSignal(signal) }),

  createProject: (body: CreateProjectRequest) =>
    request(`${BASE}/projects`, { body, schema: Design.ProjectView, idempotent: true }),
  updateProject: (projectId: string, body: UpdateProjectRequest) =>
    request(path(projectId), { method: 'PATCH', body, schema: Design.ProjectView }),
  lint: (projectId: string) => request(path(projectId, 'lint'), { method: 'POST', schema: Design.LintResult }),

  submit: (projectId: string) => workflow(projectId, 'submit', {}),
  returnProject: (projectId: string, comments: string) => workflow(projectId, 'return', { comments }),
  approve: (projectId: string) => workflow(projectId, 'approve', {}),
  publish: (projectId: string, bidDeadline?: string) =>
    workflow(projectId, 'publish', bidDeadline ? { bidDeadline } : {}),
  cancel: (projectId: string, reason: string) => workflow(projectId, 'cancel', { reason }),

  programmes: async (query: { fiscalYear?: number; mode?: ProgrammeView['mode'] } = {}, signal?: AbortSignal) =>
    (await request(`${BASE}/programmes`, { query, schema: Programmes, ...withSignal(signal) })).items,
};

function workflow(projectId: string, action: string, body: object) {
  return request(path(projectId, action), { method: 'POST', body, schema: Design.ProjectView });
}
