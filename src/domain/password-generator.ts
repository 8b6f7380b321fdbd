import { randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I), so a suggestion can be read out or copied by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A suggested password: four groups of five, about 115 bits of randomness, e.g. "k7Pqs-Rm2xA-…". */
export function suggestPassword(): string {
  return Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');
}
