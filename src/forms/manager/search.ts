/** The list's search box (name, realm or e-mail), trimmed and bounded. */
export function searchTerm(query: Record<string, unknown>): string {
  return typeof query.q === 'string' ? query.q.trim().slice(0, 254) : '';
}
