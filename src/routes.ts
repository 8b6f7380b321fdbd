import type { RequestHandler } from 'express';
import type { AppDeps } from './app-deps';
import { invitationsController } from './controllers/auth/invitations';
import { passwordResetsController } from './controllers/auth/password-resets';
import { questionResetsController } from './controllers/auth/question-resets';
import { sessionsController } from './controllers/auth/sessions';
import { twoFactorSignInController } from './controllers/auth/two-factor';
import { accountNumbersController } from './controllers/hub/account-numbers';
import { activityController } from './controllers/hub/activity';
import { integrationsController } from './controllers/hub/integrations';
import { userAccessController } from './controllers/hub/user-access';
import { userDetailsController } from './controllers/hub/user-details';
import { userTwoFactorController } from './controllers/hub/user-two-factor';
import { userSessionsController } from './controllers/hub/user-sessions';
import { profileSessionsController } from './controllers/customer/profile-sessions';
import { usersController } from './controllers/hub/users';
import { accountChoicesController } from './controllers/customer/account-choices';
import { accountInfoController } from './controllers/customer/account-info';
import { billingController } from './controllers/customer/billing';
import { companyController } from './controllers/customer/company';
import { contactsController } from './controllers/customer/contacts';
import { supportContactsController } from './controllers/customer/support-contacts';
import { ticketsController } from './controllers/customer/tickets';
import { ticketAttachmentsController } from './controllers/customer/ticket-attachments';
import { dashboardController } from './controllers/customer/dashboard';
import { passwordController } from './controllers/customer/password';
import { profileController } from './controllers/customer/profile';
import { securityQuestionsController } from './controllers/customer/security-questions';
import { twoFactorController } from './controllers/customer/two-factor';
import { sentEmailsController } from './controllers/customer/sent-emails';
import { devMailController } from './controllers/dev/mail';
import { healthController } from './controllers/system/health';
import { inboundMailController } from './controllers/system/inbound-mail';
import { languageController } from './controllers/system/language';
import { staffAccountsController } from './controllers/staff/accounts';
import { staffAttachmentsController } from './controllers/staff/attachments';
import { staffContactsController } from './controllers/staff/contacts';
import { queueController } from './controllers/staff/queue';
import { heldRequestsController } from './controllers/staff/requests';
import { staffMailController } from './controllers/staff/mail';
import { staffTicketsController } from './controllers/staff/tickets';
import { ticketAssignmentController } from './controllers/staff/ticket-assignment';
import { cannedAnswersController } from './controllers/staff/canned-answers';
import { cannedInsertController } from './controllers/staff/canned-insert';
import { ticketMergeController } from './controllers/staff/ticket-merge';
import { manageCannedAnswers } from './policies/canned-answers';
import { accountWizardController } from './controllers/manager/account-wizard';
import { managerAccountsController } from './controllers/manager/accounts';
import { accountCreditController } from './controllers/manager/account-credit';
import { accountSettingsController } from './controllers/manager/account-settings';
import { accountStatusController } from './controllers/manager/account-status';
import { accountSupportController } from './controllers/manager/account-support';
import { accountUsersController } from './controllers/manager/account-users';
import {
  anySection,
  guestOnly,
  inAccount,
  inboundToken,
  publicAccess,
  section,
  signedIn,
  signedInFirstSteps,
  staff,
  type Policy,
} from './policies';
import { ticketUploads } from './middleware/uploads';
import { manageUsers } from './policies/account-users';
import { customerTickets } from './policies/tickets';
import { contactsAccess } from './policies/contacts';
import { supportContactsAccess } from './policies/support-contacts';
import { manageAccounts } from './policies/managed-accounts';
import { manageIntegrations } from './policies/api-tokens';
import { signingIn } from './policies/two-factor';

export interface Route {
  method: 'get' | 'post';
  path: string;
  action: RequestHandler;
  policy: Policy;
  /** Reads a multipart body (a form with files) after the policy and before the CSRF check. */
  upload?: RequestHandler;
}

/** Paths the app serves for GET, for menus (they never link to what is not there). */
export type Served = (path: string) => boolean;

/** The route table: method, path, action, policy — nothing else. */
export function routeTable(deps: AppDeps, served: Served): Route[] {
  const health = healthController(deps);
  const language = languageController(deps);
  const inboundMail = inboundMailController(deps);
  const sessions = sessionsController(deps);
  const dashboard = dashboardController(deps, served);
  const accountChoices = accountChoicesController(deps);
  const sentEmails = sentEmailsController(deps);
  const profile = profileController(deps, served);
  const contacts = contactsController(deps);
  const billing = billingController(deps);
  const company = companyController(deps);
  const accountInfo = accountInfoController(deps);
  const supportContacts = supportContactsController(deps);
  const tickets = ticketsController(deps);
  const ticketAttachments = ticketAttachmentsController(deps);
  const staffAttachments = staffAttachmentsController(deps);
  const uploads = ticketUploads();
  const queue = queueController(deps);
  const staffTickets = staffTicketsController(deps);
  const ticketAssignment = ticketAssignmentController(deps);
  const canned = cannedAnswersController(deps);
  const cannedInsert = cannedInsertController(deps);
  const ticketMerge = ticketMergeController(deps);
  const heldRequests = heldRequestsController(deps);
  const staffContacts = staffContactsController(deps);
  const staffAccounts = staffAccountsController(deps);
  const staffMail = staffMailController(deps);
  const password = passwordController(deps);
  const securityQuestions = securityQuestionsController(deps);
  const invitations = invitationsController(deps);
  const resets = passwordResetsController(deps);
  const questionResets = questionResetsController(deps);
  const users = usersController(deps);
  const userDetails = userDetailsController(deps);
  const userAccess = userAccessController(deps);
  const accountNumbers = accountNumbersController(deps);
  const activity = activityController(deps);
  const integrations = integrationsController(deps);
  const webhooks = integrations.webhooks;
  const managerAccounts = managerAccountsController(deps);
  const accountWizard = accountWizardController(deps);
  const accountSettings = accountSettingsController(deps);
  const accountCredit = accountCreditController(deps);
  const accountStatus = accountStatusController(deps);
  const managedUsers = accountUsersController(deps);
  const managedSupport = accountSupportController(deps);
  const twoFactorSignIn = twoFactorSignInController(deps);
  const twoFactor = twoFactorController(deps);
  const userTwoFactor = userTwoFactorController(deps);
  const userSessions = userSessionsController(deps);
  const profileSessions = profileSessionsController(deps);

  const routes: Route[] = [
    { method: 'get', path: '/healthz', action: health.live, policy: publicAccess },
    { method: 'get', path: '/readyz', action: health.ready, policy: publicAccess },
    { method: 'get', path: '/language/:locale', action: language.show, policy: publicAccess },
    { method: 'post', path: '/inbound/mail', action: inboundMail.create, policy: inboundToken },

    { method: 'get', path: '/login', action: sessions.new, policy: guestOnly },
    { method: 'post', path: '/login', action: sessions.create, policy: guestOnly },
    { method: 'post', path: '/logout', action: sessions.destroy, policy: signedInFirstSteps },
    { method: 'get', path: '/login/two-factor', action: twoFactorSignIn.show, policy: signingIn },
    { method: 'post', path: '/login/two-factor', action: twoFactorSignIn.create, policy: signingIn },
    { method: 'get', path: '/password/forgot', action: resets.choose, policy: publicAccess },
    { method: 'post', path: '/password/forgot/email', action: resets.create, policy: publicAccess },
    { method: 'get', path: '/password/reset/:token', action: resets.edit, policy: publicAccess },
    { method: 'post', path: '/password/reset/:token', action: resets.update, policy: publicAccess },
    { method: 'get', path: '/password/forgot/questions', action: questionResets.show, policy: publicAccess },
    { method: 'post', path: '/password/forgot/questions', action: questionResets.update, policy: publicAccess },
    { method: 'get', path: '/invitations/:token', action: invitations.show, policy: publicAccess },
    { method: 'post', path: '/invitations/:token', action: invitations.update, policy: publicAccess },

    { method: 'get', path: '/', action: dashboard.show, policy: inAccount },
    { method: 'get', path: '/accounts/choose', action: accountChoices.index, policy: signedIn },
    { method: 'post', path: '/accounts/choose', action: accountChoices.create, policy: signedIn },
    { method: 'get', path: '/profile', action: profile.show, policy: signedIn },
    { method: 'post', path: '/profile', action: profile.update, policy: signedIn },
    { method: 'get', path: '/profile/password', action: password.edit, policy: signedIn },
    { method: 'post', path: '/profile/password', action: password.update, policy: signedIn },
    {
      method: 'get',
      path: '/profile/security-questions',
      action: securityQuestions.edit,
      policy: signedInFirstSteps,
    },
    {
      method: 'post',
      path: '/profile/security-questions',
      action: securityQuestions.update,
      policy: signedInFirstSteps,
    },
    { method: 'get', path: '/profile/two-factor', action: twoFactor.show, policy: signedIn },
    { method: 'post', path: '/profile/two-factor', action: twoFactor.create, policy: signedIn },
    { method: 'post', path: '/profile/two-factor/recovery-codes', action: twoFactor.renewCodes, policy: signedIn },
    { method: 'post', path: '/profile/two-factor/delete', action: twoFactor.destroy, policy: signedIn },
    { method: 'get', path: '/profile/sessions', action: profileSessions.index, policy: signedIn },
    { method: 'post', path: '/profile/sessions/delete', action: profileSessions.destroyOthers, policy: signedIn },
    { method: 'post', path: '/profile/sessions/:handle/delete', action: profileSessions.destroy, policy: signedIn },

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

    { method: 'get', path: '/emails', action: sentEmails.index, policy: section('emails') },
    { method: 'get', path: '/services', action: billing.services, policy: section('services') },
    { method: 'get', path: '/invoices', action: billing.invoices, policy: section('invoices') },
    { method: 'get', path: '/invoices/:number', action: billing.invoice, policy: section('invoices') },
    { method: 'post', path: '/invoices/:number/email', action: billing.email, policy: section('invoices') },
    { method: 'get', path: '/company', action: company.show, policy: section('profile') },
    { method: 'post', path: '/company', action: company.update, policy: section('profile') },
    { method: 'get', path: '/account', action: accountInfo.show, policy: anySection('telephony', 'support_contacts') },
    {
      method: 'post',
      path: '/account/support-contacts',
      action: supportContacts.create,
      policy: supportContactsAccess,
    },
    {
      method: 'post',
      path: '/account/support-contacts/:id/delete',
      action: supportContacts.destroy,
      policy: supportContactsAccess,
    },

    { method: 'get', path: '/tickets', action: tickets.index, policy: customerTickets },
    { method: 'get', path: '/tickets/new', action: tickets.new, policy: customerTickets },
    { method: 'post', path: '/tickets/new', action: tickets.create, policy: customerTickets, upload: uploads },
    { method: 'get', path: '/tickets/:number', action: tickets.show, policy: customerTickets },
    {
      method: 'post',
      path: '/tickets/:number/reply',
      action: tickets.reply,
      policy: customerTickets,
      upload: uploads,
    },
    {
      method: 'get',
      path: '/tickets/:number/attachments/:attachmentId',
      action: ticketAttachments.show,
      policy: customerTickets,
    },
    { method: 'post', path: '/tickets/:number/close', action: tickets.close, policy: customerTickets },

    { method: 'get', path: '/contacts', action: contacts.index, policy: contactsAccess },
    { method: 'get', path: '/contacts/new', action: contacts.new, policy: contactsAccess },
    { method: 'post', path: '/contacts/new', action: contacts.create, policy: contactsAccess },
    { method: 'get', path: '/contacts/:id/edit', action: contacts.edit, policy: contactsAccess },
    { method: 'post', path: '/contacts/:id/edit', action: contacts.update, policy: contactsAccess },
    { method: 'get', path: '/contacts/:id/delete', action: contacts.confirmDestroy, policy: contactsAccess },
    { method: 'post', path: '/contacts/:id/delete', action: contacts.destroy, policy: contactsAccess },

    { method: 'get', path: '/staff', action: queue.index, policy: staff },
    { method: 'get', path: '/staff/tickets/:number', action: staffTickets.show, policy: staff },
    { method: 'get', path: '/staff/attachments/:attachmentId', action: staffAttachments.show, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/reply', action: staffTickets.reply, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/status', action: staffTickets.status, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/assignment', action: ticketAssignment.update, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/insert', action: cannedInsert.create, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/merge', action: ticketMerge.create, policy: staff },
    { method: 'get', path: '/staff/canned-answers', action: canned.index, policy: manageCannedAnswers },
    { method: 'get', path: '/staff/canned-answers/new', action: canned.new, policy: manageCannedAnswers },
    { method: 'post', path: '/staff/canned-answers/new', action: canned.create, policy: manageCannedAnswers },
    { method: 'get', path: '/staff/canned-answers/:id/edit', action: canned.edit, policy: manageCannedAnswers },
    { method: 'post', path: '/staff/canned-answers/:id/edit', action: canned.update, policy: manageCannedAnswers },
    { method: 'post', path: '/staff/canned-answers/:id/delete', action: canned.destroy, policy: manageCannedAnswers },
    { method: 'get', path: '/staff/requests/:id', action: heldRequests.show, policy: staff },
    { method: 'post', path: '/staff/requests/:id/link', action: heldRequests.link, policy: staff },
    { method: 'post', path: '/staff/requests/:id/reject', action: heldRequests.reject, policy: staff },
    { method: 'post', path: '/staff/requests/:id/file', action: heldRequests.file, policy: staff },
    { method: 'post', path: '/staff/contacts/:id/validate', action: staffContacts.validate, policy: staff },
    { method: 'get', path: '/staff/accounts', action: staffAccounts.index, policy: staff },
    { method: 'get', path: '/staff/accounts/:id', action: staffAccounts.show, policy: staff },

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
    { method: 'get', path: '/staff/mail', action: staffMail.index, policy: staff },
    { method: 'post', path: '/staff/mail/:id/resend', action: staffMail.resend, policy: staff },
  ];

  if (deps.config.env !== 'production') {
    const devMail = devMailController(deps);
    routes.push(
      { method: 'get', path: '/dev/mail', action: devMail.index, policy: publicAccess },
      { method: 'get', path: '/dev/mail/:id', action: devMail.show, policy: publicAccess },
    );
  }
  return routes;
}
