import type { Page } from 'playwright-core';

/** Page object for the Accounts Manager: the list on the left, the selected account on the right. */
export class ManagerPage {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** The account selected in the list (aria-current), by its name. */
  selectedName() {
    return this.page.locator('.account-list a[aria-current="page"] .account-list__name');
  }

  detailHeading() {
    return this.page.locator('.manager__detail h2').first();
  }

  async addAccount(): Promise<void> {
    await this.page.getByRole('link', { name: 'Agregar cuenta nueva' }).click();
  }
}

/** Page object for «Agregar cuenta nueva», one server-rendered step at a time. */
export class AccountWizard {
  constructor(private readonly page: Page) {}

  stepTitle() {
    return this.page.locator('#wizard-title');
  }

  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }

  async fillAccount(values: {
    name: string;
    admin?: { first: string; last: string; email: string; phone: string; password: string };
  }): Promise<void> {
    await this.field('Nombre de la cuenta').fill(values.name);
    if (!values.admin) return;
    await this.page.getByLabel(/^Agregar un administrador a la cuenta/).check();
    await this.field('Nombre').fill(values.admin.first);
    await this.field('Apellido').fill(values.admin.last);
    await this.field('Correo electrónico').fill(values.admin.email);
    await this.field('Teléfono de contacto').fill(values.admin.phone);
    await this.page.getByLabel(/^Escribir una contraseña/).check();
    await this.field('Contraseña escrita').fill(values.admin.password);
  }

  async fillRestrictions(values: { inbound: number; outbound: number; twoway: number; credit: string }) {
    await this.field('Troncales entrantes').fill(String(values.inbound));
    await this.field('Troncales salientes').fill(String(values.outbound));
    await this.field('Troncales bidireccionales').fill(String(values.twoway));
    await this.field('Crédito a agregar').fill(values.credit);
  }

  async addSupportEmail(email: string): Promise<void> {
    await this.field('O escribe una dirección de correo').fill(email);
    await this.page.locator('form.support-email').getByRole('button', { name: 'Agregar' }).click();
  }

  supportContacts() {
    return this.page.locator('#field-contacts .chip');
  }

  /** Leaves ticked only the sections named (by their labels). */
  async keepSections(labels: string[]): Promise<void> {
    for (const box of await this.page.locator('input[name="sections[]"]').all()) {
      const id = await box.getAttribute('id');
      const label = (await this.page.locator(`label[for="${id}"]`).innerText()).split('\n')[0].trim();
      if (labels.some((l) => label.startsWith(l))) await box.check();
      else await box.uncheck();
    }
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Siguiente' }).click();
  }

  async back(): Promise<void> {
    await this.page.getByRole('button', { name: 'Atrás' }).click();
  }

  async create(): Promise<void> {
    await this.page.getByRole('button', { name: 'Crear cuenta' }).click();
  }
}

/** The selected account on the right of the Accounts Manager, and its buttons. */
export class ManagedAccountPage {
  constructor(private readonly page: Page) {}

  status() {
    return this.page.locator('.manager__detail-heading .badge').first();
  }

  balance() {
    return this.page.locator('#credit-title + .tile__figure');
  }

  async addCredit(values: { direction: 'Agregar crédito' | 'Quitar crédito'; amount: string; note: string }) {
    await this.page.getByRole('link', { name: 'Agregar o quitar crédito' }).first().click();
    await this.page.getByLabel(values.direction).check();
    await this.page.getByLabel('Monto', { exact: true }).fill(values.amount);
    await this.page.getByLabel('Nota', { exact: true }).fill(values.note);
    await this.page.getByRole('button', { name: 'Guardar movimiento' }).click();
  }

  /** «Suspender cuenta» asks first, saying who will lose access; returns what it said. */
  async suspend(): Promise<string> {
    await this.page.getByRole('link', { name: 'Suspender cuenta' }).click();
    const said = (await this.page.locator('.manager__detail ul').first().textContent()) ?? '';
    await this.page.getByRole('button', { name: /^Sí, suspender / }).click();
    return said;
  }
}
