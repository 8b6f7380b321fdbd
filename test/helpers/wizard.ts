import { csrfFrom, type Agent } from './agent';

/** Drives «Agregar cuenta nueva» as a browser would: one form POST per step, the draft in the redirects. */
export class WizardDriver {
  draftId: number | null = null;
  private token: string | null = null;

  constructor(private readonly agent: Agent) {}

  async open(): Promise<string> {
    const page = await this.agent.get('/manager/accounts/new');
    if (page.status !== 200) throw new Error(`the wizard answered ${page.status}`);
    this.token = csrfFrom(page.text);
    return page.text;
  }

  /** Posts one step; follows a successful move to the next page and returns both. */
  async post(step: string, fields: Record<string, unknown>, go = 'next') {
    if (!this.token) await this.open();
    const response = await this.agent
      .post('/manager/accounts/new')
      .type('form')
      .send({ _csrf: this.token, draft: this.draftId ?? '', step, go, ...fields });
    const location = response.headers.location as string | undefined;
    const draft = location ? /draft=(\d+)/.exec(location) : null;
    if (draft) this.draftId = Number(draft[1]);
    const next = response.status === 303 && location ? await this.agent.get(location) : null;
    return { response, location, next };
  }

  /** The draft's id after a 422 (the page's hidden field). */
  remember(html: string): void {
    const match = /name="draft" value="(\d+)"/.exec(html);
    if (match) this.draftId = Number(match[1]);
  }
}

/** A complete «Cuenta» step for a customer account, without an admin unless given. */
export function accountFields(name: string, extra: Record<string, unknown> = {}) {
  return { name, timezone: 'America/Mexico_City', locale: 'es', ...extra };
}

export const RESTRICTIONS_ALLOW_ALL = {
  'restrictions[tollfree_us]': 'allow',
  'restrictions[toll_us]': 'allow',
  'restrictions[emergency]': 'allow',
  'restrictions[caribbean]': 'deny',
  'restrictions[did_us]': 'allow',
  'restrictions[international]': 'deny',
  'restrictions[unknown]': 'deny',
};

export function restrictionFields(trunks: { inbound: number; outbound: number; twoway: number }, credit = '0') {
  return {
    inbound_trunks: String(trunks.inbound),
    outbound_trunks: String(trunks.outbound),
    twoway_trunks: String(trunks.twoway),
    credit,
    ...RESTRICTIONS_ALLOW_ALL,
  };
}

/** Goes through every step to Revisar; returns the driver, ready for «Crear cuenta». */
export async function wizardToReview(
  agent: Agent,
  values: {
    name: string;
    account?: Record<string, unknown>;
    trunks?: { inbound: number; outbound: number; twoway: number };
    credit?: string;
    sections?: string[];
  },
): Promise<WizardDriver> {
  const wizard = new WizardDriver(agent);
  await wizard.open();
  const steps: [string, Record<string, unknown>][] = [
    ['account', accountFields(values.name, values.account ?? {})],
    ['restrictions', restrictionFields(values.trunks ?? { inbound: 0, outbound: 0, twoway: 0 }, values.credit ?? '0')],
    ['support', {}],
    ['permissions', { sections: values.sections ?? ['tickets', 'services'] }],
  ];
  for (const [step, fields] of steps) {
    const { response } = await wizard.post(step, fields);
    if (response.status !== 303)
      throw new Error(`step ${step} answered ${response.status}: ${response.text.slice(0, 2000)}`);
  }
  return wizard;
}
