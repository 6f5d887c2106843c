import type { LocalizedText } from '@etjanst/schemas';
import { deleteJson, getJson, postJson, putJson, segment } from '../../shared/api';
import type { Answers } from '../portalApi';

/** A saved draft as /api/me/drafts/:id returns it. */
export interface Draft {
  id: string;
  eserviceId: string;
  version: number;
  eserviceTitle: LocalizedText;
  eserviceOpen: boolean;
  stepId: string | null;
  revision: number;
  answers: Answers;
  updatedAt: string;
  expiresAt: string;
  expiresSoon: boolean;
}

/** One of the citizen's drafts as Mina sidor lists them. */
export interface DraftListItem {
  id: string;
  eserviceId: string;
  version: number;
  eserviceTitle: LocalizedText;
  stepId: string | null;
  revision: number;
  updatedAt: string;
  expiresAt: string;
  expired: boolean;
  expiresSoon: boolean;
}

/** The search parameter that opens an e-service with a saved draft: /solbacka/e-tjanster/bygglov?utkast=<id> */
export const DRAFT_PARAM = 'utkast';

const DRAFTS = '/api/me/drafts';
const draftPath = (id: string) => `${DRAFTS}/${segment(id)}`;

export const continueDraftPath = (municipality: string, draft: { id: string; eserviceId: string }): string =>
  `/${segment(municipality)}/e-tjanster/${segment(draft.eserviceId)}?${new URLSearchParams({ [DRAFT_PARAM]: draft.id }).toString()}`;

export const readDraft = (id: string, signal?: AbortSignal): Promise<Draft> => getJson<Draft>(draftPath(id), signal);

export const createDraft = (eservice: { eserviceId: string; version: number }, answers: Answers, stepId: string | null): Promise<Draft> =>
  postJson<Draft>(DRAFTS, { eserviceId: eservice.eserviceId, version: eservice.version, answers, stepId });

/** Saves over `revision` only: a save from another tab in between answers 412 'stale-revision'. */
export const saveDraft = (id: string, revision: number, answers: Answers, stepId: string | null): Promise<Draft> =>
  putJson<Draft>(draftPath(id), { answers, stepId }, { 'If-Match': `"${revision}"` });

export const deleteDraft = (id: string): Promise<unknown> => deleteJson(draftPath(id));

/** The citizen's drafts in the session's municipality, and how many days a draft is kept after its last save. */
export interface DraftList {
  ttlDays: number;
  items: DraftListItem[];
}

export const fetchOwnDraftList = (signal?: AbortSignal): Promise<DraftList> => getJson<DraftList>(DRAFTS, signal);
