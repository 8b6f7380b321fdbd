import { createHash } from 'node:crypto';
import type { AppDeps } from '../app-deps';
import type { CurrentUser, MemberUser } from '../current-user';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../domain/session-limits';
import { describeUserAgent, deviceFingerprint, type DeviceDescription } from '../domain/user-agent';
import { newDeviceMail, sessionsEndedMail } from '../mail/session-messages';
import type { AccountUser } from '../models/account-users';
import { deleteSessionOf, deleteSessionsOf, openSessionsOf, type OpenSession } from '../models/sessions';
import { rememberDevice } from '../models/user-devices';
import { findUserById } from '../models/users';
import { recordAudit } from './audit';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'mailer' | 'i18n'>;

/** The handle a session is shown and ended by: never its id, which is the cookie's secret. */
export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid, 'utf8').digest('hex');
}

export interface SessionView extends OpenSession {
  device: DeviceDescription;
  /** The session this page is being read with («Este dispositivo»). */
  current: boolean;
}

/** «Sesiones y dispositivos»: the user's open sessions, this one first, each with its browser and system. */
export async function sessionsOf(deps: Deps, userId: number, currentHandle: string | null): Promise<SessionView[]> {
  const now = deps.clock();
  const sessions = await openSessionsOf(deps.db, userId, {
    now,
    startedAfter: new Date(now.getTime() - ABSOLUTE_TIMEOUT_MS),
    seenAfter: new Date(now.getTime() - IDLE_TIMEOUT_MS),
  });
  return sessions
    .map((s) => ({ ...s, device: describeUserAgent(s.user_agent), current: s.handle === currentHandle }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** «Cerrar sesión» on another of the user's own sessions; false when it is not theirs or already over. */
export async function endOwnSession(
  deps: Deps,
  current: CurrentUser,
  handle: string,
  currentHandle: string,
  ip: string | undefined,
): Promise<boolean> {
  if (handle === currentHandle) return false; // this one ends with «Cerrar sesión» in the menu
  return deps.db.transaction(async (trx) => {
    const ended = await deleteSessionOf(trx, current.id, handle);
    if (ended === 0) return false;
    await recordAudit(trx, {
      action: 'auth.session_ended',
      actorUserId: current.id,
      accountId: current.account?.id ?? null,
      targetType: 'user',
      targetId: current.id,
      ip,
      metadata: { sessions: ended },
    });
    return true;
  });
}

/** «Cerrar todas las demás»: every session of the user but this one; how many ended. */
export async function endOtherOwnSessions(
  deps: Deps,
  current: CurrentUser,
  currentHandle: string,
  ip: string | undefined,
): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const ended = await deleteSessionsOf(trx, current.id, currentHandle);
    if (ended > 0)
      await recordAudit(trx, {
        action: 'auth.other_sessions_ended',
        actorUserId: current.id,
        accountId: current.account?.id ?? null,
        targetType: 'user',
        targetId: current.id,
        ip,
        metadata: { sessions: ended },
      });
    return ended;
  });
}

/**
 * The owner or an admin ends one session of a member (`handle`) or all of them (null), from the
 * member's page in Administrar usuarios: audited in the account, and the member is told by e-mail.
 */
export async function endMemberSessions(
  deps: Deps,
  manager: MemberUser,
  target: AccountUser,
  handle: string | null,
  ip: string | undefined,
): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const ended =
      handle === null
        ? await deleteSessionsOf(trx, target.user_id, null)
        : await deleteSessionOf(trx, target.user_id, handle);
    if (ended === 0) return 0;
    await recordAudit(trx, {
      action: 'user.sessions_ended',
      accountId: target.account_id,
      actorUserId: manager.id,
      targetType: 'membership',
      targetId: target.membership_id,
      ip,
      metadata: { sessions: ended },
    });
    const user = await findUserById(trx, target.user_id);
    const t = deps.i18n.getFixedT(user?.locale ?? 'es');
    await deps.mailer.enqueue(
      sessionsEndedMail(
        t,
        { email: target.email, firstName: target.first_name },
        {
          managerName: `${manager.firstName} ${manager.lastName}`,
          accountName: manager.account.name,
          accountId: target.account_id,
          count: ended,
          baseUrl: deps.config.baseUrl,
        },
      ),
      trx,
    );
    return ended;
  });
}

/**
 * At each sign-in: the device is remembered, and one the user has not signed in with before (while
 * they have used others) earns them an e-mail with a link to «Sesiones y dispositivos».
 */
export async function noteSignInDevice(
  deps: Deps,
  user: { id: number; email: string },
  session: { userAgent: string | undefined; ip: string | undefined },
): Promise<void> {
  const device = describeUserAgent(session.userAgent);
  const seen = await rememberDevice(deps.db, user.id, {
    fingerprint: deviceFingerprint(device),
    browser: device.browser,
    os: device.os,
  });
  if (seen !== 'new') return;
  const person = await findUserById(deps.db, user.id);
  const t = deps.i18n.getFixedT(person?.locale ?? 'es');
  await deps.mailer.enqueue(
    newDeviceMail(
      t,
      { email: user.email, firstName: person?.first_name ?? '' },
      {
        device,
        ip: session.ip ?? '',
        at: deps.clock(),
        locale: person?.locale ?? 'es',
        baseUrl: deps.config.baseUrl,
      },
    ),
  );
}
