import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import type { CompanyInput } from '../forms/customer/company';
import { changesOf } from '../domain/audit-changes';
import { companyProfile, updateCompanyProfile } from '../models/accounts-profile';
import { recordAudit } from './audit';

/** Perfil de la empresa: saves the account's name and address, and says who changed it. */
export async function updateCompany(
  { db }: AppDeps,
  current: MemberUser,
  input: CompanyInput,
  ip: string | undefined,
): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await companyProfile(trx, current.account.id);
    await updateCompanyProfile(trx, current.account.id, input);
    await recordAudit(trx, {
      action: 'company.updated',
      accountId: current.account.id,
      actorUserId: current.id,
      targetType: 'account',
      targetId: current.account.id,
      ip,
      changes: changesOf('company', before, input),
    });
  });
}
