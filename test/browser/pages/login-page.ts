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
