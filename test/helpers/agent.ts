import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { TEST_PASSWORD } from './factories';

export type Agent = TestAgent;

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export function newAgent(app: Express): Agent {
  return request.agent(app);
}

/** Loads a page and posts its form with the page's CSRF token, like a browser. */
export async function submitForm(agent: Agent, pagePath: string, action: string, fields: Record<string, unknown>) {
  const page = await agent.get(pagePath);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) });
}

export async function signIn(app: Express, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = newAgent(app);
  const response = await submitForm(agent, '/login', '/login', { email, password });
  if (response.status !== 303) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return agent;
}

/** The value of the session cookie a response set, if any. */
export function sessionCookie(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('cuentas.sid='));
}

/** The visible text of an HTML page, tags removed and spaces folded, for content assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
