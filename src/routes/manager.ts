import type { AppDeps } from '../app-deps';
import { accountCreditController } from '../controllers/manager/account-credit';
import { accountSettingsController } from '../controllers/manager/account-settings';
import { accountStatusController } from '../controllers/manager/account-status';
import { accountSupportController } from '../controllers/manager/account-support';
import { accountUsersController } from '../controllers/manager/account-users';
import { accountWizardController } from '../controllers/manager/account-wizard';
import { managerAccountsController } from '../controllers/manager/accounts';
import { manageAccounts } from '../policies/managed-accounts';
import type { Route } from './route';

/** The Accounts Manager: the accounts below the user's, the wizard, and each account's page and actions. */
export function managerRoutes(deps: AppDeps): Route[] {
  const managerAccounts = managerAccountsController(deps);
  const accountWizard = accountWizardController(deps);
  const accountSettings = accountSettingsController(deps);
  const accountCredit = accountCreditController(deps);
  const accountStatus = accountStatusController(deps);
  const managedUsers = accountUsersController(deps);
  const managedSupport = accountSupportController(deps);
  return [
    { method: 'get', path: '/manager', action: managerAccounts.index, policy: manageAccounts },
    { method: 'get', path: '/manager/accounts/new', action: accountWizard.new, policy: manageAccounts },
    { method: 'post', path: '/manager/accounts/new', action: accountWizard.create, policy: manageAccounts },
    { method: 'get', path: '/manager/accounts/:id', action: managerAccounts.show, policy: manageAccounts },
    { method: 'get', path: '/manager/accounts/:id/password', action: managerAccounts.password, policy: manageAccounts },
    { method: 'get', path: '/manager/accounts/:id/edit', action: accountSettings.edit, policy: manageAccounts },
    { method: 'post', path: '/manager/accounts/:id/edit', action: accountSettings.update, policy: manageAccounts },
    { method: 'get', path: '/manager/accounts/:id/credit', action: accountCredit.index, policy: manageAccounts },
    { method: 'post', path: '/manager/accounts/:id/credit', action: accountCredit.create, policy: manageAccounts },
    {
      method: 'get',
      path: '/manager/accounts/:id/suspend',
      action: accountStatus.confirmSuspend,
      policy: manageAccounts,
    },
    { method: 'post', path: '/manager/accounts/:id/suspend', action: accountStatus.suspend, policy: manageAccounts },
    {
      method: 'post',
      path: '/manager/accounts/:id/reactivate',
      action: accountStatus.reactivate,
      policy: manageAccounts,
    },
    { method: 'get', path: '/manager/accounts/:id/close', action: accountStatus.confirmClose, policy: manageAccounts },
    { method: 'post', path: '/manager/accounts/:id/close', action: accountStatus.close, policy: manageAccounts },
    { method: 'get', path: '/manager/accounts/:id/users/new', action: managedUsers.new, policy: manageAccounts },
    { method: 'post', path: '/manager/accounts/:id/users/new', action: managedUsers.create, policy: manageAccounts },
    {
      method: 'post',
      path: '/manager/accounts/:id/support-contacts',
      action: managedSupport.create,
      policy: manageAccounts,
    },
    {
      method: 'post',
      path: '/manager/accounts/:id/support-contacts/:contactId/delete',
      action: managedSupport.destroy,
      policy: manageAccounts,
    },
  ];
}
