import net from 'node:net';

/**
 * A bare SMTP client on a socket, for tests that do what mail libraries will not: stream a message
 * of any size without holding it, hold a connection open, or send bytes exactly as given.
 */
export interface RawSmtp {
  /** The next reply (multi-line replies joined), e.g. "250 OK". */
  reply(): Promise<string>;
  /** Sends a command line and returns the reply. */
  command(line: string): Promise<string>;
  /** Writes raw bytes, waiting for the socket to drain when it asks to. */
  write(chunk: Buffer | string): Promise<void>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  end(): void;
}

export async function connectSmtp(port: number): Promise<RawSmtp> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  let buffered = '';
  const replies: string[] = [];
  const waiting: ((reply: string) => void)[] = [];
  let partial: string[] = [];
  socket.on('data', (data: Buffer) => {
    buffered += data.toString('latin1');
    let index: number;
    while ((index = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, index);
      buffered = buffered.slice(index + 2);
      partial.push(line);
      if (line[3] === '-') continue;
      const reply = partial.join('\n');
      partial = [];
      const next = waiting.shift();
      if (next) next(reply);
      else replies.push(reply);
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const ready = replies.shift();
      if (ready !== undefined) return resolve(ready);
      waiting.push(resolve);
      void closed.then(() => reject(new Error('connection closed before a reply')));
      return undefined;
    });
  return {
    reply,
    async command(line) {
      socket.write(`${line}\r\n`);
      return reply();
    },
    write(chunk) {
      return new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new Error('connection closed'));
        if (socket.write(chunk)) return resolve();
        socket.once('drain', () => resolve());
        return undefined;
      });
    },
    closed,
    end: () => socket.end(),
  };
}

/** Greeting, EHLO, MAIL FROM, RCPT TO and DATA: ready for the message itself. */
export async function openData(smtp: RawSmtp, from: string, to: string): Promise<void> {
  for (const [line, code] of [
    [null, '220'],
    ['EHLO client.test', '250'],
    [`MAIL FROM:<${from}>`, '250'],
    [`RCPT TO:<${to}>`, '250'],
    ['DATA', '354'],
  ] as const) {
    const answer = line === null ? await smtp.reply() : await smtp.command(line);
    if (!answer.startsWith(code)) throw new Error(`${line ?? 'greeting'}: ${answer}`);
  }
}

/** Delivers one raw message over a new connection (dot-stuffed); returns the reply to its end. */
export async function deliverRaw(port: number, envelope: { from: string; to: string }, raw: string): Promise<string> {
  const smtp = await connectSmtp(port);
  try {
    await openData(smtp, envelope.from, envelope.to);
    const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    await smtp.write(body.endsWith('\r\n') ? body : `${body}\r\n`);
    await smtp.write('.\r\n');
    const answer = await smtp.reply();
    await smtp.command('QUIT').catch(() => '');
    return answer;
  } finally {
    smtp.end();
    await smtp.closed;
  }
}
