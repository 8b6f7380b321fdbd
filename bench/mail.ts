/* Mail throughput: inbound SMTP filed as tickets, and the outbox delivered to a local SMTP sink. */
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../src/db/knex';
import { cpuMs, freePort, rssMb, startWorker, stopProcess } from './processes';

export interface Throughput {
  messages: number;
  perSecond: number;
  failed: number;
  /** The worker's resident memory at the end (outbox only). */
  rss?: number;
  /** CPU time of the process doing the work (the app; the worker), in µs per message. */
  cpu?: number;
}

const INBOUND_SENDERS = 5;

/**
 * The MX in front of the listener, as in production: it checked SPF/DKIM/DMARC and says so in its
 * own Authentication-Results (the app believes that host only; see startApp's INBOUND_AUTHSERV_ID).
 */
export const BENCH_MX = 'mx.bench.example';

const INBOUND_ENVELOPE = { from: 'facturacion@abc.example', to: 'ayuda@cuentas.example' };
const NUMBER = 'BENCHNUMBER';

/**
 * The message the senders relay, as nodemailer composes it, with each message's number filled in
 * (subject, text, Message-ID). An MX relays the bytes it received; composing the MIME message in
 * the timed loop measured the benchmark's own composer, on the same two cores as the app.
 */
async function composedMessage(started: number): Promise<(n: number) => string> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const { message } = await composer.sendMail({
    ...INBOUND_ENVELOPE,
    subject: `Consulta ${NUMBER}`,
    text: `Mensaje de prueba número ${NUMBER}.`,
    messageId: `<bench-${NUMBER}-${started}@bench.example>`,
    headers: {
      'Authentication-Results': `${BENCH_MX}; spf=pass smtp.mailfrom=facturacion@abc.example; dmarc=pass header.from=abc.example`,
    },
  });
  const parts = (message as Buffer).toString('utf8').split(NUMBER);
  if (parts.length !== 4) throw new Error('the benchmark message should carry its number three times');
  return (n) => parts.join(String(n));
}

/**
 * Relays the composed message to an SMTP listener with INBOUND_SENDERS senders for `seconds`, over
 * nodemailer's pooled connections, as an MX does. `started` tells this run's Message-IDs apart.
 */
export async function relayMessages(
  port: number,
  seconds: number,
): Promise<{ started: number; accepted: number; failed: number; elapsed: number }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: INBOUND_SENDERS,
  });
  const started = Date.now();
  const message = await composedMessage(started);
  // The clock starts once the message is composed.
  const clock = Date.now();
  const end = clock + seconds * 1000;
  let accepted = 0;
  let failed = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: INBOUND_SENDERS }, async () => {
      while (Date.now() < end) {
        n += 1;
        try {
          await transport.sendMail({ envelope: INBOUND_ENVELOPE, raw: message(n) });
          accepted += 1;
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (Date.now() - clock) / 1000;
  transport.close();
  return { started, accepted, failed, elapsed };
}

/**
 * Mail from an authorized demo address to the app's SMTP listener (relayMessages), each message
 * vouched for by the MX in front, so it is filed as a ticket (not held).
 */
export async function measureInbound(db: Db, port: number, seconds: number, appPid?: number): Promise<Throughput> {
  const cpuBefore = cpuMs(appPid);
  const { started, accepted, failed, elapsed } = await relayMessages(port, seconds);
  const cpu = cpuMs(appPid) - cpuBefore;
  // Accepted is not filed: count the messages that became tickets; the rest (held, refused) are unexpected.
  const row = await db('inbound_messages')
    .where('status', 'filed')
    .whereLike('message_id', `<bench-%-${started}@bench.example>`)
    .count<{ n: string }[]>('* as n')
    .first();
  const tickets = Number(row?.n ?? 0);
  return {
    messages: tickets,
    perSecond: tickets / elapsed,
    failed: failed + (accepted - tickets),
    cpu: (cpu * 1000) / accepted,
  };
}

/** An SMTP server that accepts everything and notes when each message arrived. */
async function startSink(): Promise<{ port: number; arrivals: number[]; close(): Promise<void> }> {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // A relay on the same host would not look its client up in DNS for every connection.
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        arrivals.push(Date.now());
        callback();
      });
      stream.resume();
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Queues `count` messages (besides whatever the other runs queued), starts `npm run worker`'s
 * process against a local SMTP sink and counts deliveries from the first one on, until the outbox
 * is empty or `seconds` have passed. Failed = deliveries the worker recorded an error for.
 */
export async function measureOutbox(
  db: Db,
  databaseUrl: string,
  count: number,
  seconds: number,
  nodeArgs: string[] = [],
): Promise<Throughput> {
  await db.raw(
    `INSERT INTO mail_outbox (category, template, to_addresses, subject, text_body, message_id)
     SELECT 'general', 'bench', ARRAY['destino' || g || '@bench.example'], 'Aviso ' || g,
            'Mensaje de prueba número ' || g || '.', '<outbox-' || g || '-' || extract(epoch FROM now()) || '@bench.example>'
       FROM generate_series(1, ?) g`,
    [count],
  );
  const pending = async () =>
    Number((await db.raw(`SELECT count(*) AS n FROM mail_outbox WHERE status IN ('pending', 'sending')`)).rows[0].n);
  const sink = await startSink();
  const worker = await startWorker(databaseUrl, sink.port, nodeArgs);
  let rss: number;
  let cpu: number;
  let counted: number;
  try {
    // The worker polls every 2 s: the clock starts at the first delivery.
    await waitFor(async () => sink.arrivals.length > 0, 10_000);
    const cpuBefore = cpuMs(worker.pid);
    const first = sink.arrivals.length;
    const end = Date.now() + seconds * 1000;
    await waitFor(async () => Date.now() >= end || (await pending()) === 0, seconds * 1000 + 5_000);
    cpu = cpuMs(worker.pid) - cpuBefore;
    counted = sink.arrivals.length - first;
    rss = rssMb(worker.pid);
  } finally {
    await stopProcess(worker);
    await sink.close();
  }
  const failed = Number((await db.raw(`SELECT count(*) AS n FROM mail_outbox WHERE last_error <> ''`)).rows[0].n);
  const delivered = sink.arrivals.length;
  const span = ((sink.arrivals[delivered - 1] ?? 0) - (sink.arrivals[0] ?? 0)) / 1000;
  return {
    messages: delivered,
    perSecond: delivered > 1 && span > 0 ? (delivered - 1) / span : 0,
    failed,
    rss,
    cpu: (cpu * 1000) / counted,
  };
}
