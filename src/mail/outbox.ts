import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { isEmailAddress } from '../email-address';
import {
  claimDueMessages,
  claimMessage,
  insertOutboxMessage,
  markMessageFailed,
  markMessageSent,
  type OutboxRow,
} from '../models/mail-outbox';
import type { MailTransport } from './transport';

export type { OutboxRow } from '../models/mail-outbox';

export type MailCategory = 'account' | 'general' | 'invoice' | 'support' | 'product' | 'domain' | 'affiliate';

export interface OutgoingMail {
  accountId?: number | null;
  category: MailCategory;
  /** Which message this is (invitation, password_reset…), for the history and tests. */
  template: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  ticketId?: number | null;
  inReplyTo?: string | null;
  /** Where replies go (ticket e-mail: the support address, which files them on the ticket). */
  replyTo?: string | null;
}

export const MAX_ATTEMPTS = 8;

/** Seconds to wait before attempt n+1: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600);
}

function cleanAddresses(addresses: string[]): string[] {
  const unique = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
  for (const address of unique) {
    if (!isEmailAddress(address)) throw new Error(`not a deliverable address: ${JSON.stringify(address)}`);
  }
  return unique;
}

export interface Mailer {
  /** Writes the message to the outbox (inside the caller's transaction when given one). */
  enqueue(mail: OutgoingMail, trx?: Db): Promise<OutboxRow>;
  /**
   * Delivers one queued message now; false when the server refused or could not be reached. Given
   * the transaction that queued it, the message is sent before that transaction commits, so the
   * caller can roll everything back when the mail could not go.
   */
  sendNow(id: number, trx?: Db): Promise<boolean>;
  /** Delivers what is due; what fails is retried later with backoff. */
  deliverDue(limit?: number): Promise<{ sent: number; retried: number; failed: number }>;
  /** Whether a transport is configured (without one, development keeps mail at /dev/mail). */
  readonly delivers: boolean;
}

export function createMailer(options: {
  db: Db;
  transport: MailTransport | null;
  from: string;
  messageIdDomain: string;
}): Mailer {
  const { db, transport, from, messageIdDomain } = options;

  async function send(row: OutboxRow): Promise<void> {
    if (!transport) throw new Error('no mail transport configured');
    await transport.sendMail({
      from,
      to: row.to_addresses,
      cc: row.cc_addresses.length ? row.cc_addresses : undefined,
      subject: row.subject,
      text: row.text_body,
      messageId: row.message_id,
      inReplyTo: row.in_reply_to ?? undefined,
      references: row.in_reply_to ?? undefined,
      replyTo: row.reply_to ?? undefined,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Cuentas-Template': row.template },
    });
  }

  async function markFailure(
    row: OutboxRow,
    err: unknown,
    retry: boolean,
    conn: Db = db,
  ): Promise<'retried' | 'failed'> {
    const final = !retry || row.attempts >= MAX_ATTEMPTS;
    await markMessageFailed(conn, row.id, {
      final,
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      retryInSeconds: retryDelaySeconds(row.attempts),
    });
    return final ? 'failed' : 'retried';
  }

  return {
    delivers: transport !== null,

    async enqueue(mail, trx = db) {
      const to = cleanAddresses(mail.to);
      const cc = cleanAddresses(mail.cc ?? []).filter((a) => !to.includes(a));
      return insertOutboxMessage(trx, {
        account_id: mail.accountId ?? null,
        category: mail.category,
        template: mail.template,
        to_addresses: to,
        cc_addresses: cc,
        // CR/LF never reach a header
        subject: mail.subject
          .replace(/[\r\n]+/g, ' ')
          .trim()
          .slice(0, 300),
        text_body: mail.text,
        message_id: `<${randomUUID()}@${messageIdDomain}>`,
        in_reply_to: mail.inReplyTo ?? null,
        reply_to: mail.replyTo ? cleanAddresses([mail.replyTo])[0] : null,
        ticket_id: mail.ticketId ?? null,
      });
    },

    async sendNow(id, trx = db) {
      if (!transport) return true;
      const row = await claimMessage(trx, id);
      if (!row) return false;
      try {
        await send(row);
        await markMessageSent(trx, row.id);
        return true;
      } catch (err) {
        // The person is told at once, so this message is not retried behind their back.
        await markFailure(row, err, false, trx);
        return false;
      }
    },

    async deliverDue(limit = 50) {
      const counts = { sent: 0, retried: 0, failed: 0 };
      if (!transport) return counts;
      const rows = await claimDueMessages(db, limit);
      // Side by side, on the transport's pooled connections; what went out is marked in one update.
      const sent: number[] = [];
      await Promise.all(
        rows.map(async (row) => {
          try {
            await send(row);
            sent.push(row.id);
          } catch (err) {
            counts[await markFailure(row, err, true)]++;
          }
        }),
      );
      if (sent.length) await markMessageSent(db, sent);
      counts.sent = sent.length;
      return counts;
    },
  };
}
