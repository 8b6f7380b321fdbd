import type { Knex } from 'knex';
import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import type { CurrentAccount, MemberUser } from '../current-user';
import { actorUserId, userActor, type Actor } from '../domain/actor';
import type { Locale } from '../i18n';
import { invitationMail, type InvitedAccess } from '../mail/messages';
import type { SendOutcome } from '../mail/outbox';
import {
  insertLogin,
  lockLogin,
  lockLoginByEmail,
  moveUserContact,
  resolveAccountNumbers,
  updateLogin,
  updateUserContact,
  upsertUserContact,
  type AccountUser,
} from '../models/account-users';
import { actorName } from '../models/actors';
import { insertInvitation, revokeOpenInvitations } from '../models/invitations';
import { findMembershipOf, insertAssignedNumbers, insertMembership, reassignMembership } from '../models/memberships';
import type { Role, Section } from '../domain/permissions';
import { recordAudit } from './audit';
import { expiresAt, INVITATION_TTL_MS, newToken } from '../domain/tokens';
import { emitUserEvent } from './webhooks/emit';

export interface InviteInput {
  first_name: string;
  last_name: string;
  email: string;
  title: string;
  role: Exclude<Role, 'owner'>;
  permissions: Section[];
  /** Ids of the account's numbers a member is limited to (none: all of them). */
  accountNumberIds: number[];
  /**
   * The language of a new login (its e-mail and pages), as the inviter chose it (a page passes the
   * inviter's own by default). Someone who already has a login keeps theirs.
   */
  locale: Locale;
}

export type InviteResult =
  { ok: true; membershipId: number; outboxId: number } | { ok: false; error: 'already_member' | 'already_invited' };

/** Agregar usuario nuevo as typed in the form: account numbers as the person wrote them. */
export interface NewUserInput extends Omit<InviteInput, 'accountNumberIds' | 'locale'> {
  locale?: Locale;
  account_number: string[];
}

export type NewUserResult =
  | { ok: true; membershipId: number; mail: SendOutcome }
  | { ok: false; error: 'already_member' | 'already_invited' }
  | { ok: false; error: 'unknown_numbers' | 'closed_numbers'; numbers: string[] };

export type ResendRefusal = 'registered_email' | 'already_in_account' | 'send_failed';
export type ResendResult = { ok: true; mail: 'sent' | 'queued' } | { ok: false; error: ResendRefusal };

/**
 * Revokes the membership's open invitations and issues a new one; returns the token for the e-mail.
 * In the caller's transaction (`{ ...deps, db: trx }`), as is the mail below.
 */
async function issueInvitation(
  deps: AppDeps,
  membershipId: number,
  sentTo: string,
  createdBy: number | null,
  options: { newMembership?: boolean } = {},
): Promise<string> {
  // A membership inserted in this transaction has no invitation yet: nothing to revoke.
  if (!options.newMembership) await revokeOpenInvitations(deps.db, membershipId, deps.clock());
  const { token, hash } = newToken();
  await insertInvitation(deps.db, {
    membershipId,
    tokenHash: hash,
    sentTo,
    expiresAt: expiresAt(deps.clock, INVITATION_TTL_MS),
    createdBy,
  });
  return token;
}

async function queueInvitationMail(
  deps: AppDeps,
  actor: Actor,
  account: CurrentAccount,
  values: {
    email: string;
    firstName: string;
    locale: Locale;
    registered: boolean;
    token: string;
    access: InvitedAccess;
  },
) {
  return deps.mailer.enqueue(
    invitationMail(deps.i18n.getFixedT(values.locale), {
      to: values.email,
      locale: values.locale,
      access: values.access,
      firstName: values.firstName,
      accountName: account.name,
      inviterName: await actorName(deps.db, actor),
      url: `${deps.config.baseUrl}/invitations/${values.token}`,
      existingUser: values.registered,
      accountId: account.id,
    }),
    deps.db,
  );
}

/**
 * Adds a person to the account as an invited user: their global login (made now when the e-mail is
 * new), the membership, their contact record and an invitation e-mail in the outbox. The actor (a
 * user of the account or above it, or an API token) and the account are explicit: creating an
 * account invites its first admin into the new account, not into the creator's.
 * Runs inside the caller's transaction when `deps.db` is one; the caller sends the mail. With
 * `owner`, the invitee is the account's owner (its first admin) from the start, with the phone on
 * their contact, so the user.invited event says what the API's GET says.
 */
export async function inviteUser(
  deps: AppDeps,
  actor: Actor,
  account: CurrentAccount,
  input: InviteInput,
  ip: string | undefined,
  options: { owner?: { phone: string } } = {},
): Promise<InviteResult> {
  const accountId = account.id;
  const member = input.role === 'member';
  // In the caller's transaction as it is (every refusal below comes before the first write, and an
  // exception rolls the caller's transaction back): a savepoint would cost two round trips.
  const inTransaction = <T>(work: (trx: Db) => Promise<T>): Promise<T> =>
    (deps.db as unknown as Partial<Knex.Transaction>).isTransaction ? work(deps.db) : deps.db.transaction(work);
  return inTransaction(async (trx) => {
    // Locked: a correction of this address elsewhere (resendInvitation) finishes first or waits.
    const user = await lockLoginByEmail(trx, input.email);
    const existing = user && (await findMembershipOf(trx, user.id, accountId));
    if (existing) {
      return {
        ok: false as const,
        error: existing.accepted_at ? ('already_member' as const) : ('already_invited' as const),
      };
    }
    const { email, first_name, last_name } = input;
    const login = user ?? (await insertLogin(trx, { email, first_name, last_name, locale: input.locale }));
    const membershipId = await insertMembership(trx, {
      userId: login.id,
      accountId,
      role: options.owner ? 'owner' : input.role,
      title: input.title,
      permissions: member ? input.permissions : [],
      accountScope: member && input.accountNumberIds.length ? 'assigned' : 'all',
      invitedAt: deps.clock(),
    });
    if (member) await insertAssignedNumbers(trx, membershipId, accountId, input.accountNumberIds);
    // A portal user is also a contact of the account (authorized: the owner or an admin added them).
    await upsertUserContact(trx, accountId, login.id, {
      first_name: input.first_name,
      last_name: input.last_name || input.first_name,
      email: input.email,
      ...(options.owner?.phone ? { phone: options.owner.phone } : {}),
    });
    const token = await issueInvitation({ ...deps, db: trx }, membershipId, input.email, actorUserId(actor), {
      newMembership: true,
    });
    const mail = await queueInvitationMail({ ...deps, db: trx }, actor, account, {
      email: input.email,
      firstName: input.first_name,
      locale: login.locale,
      registered: login.password_hash !== null,
      token,
      access: { role: input.role, sections: member ? input.permissions : [] },
    });
    await recordAudit(trx, {
      action: 'user.invited',
      accountId,
      actor,
      targetType: 'membership',
      targetId: membershipId,
      ip,
      metadata: { email: input.email, role: input.role },
    });
    await emitUserEvent({ ...deps, db: trx }, 'user.invited', accountId, membershipId);
    return { ok: true as const, membershipId, outboxId: mail.id };
  });
}

/**
 * Agregar usuario nuevo: the invitation as above, for account numbers typed by the manager, and
 * its e-mail sent at once (`mail` says whether the mail server took it, or it waits in the outbox).
 */
export async function inviteAndSend(
  deps: AppDeps,
  current: MemberUser,
  input: NewUserInput,
  ip: string | undefined,
): Promise<NewUserResult> {
  const { account_number: typed, ...details } = input;
  // Unknown and other accounts' numbers get the same answer: nothing about them leaks.
  const numbers = await resolveAccountNumbers(deps.db, current.account.id, input.role === 'member' ? typed : []);
  if (numbers.unknown.length) return { ok: false, error: 'unknown_numbers', numbers: numbers.unknown };
  if (numbers.closed.length) return { ok: false, error: 'closed_numbers', numbers: numbers.closed };
  const result = await inviteUser(
    deps,
    userActor(current.id),
    current.account,
    { ...details, locale: details.locale ?? current.locale, accountNumberIds: numbers.found.map((n) => n.id) },
    ip,
  );
  if (!result.ok) return result;
  const mail = await deps.mailer.sendNow(result.outboxId);
  if (mail === 'refused')
    await recordInvitationFailure(deps, userActor(current.id), current.account.id, result.membershipId, {
      action: 'user.invited',
      email: input.email,
      reason: 'mail_refused',
      ip,
    });
  return { ok: true, membershipId: result.membershipId, mail };
}

/**
 * An invitation whose e-mail could not be sent, recorded as a failure in the account's activity
 * (the invitation itself stands when it was the first one: it can be resent).
 */
export async function recordInvitationFailure(
  { db }: Pick<AppDeps, 'db'>,
  actor: Actor,
  accountId: number,
  membershipId: number,
  failure: {
    action: 'user.invited' | 'user.invitation_resent';
    email: string;
    reason: 'mail_refused' | 'mail_unreachable';
    ip: string | undefined;
  },
): Promise<void> {
  await recordAudit(db, {
    action: failure.action,
    accountId,
    actor,
    targetType: 'membership',
    targetId: membershipId,
    ip: failure.ip,
    metadata: { email: failure.email },
    failed: failure.reason,
  });
}

class SendFailed extends Error {
  constructor(readonly outcome: 'refused' | 'deferred') {
    super(`invitation mail ${outcome}`);
  }
}

/**
 * A new invitation for a pending user, optionally to a corrected e-mail address; the old link dies.
 *
 * A login is global, so an account corrects a login's address only where that login is its alone
 * (nobody else invited or accepted it, and the new address is nobody's login). Otherwise the
 * correction is a new invitation to the login of the new address (made now, or the existing one,
 * which then signs in with its ID) and the login first invited is left as it was — another account
 * that invited it keeps its person, its address and its link.
 *
 * The e-mail is sent before anything is committed: when the mail server refuses, everything rolls
 * back (same address, the old link still valid) and the manager can try again; so it does when the
 * server cannot be reached. When it does not answer in time the message may yet arrive: the resend
 * then stands (the link in that message must work) and the outbox sees the message through.
 */
export async function resendInvitation(
  deps: AppDeps,
  current: MemberUser,
  target: AccountUser,
  newEmail: string,
  ip: string | undefined,
): Promise<ResendResult> {
  const accountId = current.account.id;
  // Someone with a password owns that address everywhere; another address is another person.
  if (newEmail !== target.email && target.registered) return { ok: false, error: 'registered_email' };
  try {
    return await deps.db.transaction(async (trx) => {
      const login = await lockLogin(trx, target.user_id, accountId);
      if (!login) throw new Error(`login ${target.user_id} of membership ${target.membership_id} is gone`);
      let person = { email: login.email, registered: login.password_hash !== null, locale: login.locale };
      const corrected = newEmail !== login.email;
      let newLogin = false;
      if (corrected) {
        if (person.registered) return { ok: false as const, error: 'registered_email' as const };
        const other = await lockLoginByEmail(trx, newEmail);
        if (!other && login.other_accounts === 0) {
          await updateLogin(trx, login.id, { email: newEmail });
          await updateUserContact(trx, accountId, login.id, { email: newEmail });
        } else {
          if (other && (await findMembershipOf(trx, other.id, accountId)))
            return { ok: false as const, error: 'already_in_account' as const };
          const to =
            other ??
            (await insertLogin(trx, {
              email: newEmail,
              first_name: target.first_name,
              last_name: target.last_name,
              locale: login.locale ?? 'es',
            }));
          await reassignMembership(trx, target.membership_id, to.id);
          await moveUserContact(trx, accountId, login.id, to.id, {
            first_name: target.first_name,
            last_name: target.last_name || target.first_name,
            email: newEmail,
          });
          person = { ...person, registered: to.password_hash !== null, locale: to.locale };
          newLogin = true;
        }
        person = { ...person, email: newEmail };
      }
      const token = await issueInvitation({ ...deps, db: trx }, target.membership_id, person.email, current.id);
      const mail = await queueInvitationMail({ ...deps, db: trx }, userActor(current.id), current.account, {
        email: person.email,
        firstName: target.first_name,
        locale: person.locale ?? 'es',
        registered: person.registered,
        token,
        access: { role: target.role, sections: target.permissions },
      });
      await recordAudit(trx, {
        action: 'user.invitation_resent',
        accountId,
        actorUserId: current.id,
        targetType: 'membership',
        targetId: target.membership_id,
        ip,
        metadata: { email: person.email, corrected, new_login: newLogin },
      });
      // Sent inside the transaction: a refusal undoes all of the above.
      const sent = await deps.mailer.within(trx).sendNow(mail.id);
      if (sent === 'refused' || sent === 'deferred') throw new SendFailed(sent);
      return { ok: true as const, mail: sent };
    });
  } catch (err) {
    if (!(err instanceof SendFailed)) throw err;
    // Everything was undone; what stays is the attempt, recorded as the failure it was.
    await recordInvitationFailure(deps, userActor(current.id), accountId, target.membership_id, {
      action: 'user.invitation_resent',
      email: newEmail,
      reason: err.outcome === 'refused' ? 'mail_refused' : 'mail_unreachable',
      ip,
    });
    return { ok: false, error: 'send_failed' };
  }
}
