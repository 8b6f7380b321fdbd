import http from 'node:http';
import type net from 'node:net';
import { buildTestApp, type TestApp } from '../helpers/app';
import { connectSmtp, openData } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';
import { fileRawMail } from '../../src/services/inbound-filing';

/** Issue 10 item 2: what an unauthenticated client can make the inbound paths hold. */

const SUPPORT = 'ayuda@cuentas.example';
const TOKEN = 'a-long-inbound-token-for-the-tests-0123456789';
const MB = 1024 * 1024;
/** The listener counts a connection out just after its socket closes. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
let t: TestApp;
let smtp: InboundSmtp;

beforeAll(async () => {
  t = await buildTestApp({ env: { INBOUND_MAIL_TOKEN: TOKEN, INBOUND_MAX_BYTES: String(MB) } });
  smtp = await startTestInbound(t, {
    maxBytes: 10 * MB,
    file: (raw) => fileRawMail(t.deps, raw),
    maxClients: 20,
    maxClientsPerAddress: 3,
    idleMs: 1000,
  });
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe('the SMTP listener', () => {
  /** Streams a message of `total` bytes (the test itself holds 1 MB) and returns the reply to its end. */
  async function stream(total: number, onChunk: () => void = () => undefined): Promise<string> {
    const client = await connectSmtp(smtp.port);
    try {
      await openData(client, 'grande@fuera.test', SUPPORT);
      const chunk = Buffer.from(`${'x'.repeat(998)}\r\n`.repeat(MB / 1000));
      await client.write(`From: grande@fuera.test\r\nTo: ${SUPPORT}\r\nSubject: grande\r\n\r\n`);
      for (let sent = 0; sent < total; sent += chunk.length) {
        await client.write(chunk);
        onChunk();
      }
      await client.write('\r\n.\r\n');
      const answer = await client.reply();
      // The connection is still usable after the refusal.
      expect(await client.command('RSET')).toMatch(/^250/);
      return answer;
    } finally {
      client.end();
      await client.closed;
      await settle();
    }
  }

  it('takes a 200 MB message without keeping it: 552 at the end, RSS within 30 MB of where it was', async () => {
    // A first oversized message brings the process's heap to its working size; then the measure.
    expect(await stream(20 * MB)).toMatch(/^552/);
    const rss = () => process.memoryUsage().rss;
    const before = rss();
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, rss())), 10);
    try {
      expect(await stream(200 * MB, () => (peak = Math.max(peak, rss())))).toMatch(/^552/);
    } finally {
      clearInterval(sample);
    }
    peak = Math.max(peak, rss());
    expect((peak - before) / MB).toBeLessThan(30);
    expect(await t.db('inbound_messages').where({ from_email: 'grande@fuera.test' }).first()).toBeUndefined();
  }, 120_000);

  it('caps the connections of one client address (421 past the cap) and frees them on close', async () => {
    const open = await Promise.all([1, 2, 3].map(() => connectSmtp(smtp.port)));
    for (const c of open) expect(await c.reply()).toMatch(/^220/);
    const fourth = await connectSmtp(smtp.port);
    expect(await fourth.reply()).toMatch(/^421/);
    await fourth.closed;
    open[0].end();
    await open[0].closed;
    await settle();
    const again = await connectSmtp(smtp.port);
    expect(await again.reply()).toMatch(/^220/);
    for (const c of [again, ...open.slice(1)]) c.end();
    await Promise.all([again, ...open.slice(1)].map((c) => c.closed));
    await settle();
  });

  it('closes a connection that stays idle', async () => {
    const idle = await connectSmtp(smtp.port);
    expect(await idle.reply()).toMatch(/^220/);
    const started = Date.now();
    expect(await idle.reply()).toMatch(/^421/);
    await idle.closed;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('POST /inbound/mail', () => {
  it('answers 413 to a body over INBOUND_MAX_BYTES, as a response and not a reset', async () => {
    const server: http.Server = await new Promise((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { port } = server.address() as net.AddressInfo;
      const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/inbound/mail',
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            'Content-Type': 'message/rfc822',
            'Content-Length': String(5 * MB),
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        const piece = Buffer.alloc(64 * 1024, 'x');
        let written = 0;
        const pump = () => {
          while (written < 5 * MB) {
            written += piece.length;
            if (!req.write(piece)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toEqual({ error: 'too_large' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
