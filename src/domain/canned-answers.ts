/**
 * A canned answer's text with its placeholders filled: {{nombre}} is the requester's first name,
 * {{ticket}} the ticket's public number (#NNNNNN). Unknown placeholders stay as they are.
 */
export function fillCannedAnswer(text: string, values: { nombre: string; ticket: string }): string {
  return text.replace(/\{\{\s*(nombre|ticket)\s*\}\}/g, (_, name: 'nombre' | 'ticket') => values[name]);
}
