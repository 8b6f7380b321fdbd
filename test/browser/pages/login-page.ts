import type { Page } from 'playwright-core';

/** Page object for the sign-in page. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Correo electrónico').fill(email);
    await this.page.getByLabel('Contraseña').fill(password);
    await this.page.getByRole('button', { name: 'Iniciar sesión' }).click();
  }

  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
}

/**
 * The first sign-in of a login whose password someone else chose (an owner made by the wizard or
 * the API, a sub-account): its own password and three security questions, before anything else.
 */
export class FirstSignInPage {
  constructor(private readonly page: Page) {}

  path(): string {
    return new URL(this.page.url()).pathname;
  }

  async complete(given: string, chosen: string): Promise<void> {
    await this.page.getByLabel('Contraseña que te dieron').fill(given);
    await this.page.getByLabel('Contraseña nueva', { exact: true }).fill(chosen);
    await this.page.getByLabel('Confirma la contraseña nueva').fill(chosen);
    for (const [n, question, answer] of [
      [1, 'first_car', 'Vocho'],
      [2, 'first_job', 'Cajero'],
      [3, 'favorite_book', 'Pedro Páramo'],
    ] as const) {
      await this.page.getByLabel(`Pregunta ${n}`).selectOption(question);
      await this.page.getByLabel(`Respuesta ${n}`).fill(answer);
    }
    await this.page.getByRole('button', { name: 'Guardar y continuar' }).click();
  }
}

/** Page object for the header every signed-in page has. */
export class Header {
  constructor(private readonly page: Page) {}

  holaMenu() {
    return this.page.locator('details.account-menu');
  }

  async openHolaMenu(): Promise<void> {
    await this.page.locator('details.account-menu > summary').click();
  }

  menuLinks() {
    return this.page.locator('details.account-menu li a');
  }

  navLinks() {
    return this.page.getByRole('navigation', { name: 'Secciones' }).getByRole('link');
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cerrar sesión' }).click();
  }
}
