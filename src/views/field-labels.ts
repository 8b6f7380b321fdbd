import { CLASSIFIERS } from '../models/accounts';
import { TRUNK_KINDS } from '../models/trunk-pool';
import { trunkField } from '../forms/manager/restrictions-step';

/**
 * The label of each field of a form, in the order the page shows them: the error summary names each
 * field as its label says («Troncales entrantes: Solo quedan 13 disponibles.») and lists them in
 * that order. Each key is the field's name, each value the locale key of its label.
 */
export type FieldLabels = Record<string, string>;

/** The fields of a managed account: the wizard's steps and «Editar cuenta» (`pool`: a reseller's). */
export function managedAccountLabels(pool: boolean): FieldLabels {
  return {
    name: 'manager.wizard.account.name',
    realm_label: 'manager.wizard.account.realm_label',
    timezone: 'manager.wizard.account.timezone',
    locale: 'manager.wizard.account.locale',
    admin_first_name: 'manager.wizard.account.admin_first_name',
    admin_last_name: 'manager.wizard.account.admin_last_name',
    admin_email: 'manager.wizard.account.admin_email',
    admin_phone: 'manager.wizard.account.admin_phone',
    admin_password_mode: 'manager.wizard.account.password_mode',
    admin_password: 'manager.wizard.account.admin_password',
    ...Object.fromEntries(TRUNK_KINDS.map((k) => [trunkField(k, pool), `manager.trunks.${k}`])),
    ...Object.fromEntries(CLASSIFIERS.map((c) => [`restrictions[${c}]`, `classifiers.${c}`])),
    credit: 'manager.wizard.restrictions.credit',
    allow_prepay: 'manager.wizard.restrictions.allow_prepay',
    contacts: 'manager.wizard.support.chosen',
    support_email: 'manager.wizard.support.email',
    sections: 'manager.wizard.permissions.legend',
  };
}
