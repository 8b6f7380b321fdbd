import type { AppDeps } from '../../app-deps';
import { actorUserId, type Actor } from '../../domain/actor';
import type { AccountStepInput } from '../../forms/manager/account-step';
import type { FieldErrors } from '../../forms/form';
import type { RestrictionsStepInput } from '../../forms/manager/restrictions-step';
import { accountReadyMail } from '../../mail/manager-messages';
import { deleteDraft, findDraft, type DraftScope } from '../../models/account-drafts';
import { createOwnerWithPassword, LOGIN_EMAIL_KEY } from '../../models/account-owners';
import { insertAccount, siblingNameTaken, SIBLING_NAME_KEY, type ParentAccount } from '../../models/accounts';
import { addCreditEntry } from '../../models/credit';
import { partnersOf } from '../../models/partners';
import { actorName } from '../../models/actors';
import { exceededKinds, isPoolRefusal, poolState, type Trunks } from '../../models/trunk-pool';
import { findUserByEmail } from '../../models/users';
import type { Section } from '../../domain/permissions';
import { recordAudits } from '../audit';
import { inviteUser } from '../invitations';
import { changeSupportContacts } from '../support-contacts';
import { suggestPassword } from '../../domain/password-generator';
import { hashSecret } from '../passwords';
import { randomRealmLabel, REALM_DRAWS, realmFor } from '../../domain/realm';
import { overPool } from './pool-refusal';
import { childKindOf } from '../../domain/account-kinds';
import { emitEvents } from '../webhooks/emit';
import { accountRepresentation, type AccountRepresentation } from '../representations/accounts';
import type { Db } from '../../db/knex';
import { ledgerEntryRepresentation } from '../representations/billing';

/** Everything the wizard gathered, each step checked by its form object. */
export interface NewAccountInput {
  account: AccountStepInput;
  /** bcrypt of the password typed at step «Cuenta» (kept by the draft), when the mode is `typed`. */
  adminPasswordHash: string | null;
  restrictions: RestrictionsStepInput;
  support: { partners: number[]; emails: string[] };
  sections: Section[];
}

/**
 * A refusal names each field by its path in the account's data (`name`, `realm_label`,
 * `admin.email`, `trunks.inbound`): the wizard maps it to its form (forms/manager/field-paths.ts), the API
 * reports it as it is. `available`: what the pool had left when it refused.
 */
export type CreateResult =
  | { ok: true; accountId: number; generatedPassword: string | null; account: AccountRepresentation }
  | { ok: false; step: 'account' | 'restrictions' | 'support'; errors: FieldErrors; available?: Trunks }
  /** The draft was already used (a second click on «Crear cuenta») or expired. */
  | { ok: false; step: 'gone' };

/**
 * Creates an account below the actor's (one transaction): the account with its realm, trunks,
 * restrictions and sections, the first credit entry, its support contacts, its first admin as owner
 * (with a password, or the «Regístrate ahora» invitation), an audit event in the account and in its
 * parent, and the admin's e-mail in the outbox. When it takes trunks, the parent's row is locked
 * first, so the trunk pool is counted once at a time; PostgreSQL refuses an allocation over the pool
 * whatever happens here.
 */
export async function createManagedAccount(
  deps: AppDeps,
  actor: Actor,
  parent: ParentAccount,
  input: NewAccountInput,
  options: {
    draft?: { scope: DraftScope; id: number };
    ip?: string;
    drawLabel?: () => string;
    /**
     * Runs last inside the account's transaction, with the account as GET /accounts/{id} answers it
     * (the API keeps its Idempotency-Key's answer there, so both commit together).
     */
    beforeCommit?: (trx: Db, created: { accountId: number; account: AccountRepresentation }) => Promise<void>;
  } = {},
): Promise<CreateResult> {
  const admin = input.account.admin;
  let passwordHash: string | null = null;
  let generatedPassword: string | null = null;
  if (admin && admin.password_mode !== 'invite') {
    // A login is global: someone who has one already is invited instead, never given a new password.
    if (await findUserByEmail(deps.db, admin.email))
      return { ok: false, step: 'account', errors: { 'admin.email': 'errors.manager.account.admin_email.has_login' } };
    if (admin.password_mode === 'generated') generatedPassword = suggestPassword();
    passwordHash =
      admin.password_mode === 'typed' && !admin.password && input.adminPasswordHash
        ? input.adminPasswordHash
        : await hashSecret(generatedPassword ?? admin.password);
  }

  try {
    return await deps.db.transaction(async (trx): Promise<CreateResult> => {
      if (options.draft && !(await findDraft(trx, options.draft.scope, options.draft.id, { lock: true })))
        return { ok: false, step: 'gone' };
      if (holdsTrunks(parent, input)) {
        const pool = await poolState(trx, parent.id, { lock: true });
        const over = exceededKinds(input.restrictions.trunks, pool.available);
        if (over.length)
          return { ok: false, step: 'restrictions', errors: overPool(over, pool.available), available: pool.available };
      }
      if (await siblingNameTaken(trx, parent.id, input.account.name))
        return { ok: false, step: 'account', errors: { name: 'errors.manager.account.name.taken' } };

      const created = await insertWithRealm(
        { ...deps, db: trx },
        actor,
        parent,
        input,
        options.drawLabel ?? randomRealmLabel,
      );
      if (!created)
        return { ok: false, step: 'account', errors: { realm_label: 'errors.manager.account.realm_label.taken' } };
      const { accountId, realm } = created;
      const t = deps.i18n.getFixedT(input.account.locale);
      const initialCredit =
        input.restrictions.credit_cents > 0
          ? await addCreditEntry(trx, {
              accountId,
              amountCents: input.restrictions.credit_cents,
              note: t('manager.ledger.initial_credit'),
              actorUserId: actorUserId(actor),
            })
          : null;
      const partners = await partnersOf(trx, parent.id, input.support.partners);
      const support = await changeSupportContacts({ ...deps, db: trx }, accountId, {
        first: { partners, emails: input.support.emails },
      });
      if (!support.ok) throw new Refused({ ok: false, step: 'support', errors: support.errors });
      if (admin) {
        const account = { id: accountId, kind: childKindOf(parent), name: input.account.name, realm };
        if (admin.password_mode === 'invite') {
          // The «Regístrate ahora» flow of Administrar usuarios, for the new account, as its owner.
          const invited = await inviteUser(
            { ...deps, db: trx },
            actor,
            account,
            {
              first_name: admin.first_name,
              last_name: admin.last_name,
              email: admin.email,
              title: '',
              role: 'admin',
              permissions: [],
              accountNumberIds: [],
              locale: input.account.locale,
            },
            options.ip,
            { owner: { phone: admin.phone } },
          );
          if (!invited.ok) throw new Error(`a new account cannot have members yet: ${invited.error}`);
        } else {
          const owner = { ...admin, locale: input.account.locale };
          await createOwnerWithPassword(trx, accountId, owner, passwordHash!);
          await deps.mailer.enqueue(
            accountReadyMail(t, {
              to: admin.email,
              firstName: admin.first_name,
              accountName: input.account.name,
              creatorName: await actorName(trx, actor),
              url: `${deps.config.baseUrl}/login`,
              accountId,
            }),
            trx,
          );
        }
      }
      const metadata = {
        name: input.account.name,
        realm,
        kind: childKindOf(parent),
        admin: admin ? admin.password_mode : 'none',
      };
      // One statement for both: the account's activity and its parent's.
      await recordAudits(
        trx,
        (
          [
            [accountId, 'account.created'],
            [parent.id, 'account.child_created'],
          ] as const
        ).map(([where, action]) => ({
          action,
          accountId: where,
          actor,
          targetType: 'account',
          targetId: accountId,
          ip: options.ip,
          metadata,
        })),
      );
      if (options.draft) await deleteDraft(trx, options.draft.id);
      // The event carries the account as the API answers it; the API's 201 answers the same object.
      const account = await accountRepresentation(trx, accountId);
      await emitEvents({ ...deps, db: trx }, [
        { type: 'account.created', accountId, data: account },
        ...(initialCredit
          ? [{ type: 'ledger.entry_created' as const, accountId, data: ledgerEntryRepresentation(initialCredit) }]
          : []),
      ]);
      await options.beforeCommit?.(trx, { accountId, account });
      return { ok: true, accountId, generatedPassword, account };
    });
  } catch (err) {
    if (err instanceof Refused) return err.result;
    // The database's own rules, should two partners race past the checks above.
    const constraint = (err as { constraint?: unknown })?.constraint;
    if (isPoolRefusal(err)) {
      const { available } = await poolState(deps.db, parent.id);
      return {
        ok: false,
        step: 'restrictions',
        errors: overPool(exceededKinds(input.restrictions.trunks, available), available),
        available,
      };
    }
    if (constraint === SIBLING_NAME_KEY)
      return { ok: false, step: 'account', errors: { name: 'errors.manager.account.name.taken' } };
    if (constraint === LOGIN_EMAIL_KEY)
      return { ok: false, step: 'account', errors: { 'admin.email': 'errors.manager.account.admin_email.has_login' } };
    throw err;
  }
}

/**
 * Whether the new account takes trunks from its parent's pool. Only then is the parent's row locked
 * (here and by PostgreSQL's pool rule): an account holding none cannot take the pool over, and the
 * lock would make every account a reseller creates wait for the one before it to commit.
 */
function holdsTrunks(parent: ParentAccount, input: NewAccountInput): boolean {
  const { inbound, outbound, twoway } = input.restrictions.trunks;
  return childKindOf(parent) === 'customer' && inbound + outbound + twoway > 0;
}

/** A refusal found after the account's row was written: thrown, so the transaction rolls back. */
class Refused extends Error {
  constructor(readonly result: CreateResult) {
    super('refused');
  }
}

/**
 * Inserts the account, in the caller's transaction: a reseller's realm from its label, a customer's
 * from a random label (drawn again on collision).
 */
async function insertWithRealm(
  { db }: Pick<AppDeps, 'db'>,
  actor: Actor,
  parent: ParentAccount,
  input: NewAccountInput,
  drawLabel: () => string,
): Promise<{ accountId: number; realm: string } | null> {
  const { account, restrictions } = input;
  const values = (realm: string) => ({
    kind: childKindOf(parent),
    parent_id: parent.id,
    name: account.name,
    realm,
    time_zone: account.timezone,
    locale: account.locale,
    enabled_sections: input.sections,
    inbound_trunks: restrictions.trunks.inbound,
    outbound_trunks: restrictions.trunks.outbound,
    twoway_trunks: restrictions.trunks.twoway,
    pool_inbound_trunks: restrictions.pool.inbound,
    pool_outbound_trunks: restrictions.pool.outbound,
    pool_twoway_trunks: restrictions.pool.twoway,
    call_restrictions: restrictions.restrictions,
    allow_prepay: restrictions.allow_prepay,
    created_by_user_id: actorUserId(actor),
  });
  if (account.realm_label !== null) {
    const realm = realmFor(account.realm_label, parent.realm);
    const accountId = await insertAccount(db, values(realm));
    return accountId === null ? null : { accountId, realm };
  }
  for (let draw = 0; draw < REALM_DRAWS; draw++) {
    const realm = realmFor(drawLabel(), parent.realm);
    const accountId = await insertAccount(db, values(realm));
    if (accountId !== null) return { accountId, realm };
  }
  throw new Error(`no free realm under ${parent.realm} after ${REALM_DRAWS} draws`);
}
