import type { AppDeps } from '../app-deps';
import { accountChoicesController } from '../controllers/customer/account-choices';
import { accountInfoController } from '../controllers/customer/account-info';
import { billingController } from '../controllers/customer/billing';
import { companyController } from '../controllers/customer/company';
import { contactsController } from '../controllers/customer/contacts';
import { dashboardController } from '../controllers/customer/dashboard';
import { passwordController } from '../controllers/customer/password';
import { profileController } from '../controllers/customer/profile';
import { profileSessionsController } from '../controllers/customer/profile-sessions';
import { securityQuestionsController } from '../controllers/customer/security-questions';
import { sentEmailsController } from '../controllers/customer/sent-emails';
import { supportContactsController } from '../controllers/customer/support-contacts';
import { ticketAttachmentsController } from '../controllers/customer/ticket-attachments';
import { ticketCopiesController } from '../controllers/customer/ticket-copies';
import { ticketsController } from '../controllers/customer/tickets';
import { twoFactorController } from '../controllers/customer/two-factor';
import { ticketUploads } from '../middleware/uploads';
import { anySection, inAccount, section, signedIn, signedInFirstSteps } from '../policies';
import { contactsAccess } from '../policies/contacts';
import { supportContactsAccess } from '../policies/support-contacts';
import { customerTickets } from '../policies/tickets';
import type { Route, Served } from './route';

/** What a customer account uses: Inicio, the profile, the sections, tickets, Contactos/Sub-cuentas. */
export function customerRoutes(deps: AppDeps, served: Served): Route[] {
  const dashboard = dashboardController(deps, served);
  const accountChoices = accountChoicesController(deps);
  const profile = profileController(deps, served);
  const password = passwordController(deps);
  const securityQuestions = securityQuestionsController(deps);
  const twoFactor = twoFactorController(deps);
  const profileSessions = profileSessionsController(deps);
  const sentEmails = sentEmailsController(deps);
  const billing = billingController(deps);
  const company = companyController(deps);
  const accountInfo = accountInfoController(deps);
  const supportContacts = supportContactsController(deps);
  const tickets = ticketsController(deps);
  const ticketAttachments = ticketAttachmentsController(deps);
  const ticketCopies = ticketCopiesController(deps);
  const uploads = ticketUploads();
  const contacts = contactsController(deps);
  return [
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
    { method: 'post', path: '/tickets/:number/copies', action: ticketCopies.create, policy: customerTickets },
    {
      method: 'post',
      path: '/tickets/:number/copies/:contactId/delete',
      action: ticketCopies.destroy,
      policy: customerTickets,
    },

    { method: 'get', path: '/contacts', action: contacts.index, policy: contactsAccess },
    { method: 'get', path: '/contacts/new', action: contacts.new, policy: contactsAccess },
    { method: 'post', path: '/contacts/new', action: contacts.create, policy: contactsAccess },
    { method: 'get', path: '/contacts/:id/edit', action: contacts.edit, policy: contactsAccess },
    { method: 'post', path: '/contacts/:id/edit', action: contacts.update, policy: contactsAccess },
    { method: 'get', path: '/contacts/:id/delete', action: contacts.confirmDestroy, policy: contactsAccess },
    { method: 'post', path: '/contacts/:id/delete', action: contacts.destroy, policy: contactsAccess },
  ];
}
