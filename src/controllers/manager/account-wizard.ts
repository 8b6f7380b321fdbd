import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { formErrors } from '../../forms/manager/field-paths';
import { parseWizardPost } from '../../forms/manager/wizard';
import { readWizardPost } from '../../forms/manager/wizard-draft';
import { NotFoundError } from '../../domain/errors';
import { findManagedAccount, findParentAccount } from '../../models/accounts';
import { openDraft, showStep, submitStep } from '../../services/accounts/wizard';
import { wizardOptions, type Wizard } from '../../services/accounts/wizard-draft';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { renderStep } from './wizard-view';
import { redirectWithError, redirectWithFlash } from '../respond';

/** «Agregar cuenta nueva»: a wizard of server-rendered steps whose draft lives on the server. */
export function accountWizardController(deps: AppDeps) {
  const wizardFor = async (req: Request, current: MemberUser): Promise<Wizard> => ({
    deps,
    current,
    parent: await findParentAccount(deps.db, current.account.id),
    scope: { sessionId: req.sessionID, userId: current.id, parentAccountId: current.account.id },
    ip: req.ip,
  });

  async function expired(req: Request, res: Response) {
    await redirectWithError(req, res, '/manager/accounts/new', 'manager.flash.draft_expired');
  }

  return {
    /** GET /manager/accounts/new[?draft=<id>&step=<step>] */
    new: withMember(async (req, res, current) => {
      const wizard = await wizardFor(req, current);
      const shown = await showStep(wizard, positiveId(req.query.draft), req.query.step);
      if ('expired' in shown) return expired(req, res);
      return renderStep(deps, req, res, wizard, { status: 200, ...shown, errors: {} });
    }),

    /** POST /manager/accounts/new — Siguiente, Atrás, the support contacts' buttons, Crear cuenta. */
    create: withMember(async (req, res, current) => {
      const wizard = await wizardFor(req, current);
      const post = parseWizardPost(req.body);
      const draft = await openDraft(wizard, post.draftId);
      if (!draft) return expired(req, res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = await submitStep(wizard, post, readWizardPost(post, body, draft, wizardOptions(wizard.parent)));
      switch (outcome.kind) {
        case 'show':
          return res.redirect(303, `/manager/accounts/new?draft=${outcome.draftId}&step=${outcome.step}`);
        case 'invalid':
          return renderStep(deps, req, res, wizard, { status: 422, ...outcome, errors: formErrors(outcome.errors) });
        case 'expired':
          return expired(req, res);
        case 'not_found':
          throw new NotFoundError();
      }
      const account = (await findManagedAccount(deps.db, current.account.id, outcome.accountId))!;
      const params = { name: account.name };
      if (!outcome.generatedPassword)
        return redirectWithFlash(req, res, `/manager/accounts/${account.id}`, 'manager.flash.created', params);
      // Kept in the session only until its page shows it (once); never in a draft or an e-mail.
      req.session.newAccountPassword = { accountId: account.id, password: outcome.generatedPassword };
      return redirectWithFlash(req, res, `/manager/accounts/${account.id}/password`, 'manager.flash.created', params);
    }),
  };
}
