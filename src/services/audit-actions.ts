/** Every action the audit log records; recordAudit accepts only these, and each has a label in the locales. */
export const AUDIT_ACTIONS = [
  'auth.login_succeeded', 'auth.login_failed', 'auth.logout', 'auth.account_switched',
  'profile.updated', 'password.changed', 'password.change_failed', 'password.reset_requested', 'password.reset_completed',
  'password.questions_failed', 'security_questions.changed',
  'user.invited', 'user.invitation_resent', 'user.updated', 'user.blocked', 'user.unblocked', 'user.password_reset_sent',
  'user.account_scope_all', 'user.account_number_added', 'user.account_number_removed', 'invitation.accepted',
  'contact.created', 'contact.updated', 'contact.deleted', 'contact.subaccount_enabled', 'contact.subaccount_disabled', 'contact.subaccount_permissions',
  'company.updated', 'invoice.emailed', 'support_contact.added', 'support_contact.removed',
  'ticket.opened', 'ticket.replied', 'ticket.note_added', 'ticket.closed',
  'staff.ticket_status', 'staff.contact_validated', 'staff.request_linked', 'staff.request_rejected',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What customers do not see of the helpdesk's own work in their activity log. */
export const STAFF_ONLY_ACTIONS: AuditAction[] = ['ticket.note_added', 'staff.ticket_status', 'staff.request_linked', 'staff.request_rejected'];
