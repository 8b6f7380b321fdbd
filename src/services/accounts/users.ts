import type { AppDeps } from '../../app-deps';
import type { SendOutcome } from '../../mail/outbox';
import type { Actor } from '../../domain/actor';
import type { Locale } from '../../i18n';
import type { Section } from '../../domain/permissions';
import type { ManagedUserInput } from '../../forms/manager/managed-user';
import { lockAccount, ownerOf, type ManagedAccount } from '../../models/accounts';
import { inviteUser } from '../invitations';
import { recordManagedAudit } from './managed-audit';

export type ManagedInviteResult =
  | { ok: true; membershipId: number; owner: boolean; mail: SendOutcome }
  | { ok: false; error: 'already_member' | 'already_invited' | 'closed' | 'owner_exists' };

/**
 * Whom to invite. Without `role` (the account's page) the first admin becomes the owner and later
 * ones are admins; the API names the role: `owner` (only while the account has none), `admin`, or
 * `member` with its sections.
 */
export type ManagedInviteInput = ManagedUserInput & {
  locale: Locale;
  role?: 'owner' | 'admin' | 'member';
  permissions?: Section[];
};

/**
 * A parent invites someone to an account below it: the «Regístrate ahora» invitation of
 * Administrar usuarios (services/invitations.ts, with its audit event in the account), made as the
 * account's owner when it has none yet (its first admin), otherwise as an admin; plus the event in
 * the parent's activity. For a reseller this is how the platform adds its partners. The e-mail is
 * sent at once, after the commit (`mail` says whether the mail server took it, or it waits in the outbox).
 */
export async function inviteToManagedAccount(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  input: ManagedInviteInput,
  ip?: string,
): Promise<ManagedInviteResult> {
  const result = await deps.db.transaction(async (trx) => {
    // Locked so that two invitations at once cannot both become the owner.
    const row = await lockAccount(trx, account.id);
    if (!row || row.status === 'closed') return { ok: false as const, error: 'closed' as const };
    const hasOwner = Boolean(await ownerOf(trx, account.id));
    if (input.role === 'owner' && hasOwner) return { ok: false as const, error: 'owner_exists' as const };
    const member = input.role === 'member';
    const owner = !hasOwner && (input.role === undefined || input.role === 'owner');
    const person = {
      first_name: input.first_name,
      last_name: input.last_name,
      email: input.email,
      title: input.title,
      locale: input.locale,
    };
    const invited = await inviteUser(
      { ...deps, db: trx },
      actor,
      { id: account.id, kind: account.kind, name: account.name, realm: account.realm },
      {
        ...person,
        role: member ? 'member' : 'admin',
        permissions: member ? (input.permissions ?? []) : [],
        accountNumberIds: [],
      },
      ip,
      owner ? { owner: { phone: '' } } : {},
    );
    if (!invited.ok) return invited;
    await recordManagedAudit(
      { ...deps, db: trx },
      actor,
      account,
      { action: 'account.user_invited', ip, metadata: { email: input.email } },
      { inAccount: false },
    );
    return { ok: true as const, membershipId: invited.membershipId, outboxId: invited.outboxId, owner };
  });
  if (!result.ok) return result;
  const mail = await deps.mailer.sendNow(result.outboxId);
  return { ok: true, membershipId: result.membershipId, owner: result.owner, mail };
}
