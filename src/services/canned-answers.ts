import type { AppDeps } from '../app-deps';
import type { AuditAction } from '../domain/audit-actions';
import { fillCannedAnswer } from '../domain/canned-answers';
import {
  deleteCannedAnswer,
  insertCannedAnswer,
  updateCannedAnswer,
  type CannedAnswer,
  type CannedAnswerValues,
} from '../models/canned-answers';
import { requesterFirstName } from '../models/helpdesk';
import type { TicketRow } from '../models/tickets';
import { recordAudit } from './audit';
import { recipientLanguages } from './mail-language';
import type { Actor } from './tickets';

/** Who keeps the list: a platform admin, recorded in the platform account's activity. */
type Keeper = Actor & { account: { id: number } };

async function audited(deps: AppDeps, keeper: Keeper, action: AuditAction, id: number, title: string, ip?: string) {
  await recordAudit(deps.db, {
    action,
    accountId: keeper.account.id,
    actorUserId: keeper.id,
    targetType: 'canned_answer',
    targetId: id,
    ip,
    metadata: { title },
  });
}

export async function createCannedAnswer(
  deps: AppDeps,
  keeper: Keeper,
  values: CannedAnswerValues,
  ip?: string,
): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const id = await insertCannedAnswer(trx, values);
    await audited({ ...deps, db: trx }, keeper, 'canned_answer.created', id, values.title, ip);
    return id;
  });
}

export async function changeCannedAnswer(
  deps: AppDeps,
  keeper: Keeper,
  answer: CannedAnswer,
  values: CannedAnswerValues,
  ip?: string,
): Promise<void> {
  await deps.db.transaction(async (trx) => {
    await updateCannedAnswer(trx, answer.id, values);
    await audited({ ...deps, db: trx }, keeper, 'canned_answer.updated', answer.id, values.title, ip);
  });
}

export async function removeCannedAnswer(deps: AppDeps, keeper: Keeper, answer: CannedAnswer, ip?: string) {
  await deps.db.transaction(async (trx) => {
    await deleteCannedAnswer(trx, answer.id);
    await audited({ ...deps, db: trx }, keeper, 'canned_answer.deleted', answer.id, answer.title, ip);
  });
}

/** The answer's text for this ticket: in its requester's language, with their name and the number filled in. */
export async function cannedTextFor(deps: AppDeps, answer: CannedAnswer, ticket: TicketRow): Promise<string> {
  const language = (await recipientLanguages(deps.db, [ticket.requester_email]))(ticket.requester_email);
  const name = (await requesterFirstName(deps.db, ticket.account_id, ticket.requester_email)) ?? ticket.requester_email;
  return fillCannedAnswer(language === 'en' ? answer.body_en : answer.body_es, {
    nombre: name,
    ticket: `#${ticket.number}`,
  });
}
