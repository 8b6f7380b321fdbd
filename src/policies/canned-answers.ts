import type { Policy } from './index';

/** «Respuestas predefinidas» are kept by the platform's admins (its owner and admins); agents use them. */
export const manageCannedAnswers: Policy = {
  name: 'manage-canned-answers',
  requiresUser: true,
  requiresAccount: true,
  allows: (current) => current?.account?.kind === 'platform' && current.membership?.role !== 'member',
};
