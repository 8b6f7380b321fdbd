import { z } from 'zod';
import { ID_PATTERN } from '../../domain/ids';
import { isEmailAddress } from '../../domain/email-address';
import { LOCALES } from '../../forms/manager/account-step';
import { canonicalTimeZone } from '../../domain/time-zones';
import { MAX_TRUNKS } from '../../forms/manager/restrictions-step';
import { MAX_SUPPORT_CONTACTS, MIN_SUPPORT_CONTACTS } from '../../domain/support-contacts';
import { ACCOUNT_STATUSES, CLASSIFIERS } from '../../models/accounts';
import { SECTIONS } from '../../domain/permissions';
import { passwordProblem } from '../../domain/password-policy';

/**
 * The accounts resource: the same rules as the wizard and the account's edit page (names without
 * < >, a known time zone, trunks up to 100,000, credit up to 100,000,000.00, the password policy),
 * written once here for JSON; these schemas validate the requests and make the OpenAPI document.
 */
const custom = (code: string, message: string) => ({ code: 'custom' as const, message, params: { code } });

const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^<>]*$/, { message: 'Must not contain < or >.' });

export const timezoneSchema = z
  .string()
  .refine((v) => canonicalTimeZone(v) !== undefined, { message: 'Not a known IANA time zone.' })
  .meta({
    description: 'IANA time zone, e.g. America/Mexico_City; an alias is stored as its canonical name.',
    example: 'America/Mexico_City',
  });
export const localeSchema = z.enum(LOCALES);
const trunkCount = z.number().int().min(0).max(MAX_TRUNKS);
export const trunksSchema = z.strictObject({
  inbound: trunkCount.default(0),
  outbound: trunkCount.default(0),
  twoway: trunkCount.default(0),
});
const partialTrunks = z.strictObject({
  inbound: trunkCount.optional(),
  outbound: trunkCount.optional(),
  twoway: trunkCount.optional(),
});
const rule = z.enum(['allow', 'deny']);
export const restrictionsSchema = z.strictObject(
  Object.fromEntries(CLASSIFIERS.map((c) => [c, rule.optional()])) as Record<
    (typeof CLASSIFIERS)[number],
    z.ZodOptional<typeof rule>
  >,
);
const sectionsSchema = z.array(z.enum(SECTIONS)).max(SECTIONS.length);
/** Money as a decimal string with at most two decimals, up to 100,000,000.00. */
export const moneySchema = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, { message: 'A decimal amount such as "1500.00".' })
  .refine((v) => Number(v) <= 100_000_000, { message: 'At most 100000000.00.' })
  .meta({ example: '1500.00' });
const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((v) => isEmailAddress(v), { message: 'Not an e-mail address.' });

const adminSchema = z
  .strictObject({
    first_name: plainText(100),
    last_name: plainText(100),
    email: emailSchema,
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^(\+?[0-9][0-9 ()./-]{5,38})?$/, { message: 'A phone number with its area code.' })
      .default(''),
    mode: z.enum(['invite', 'password']).meta({
      description:
        '`invite`: the admin gets «Regístrate ahora» by e-mail; `password`: the login is made with `password`.',
    }),
    password: z.string().max(200).optional(),
  })
  .superRefine((admin, ctx) => {
    if (admin.mode !== 'password') return;
    if (!admin.password) {
      ctx.addIssue({ ...custom('required', 'Required when mode is password.'), path: ['password'] });
      return;
    }
    const problem = passwordProblem(admin.password, admin.email);
    if (problem)
      ctx.addIssue({ ...custom(`password_${problem}`, `The password is refused (${problem}).`), path: ['password'] });
  });

const supportContactSchema = z.union([
  z.strictObject({ partner_id: z.number().int().positive() }),
  z.strictObject({ email: emailSchema }),
]);

/** The account's rule (src/domain/support-contacts.ts): the service refuses the same bounds with 422. */
const supportContactList = z
  .array(supportContactSchema)
  .min(MIN_SUPPORT_CONTACTS)
  .max(MAX_SUPPORT_CONTACTS)
  .meta({ description: 'Who receives the account’s problem reports: partners of the parent by id, or addresses.' });

export const createAccountBody = z.strictObject({
  parent_id: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'The token’s own account by default, or a reseller below it.' }),
  name: plainText(120),
  timezone: timezoneSchema,
  locale: localeSchema,
  realm_label: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,28}[a-z0-9])?$/, { message: 'Lowercase letters, digits and hyphens.' })
    .optional()
    .meta({ description: 'A reseller’s realm label (required when the platform creates a reseller).' }),
  admin: adminSchema.optional(),
  trunks: trunksSchema.optional().meta({ description: 'A customer’s trunks, from its reseller’s pool.' }),
  pool: trunksSchema.optional().meta({ description: 'A new reseller’s trunk pool.' }),
  restrictions: restrictionsSchema.optional().meta({ description: 'Per classifier; unnamed ones keep the default.' }),
  initial_credit: moneySchema.optional(),
  allow_prepay: z.boolean().default(false),
  sections: sectionsSchema.optional().meta({ description: 'Every section the parent may offer, by default.' }),
  support_contacts: supportContactList,
});
export type CreateAccountBody = z.infer<typeof createAccountBody>;

export const updateAccountBody = z.strictObject({
  name: plainText(120).optional(),
  timezone: timezoneSchema.optional(),
  locale: localeSchema.optional(),
  trunks: partialTrunks.optional(),
  pool: partialTrunks.optional(),
  restrictions: restrictionsSchema.optional(),
  allow_prepay: z.boolean().optional(),
  sections: sectionsSchema.optional(),
});
export type UpdateAccountBody = z.infer<typeof updateAccountBody>;

const trunksOut = z.strictObject({ inbound: z.number().int(), outbound: z.number().int(), twoway: z.number().int() });

export const accountSchema = z.strictObject({
  id: z.number().int(),
  kind: z.enum(['platform', 'reseller', 'customer']),
  parent_id: z.number().int().nullable(),
  name: z.string(),
  realm: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  timezone: z.string(),
  locale: localeSchema,
  trunks: trunksOut,
  pool: trunksOut.nullable().meta({ description: 'A reseller’s pool; null for a customer.' }),
  restrictions: z.record(z.string(), rule),
  allow_prepay: z.boolean(),
  sections: z.array(z.enum(SECTIONS)),
  created_at: z.iso.datetime(),
});
export type AccountJson = z.infer<typeof accountSchema>;

export const accountSummarySchema = z.strictObject({
  id: z.number().int(),
  kind: z.enum(['platform', 'reseller', 'customer']),
  parent_id: z.number().int().nullable(),
  name: z.string(),
  realm: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    data: z.array(item),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  });

export const listAccountsQuery = z.strictObject({
  q: z.string().max(200).optional().meta({
    description: 'Part of the name, the realm, or the e-mail of a person or a contact (the Accounts Manager’s search).',
  }),
  status: z.enum(ACCOUNT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(100).optional(),
});

export const idParam = z.string().regex(ID_PATTERN);

export const managedUserSchema = z.strictObject({
  id: z.number().int().meta({ description: 'The membership.' }),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'admin', 'member']),
  status: z.enum(['active', 'invited', 'blocked']),
});

export const inviteUserBody = z
  .strictObject({
    first_name: plainText(100),
    last_name: plainText(100),
    email: emailSchema,
    title: z.string().trim().max(100).default(''),
    role: z.enum(['owner', 'admin', 'member']),
    sections: sectionsSchema.default([]).meta({ description: 'A member’s sections (ignored for owner and admin).' }),
    locale: localeSchema.default('es'),
  })
  .superRefine((body, ctx) => {
    if (body.role === 'member' && body.sections.length === 0)
      ctx.addIssue({ ...custom('required', 'A member needs at least one section.'), path: ['sections'] });
  });

export const supportContactOut = z.strictObject({
  id: z.number().int(),
  partner_id: z.number().int().nullable(),
  email: z.string(),
  name: z.string().nullable(),
});

export const supportContactsBody = z.strictObject({ contacts: supportContactList });
