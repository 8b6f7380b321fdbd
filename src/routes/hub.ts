import type { AppDeps } from '../app-deps';
import { accountNumbersController } from '../controllers/hub/account-numbers';
import { activityController } from '../controllers/hub/activity';
import { integrationsController } from '../controllers/hub/integrations';
import { userAccessController } from '../controllers/hub/user-access';
import { userDetailsController } from '../controllers/hub/user-details';
import { userSessionsController } from '../controllers/hub/user-sessions';
import { userTwoFactorController } from '../controllers/hub/user-two-factor';
import { usersController } from '../controllers/hub/users';
import { manageUsers } from '../policies/account-users';
import { manageIntegrations } from '../policies/api-tokens';
import type { Route } from './route';

/** Administrar usuarios, «Actividad de la cuenta» and Integraciones (the API tokens). */
export function hubRoutes(deps: AppDeps): Route[] {
  const users = usersController(deps);
  const userDetails = userDetailsController(deps);
  const userAccess = userAccessController(deps);
  const userTwoFactor = userTwoFactorController(deps);
  const userSessions = userSessionsController(deps);
  const accountNumbers = accountNumbersController(deps);
  const activity = activityController(deps);
  const integrations = integrationsController(deps);
  const webhooks = integrations.webhooks;
  return [
    { method: 'get', path: '/users', action: users.index, policy: manageUsers },
    { method: 'get', path: '/users/new', action: users.new, policy: manageUsers },
    { method: 'post', path: '/users/new', action: users.create, policy: manageUsers },
    { method: 'get', path: '/users/:id', action: users.show, policy: manageUsers },
    { method: 'get', path: '/users/:id/edit', action: userDetails.edit, policy: manageUsers },
    { method: 'post', path: '/users/:id/edit', action: userDetails.update, policy: manageUsers },
    { method: 'post', path: '/users/:id/block', action: userAccess.block, policy: manageUsers },
    { method: 'post', path: '/users/:id/unblock', action: userAccess.unblock, policy: manageUsers },
    { method: 'post', path: '/users/:id/reset-password', action: userAccess.resetPassword, policy: manageUsers },
    { method: 'post', path: '/users/:id/resend-invitation', action: userAccess.resendInvitation, policy: manageUsers },
    { method: 'post', path: '/users/:id/reset-two-factor', action: userTwoFactor.reset, policy: manageUsers },
    { method: 'post', path: '/users/:id/sessions/delete', action: userSessions.destroyAll, policy: manageUsers },
    {
      method: 'post',
      path: '/users/:id/sessions/:handle/delete',
      action: userSessions.destroy,
      policy: manageUsers,
    },
    { method: 'get', path: '/users/:id/account-numbers', action: accountNumbers.index, policy: manageUsers },
    { method: 'post', path: '/users/:id/account-numbers', action: accountNumbers.create, policy: manageUsers },
    {
      method: 'post',
      path: '/users/:id/account-numbers/:numberId/delete',
      action: accountNumbers.destroy,
      policy: manageUsers,
    },
    { method: 'get', path: '/activity', action: activity.index, policy: manageUsers },
    { method: 'get', path: '/activity/export', action: activity.export, policy: manageUsers },
    { method: 'get', path: '/integrations', action: integrations.index, policy: manageIntegrations },
    { method: 'post', path: '/integrations/tokens', action: integrations.create, policy: manageIntegrations },
    { method: 'get', path: '/integrations/tokens/:id', action: integrations.show, policy: manageIntegrations },
    {
      method: 'get',
      path: '/integrations/tokens/:id/revoke',
      action: integrations.confirmRevoke,
      policy: manageIntegrations,
    },
    {
      method: 'post',
      path: '/integrations/tokens/:id/revoke',
      action: integrations.revoke,
      policy: manageIntegrations,
    },
    { method: 'post', path: '/integrations/webhooks', action: webhooks.create, policy: manageIntegrations },
    { method: 'get', path: '/integrations/webhooks/:id', action: webhooks.show, policy: manageIntegrations },
    { method: 'post', path: '/integrations/webhooks/:id/pause', action: webhooks.pause, policy: manageIntegrations },
    { method: 'post', path: '/integrations/webhooks/:id/resume', action: webhooks.resume, policy: manageIntegrations },
    { method: 'post', path: '/integrations/webhooks/:id/rotate', action: webhooks.rotate, policy: manageIntegrations },
    {
      method: 'get',
      path: '/integrations/webhooks/:id/delete',
      action: webhooks.confirmDelete,
      policy: manageIntegrations,
    },
    { method: 'post', path: '/integrations/webhooks/:id/delete', action: webhooks.destroy, policy: manageIntegrations },
    {
      method: 'post',
      path: '/integrations/webhooks/:id/deliveries/:deliveryId/resend',
      action: webhooks.resend,
      policy: manageIntegrations,
    },
  ];
}
