import path from 'node:path';
import ejs from 'ejs';
import { createI18n } from '../../src/i18n';
import { createViewEngine } from '../../src/views/engine';
import { formBuilder, partialRenderer, type Message } from '../../src/views/form-builder';

const root = path.join(__dirname, '..', '..');
const i18n = createI18n(root);
const t = i18n.getFixedT('es');
const errorText = (e: Message) => (typeof e === 'string' ? t(e) : t(e.key, e.params));
const views = path.join(root, 'views');
const render = partialRenderer(views, createViewEngine(views, false));
const context = { t: (key: string, params?: Record<string, unknown>) => t(key, params), errorText, render };

/** The tags of a fragment without the layout's whitespace, to compare two renderings. */
const squeeze = (html: string) => html.replace(/>\s+</g, '><').trim();

describe('form builder: fields', () => {
  it('writes the label from the prefix, the value from values[name] (escaped) and no message when valid', () => {
    const f = formBuilder(context, 'customer.contacts.fields', { company: 'A&B <Co>' });
    const html = f.text('company');
    expect(html).toContain('<label for="field-company">Empresa</label>');
    expect(html).toContain('value="A&amp;B &lt;Co&gt;"');
    expect(html).toContain('autocomplete="off"');
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
  });

  it('ties the hint and the message to the input with aria-describedby and marks it invalid', () => {
    const f = formBuilder(
      context,
      'customer.contacts.fields',
      { email: 'x' },
      { email: 'errors.contact.email.invalid' },
    );
    const html = f.text('email', { type: 'email', optional: true });
    expect(html).toContain('class="field field--error"');
    expect(html).toContain('<p class="field__hint" id="hint-email">Opcional</p>');
    expect(html).toContain(`<p class="field__error" id="error-email">${t('errors.contact.email.invalid')}</p>`);
    expect(html).toContain('aria-describedby="hint-email error-email"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('type="email"');
  });

  it('writes exactly what the partial wrote when every local was passed by hand', () => {
    const values = { address2: 'Piso 3' };
    const errors = { address2: 'errors.contact.address2.too_long' };
    const byHand = ejs.render(
      "<%- include('field', { name: 'address2', label: t('customer.contacts.fields.address2'), type: 'text', value: values.address2, autocomplete: 'off', hint: t('customer.profile.show.optional') }) %>",
      { t, errorText, values, errors },
      { filename: path.join(root, 'views', 'partials', 'page.ejs') },
    );
    expect(formBuilder(context, 'customer.contacts.fields', values, errors).text('address2', { optional: true })).toBe(
      byHand,
    );
  });

  it('takes an explicit label key, hint key with params, and value', () => {
    const f = formBuilder(context, 'manager.wizard.restrictions', { trunks_local: '3' });
    const html = f.text('trunks_local', {
      label: 'manager.trunks.local',
      hint: { key: 'manager.wizard.restrictions.available', params: { n: 2, total: 10 } },
      value: '7',
    });
    expect(html).toContain(`>${t('manager.trunks.local')}</label>`);
    expect(html).toContain(t('manager.wizard.restrictions.available', { n: 2, total: 10 }));
    expect(html).toContain('value="7"');
  });

  it('never writes a password back', () => {
    const f = formBuilder(context, 'auth.sessions.new', { password: 'secreto' });
    expect(f.text('password', { type: 'password', autocomplete: 'current-password' })).not.toContain('secreto');
  });

  it('writes a textarea and a select with a blank first option and the chosen one selected', () => {
    const f = formBuilder(context, 'customer.tickets.fields', { message: '<b>hola</b>', priority: 'high' });
    expect(f.textarea('message')).toContain('>&lt;b&gt;hola&lt;/b&gt;</textarea>');
    const select = f.select('priority', f.options(['low', 'high'], 'priorities.%s'), {
      blank: 'customer.tickets.new.none',
    });
    expect(squeeze(select)).toContain(
      `<option value="">${t('customer.tickets.new.none')}</option>` +
        `<option value="low">${t('priorities.low')}</option>` +
        `<option value="high" selected>${t('priorities.high')}</option>`,
    );
  });
});

describe('form builder: checkboxes and radio buttons', () => {
  it('writes a single checkbox with its label and hint, ticked from values or checked', () => {
    const f = formBuilder(context, 'manager.wizard.restrictions', { allow_prepay: '1' });
    const html = squeeze(f.checkbox('allow_prepay', { hint: 'manager.wizard.restrictions.allow_prepay_hint' }));
    expect(html).toBe(
      '<div class="checkbox"><input type="checkbox" name="allow_prepay" value="1" id="field-allow_prepay" checked>' +
        `<label for="field-allow_prepay">${t('manager.wizard.restrictions.allow_prepay')} ` +
        `<span class="checkbox__hint">${t('manager.wizard.restrictions.allow_prepay_hint')}</span></label></div>`,
    );
    expect(f.checkbox('allow_prepay', { checked: false })).not.toContain('checked');
  });

  it('writes a group in a fieldset with its legend, the message tied to it and the ticked boxes', () => {
    const f = formBuilder(
      context,
      'customer.contacts.fields',
      {},
      { email_types: 'errors.contact.email_types.required' },
    );
    const html = squeeze(
      f.checkboxes('email_types', ['general', 'invoice'], {
        labels: 'email_types.%s',
        idPrefix: 'email-type',
        checked: ['invoice'],
      }),
    );
    expect(html).toContain(
      '<fieldset class="checkboxes field--error" id="field-email_types" aria-describedby="error-email_types">',
    );
    expect(html).toContain(`<legend>${t('customer.contacts.fields.email_types')}</legend>`);
    expect(html).toContain('<p class="field__error" id="error-email_types">');
    expect(html).toContain('name="email_types[]" value="general" id="email-type-general">');
    expect(html).toContain('name="email_types[]" value="invoice" id="email-type-invoice" checked>');
    expect(html).toContain(`<label for="email-type-invoice">${t('email_types.invoice')}</label>`);
  });

  it('writes section permissions with their hints', () => {
    const html = squeeze(
      formBuilder(context, 'hub.users.fields').sections('permissions', ['tickets'], { idPrefix: 'permission' }),
    );
    expect(html).toContain(
      `<label for="permission-tickets">${t('sections.tickets.label')} <span class="checkbox__hint">${t('sections.tickets.hint')}</span></label>`,
    );
  });

  it('writes radio buttons with the chosen one checked, and choices with their own texts (escaped)', () => {
    const f = formBuilder(context, 'manager.credit', { direction: 'remove' });
    const html = squeeze(f.radios('direction', ['add', 'remove'], { labels: 'manager.credit.directions.%s' }));
    expect(html).toContain('<fieldset class="choices" id="field-direction">');
    expect(html).toContain('<div class="choice"><input type="radio" name="direction" value="add" id="direction-add">');
    expect(html).toContain('value="remove" id="direction-remove" checked>');
    const accounts = squeeze(
      f.radios('account_id', [{ value: 7, label: '<ABC>', hint: 'Cliente' }], {
        legend: 'customer.accounts.choose.legend',
        value: 7,
        strong: true,
      }),
    );
    expect(accounts).toContain(
      '<label for="account_id-7"><strong>&lt;ABC&gt;</strong><span class="choice__meta">Cliente</span></label>',
    );
    expect(accounts).toContain('value="7" id="account_id-7" checked>');
  });

  it('writes a lone radio button named for assistive technology', () => {
    const html = formBuilder(context, 'x').radio('restrictions[intl]', 'deny', {
      id: 'rule-intl-deny',
      ariaLabel: 'Denegar "internacional"',
      checked: true,
    });
    expect(html.trim()).toBe(
      '<input type="radio" name="restrictions[intl]" value="deny" id="rule-intl-deny" aria-label="Denegar &#34;internacional&#34;" checked>',
    );
  });
});
