import { randomInt } from 'node:crypto';

/** Realms: `<label>.<parent's realm>`, lowercase letters, digits, dots and dashes, at most 63 characters. */
export const MAX_REALM_LENGTH = 63;
export const GENERATED_LABEL_LENGTH = 7;
/** How many labels to draw before giving up (a collision among 36^7 is already unlikely). */
export const REALM_DRAWS = 10;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Seven random lowercase letters or digits: a customer account's realm label. */
export function randomRealmLabel(): string {
  return Array.from({ length: GENERATED_LABEL_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export function realmFor(label: string, parentRealm: string): string {
  return `${label}.${parentRealm}`;
}

/** Whether a label in front of the parent's realm still makes a realm short enough. */
export function fitsRealm(label: string, parentRealm: string): boolean {
  return realmFor(label, parentRealm).length <= MAX_REALM_LENGTH;
}
