import { partnersOf, searchPartnersOf } from '../../src/models/partners';
import { findPartner, insertSupportContact, searchPartners } from '../../src/models/support-contacts';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount, createMember } from '../helpers/factories';

/**
 * Who may be a partner support contact of an account is asked from two sides: the Accounts Manager
 * (by the parent account) and the account's own «Contactos de soporte» (by the account). One rule
 * answers both: the accepted, unblocked people of the account's parent — a reseller's partners, or
 * the platform's staff for an account the platform holds directly.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function family(kind: 'platform' | 'reseller') {
  const db = database.db;
  const parentId = await createAccount(db, { kind });
  const person = await createMember(db, { role: 'admin', accountId: parentId, firstName: 'Socorro' });
  const accountId = await createAccount(db, { kind: 'customer', parentId });
  return { db, parentId, person, accountId };
}

describe('the partners of an account', () => {
  it.each(['reseller', 'platform'] as const)('are the people of its parent, a %s, from both sides', async (kind) => {
    const { db, parentId, person, accountId } = await family(kind);
    const fromManager = await searchPartnersOf(db, parentId, 'Socorro', []);
    expect(fromManager.map((p) => p.id)).toEqual([person.id]);
    expect((await searchPartners(db, accountId, 'Socorro')).map((p) => p.id)).toEqual([person.id]);
    expect(await findPartner(db, accountId, person.id)).toEqual(fromManager[0]);
    expect(await partnersOf(db, parentId, [person.id])).toEqual(fromManager);
  });

  it('leave out, in the account, those who are already its support contacts', async () => {
    const { db, person, accountId } = await family('reseller');
    await insertSupportContact(db, accountId, { partnerUserId: person.id });
    expect(await searchPartners(db, accountId, 'Socorro')).toEqual([]);
  });

  it('are nobody of another family', async () => {
    const mine = await family('reseller');
    const theirs = await family('reseller');
    expect(await findPartner(mine.db, mine.accountId, theirs.person.id)).toBeUndefined();
    expect(await searchPartners(mine.db, mine.accountId, 'Socorro')).toHaveLength(1);
  });
});
