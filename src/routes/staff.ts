import type { AppDeps } from '../app-deps';
import { staffAccountsController } from '../controllers/staff/accounts';
import { staffAttachmentsController } from '../controllers/staff/attachments';
import { cannedAnswersController } from '../controllers/staff/canned-answers';
import { cannedInsertController } from '../controllers/staff/canned-insert';
import { staffContactsController } from '../controllers/staff/contacts';
import { staffMailController } from '../controllers/staff/mail';
import { queueController } from '../controllers/staff/queue';
import { heldRequestsController } from '../controllers/staff/requests';
import { ticketAssignmentController } from '../controllers/staff/ticket-assignment';
import { staffTicketCopiesController } from '../controllers/staff/ticket-copies';
import { ticketMergeController } from '../controllers/staff/ticket-merge';
import { staffTicketsController } from '../controllers/staff/tickets';
import { staff } from '../policies';
import { manageCannedAnswers } from '../policies/canned-answers';
import type { Route } from './route';

/**
 * The helpdesk console: the queue, tickets, canned answers, held requests, contacts, account look-up,
 * mail with problems.
 */
export function staffRoutes(deps: AppDeps): Route[] {
  const queue = queueController(deps);
  const staffTickets = staffTicketsController(deps);
  const staffAttachments = staffAttachmentsController(deps);
  const ticketAssignment = ticketAssignmentController(deps);
  const heldRequests = heldRequestsController(deps);
  const staffContacts = staffContactsController(deps);
  const staffAccounts = staffAccountsController(deps);
  const staffMail = staffMailController(deps);
  const canned = cannedAnswersController(deps);
  const cannedInsert = cannedInsertController(deps);
  const ticketMerge = ticketMergeController(deps);
  const ticketCopies = staffTicketCopiesController(deps);
  return [
    { method: 'get', path: '/staff', action: queue.index, policy: staff },
    { method: 'get', path: '/staff/tickets/:number', action: staffTickets.show, policy: staff },
    { method: 'get', path: '/staff/attachments/:attachmentId', action: staffAttachments.show, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/reply', action: staffTickets.reply, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/status', action: staffTickets.status, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/assignment', action: ticketAssignment.update, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/insert', action: cannedInsert.create, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/merge', action: ticketMerge.create, policy: staff },
    { method: 'post', path: '/staff/tickets/:number/copies', action: ticketCopies.create, policy: staff },
    {
      method: 'post',
      path: '/staff/tickets/:number/copies/:contactId/delete',
      action: ticketCopies.destroy,
      policy: staff,
    },
    { method: 'get', path: '/staff/canned-answers', action: canned.index, policy: manageCannedAnswers },
    { method: 'get', path: '/staff/canned-answers/new', action: canned.new, policy: manageCannedAnswers },
    { method: 'post', path: '/staff/canned-answers/new', action: canned.create, policy: manageCannedAnswers },
    { method: 'get', path: '/staff/canned-answers/:id/edit', action: canned.edit, policy: manageCannedAnswers },
    { method: 'post', path: '/staff/canned-answers/:id/edit', action: canned.update, policy: manageCannedAnswers },
    { method: 'post', path: '/staff/canned-answers/:id/delete', action: canned.destroy, policy: manageCannedAnswers },
    { method: 'get', path: '/staff/requests', action: heldRequests.index, policy: staff },
    { method: 'get', path: '/staff/requests/:id', action: heldRequests.show, policy: staff },
    { method: 'post', path: '/staff/requests/:id/link', action: heldRequests.link, policy: staff },
    { method: 'post', path: '/staff/requests/:id/reject', action: heldRequests.reject, policy: staff },
    { method: 'post', path: '/staff/requests/:id/file', action: heldRequests.file, policy: staff },
    { method: 'post', path: '/staff/contacts/:id/validate', action: staffContacts.validate, policy: staff },
    { method: 'get', path: '/staff/accounts', action: staffAccounts.index, policy: staff },
    { method: 'get', path: '/staff/accounts/:id', action: staffAccounts.show, policy: staff },
    { method: 'get', path: '/staff/mail', action: staffMail.index, policy: staff },
    { method: 'post', path: '/staff/mail/:id/resend', action: staffMail.resend, policy: staff },
  ];
}
