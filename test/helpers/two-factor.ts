import { generate } from 'otplib';
import { TOTP_TOLERANCE_SECONDS } from '../../src/services/two-factor';

/**
 * The code an authenticator app shows for this secret, `steps` periods from now. A code of the
 * next step is still accepted (clock drift) and is newer than one just used, so a test can sign
 * in right after the set-up without waiting 30 seconds.
 */
export function totpCode(secret: string, steps = 0, now = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(now / 1000) + steps * TOTP_TOLERANCE_SECONDS });
}

/** The base32 key the set-up page shows in text (the URL contract). */
export function secretOnPage(html: string): string {
  const match = /<code id="two-factor-secret">([A-Z2-7 ]+)<\/code>/.exec(html);
  if (!match) throw new Error('no two-factor secret on the page');
  return match[1].replace(/ /g, '');
}

/** The recovery codes a page shows, in order. */
export function recoveryCodesOnPage(html: string): string[] {
  return [...html.matchAll(/<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})<\/code><\/li>/g)].map(
    (m) => m[1],
  );
}
