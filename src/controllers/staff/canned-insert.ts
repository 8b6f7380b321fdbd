import type { AppDeps } from '../../app-deps';
import { parseInsert } from '../../forms/staff/canned-answer';
import { findCannedAnswer } from '../../models/canned-answers';
import { authorizeTicket } from '../../policies/tickets';
import { cannedTextFor } from '../../services/canned-answers';
import { withUser } from '../handlers';
import { staffTicketPage } from './ticket-page';

/**
 * «Insertar»: the reply form again, the chosen canned answer added to what was typed (no script, and
 * nothing sent or saved: the agent reads it, edits it, and sends it with «Enviar»).
 */
export function cannedInsertController(deps: AppDeps) {
  const { load, render } = staffTicketPage(deps);
  return {
    /** POST /staff/tickets/:number/insert */
    create: withUser(async (req, res, current) => {
      const ticket = await load(req);
      authorizeTicket(current, ticket, 'reply');
      const { canned, message } = parseInsert(req.body);
      const answer = canned === null ? undefined : await findCannedAnswer(deps.db, canned);
      if (!answer) return render(res, current, ticket, 422, { message }, { canned: 'errors.canned_answer.choice' });
      const text = await cannedTextFor(deps, answer, ticket);
      const filled = message.trim() ? `${message.trimEnd()}\n\n${text}` : text;
      return render(res, current, ticket, 200, { message: filled, canned: String(answer.id) });
    }),
  };
}
