/*
 * The stack's floor (bench/floor.ts starts this as its own process): Express 5, express-session with
 * connect-pg-simple, pg and EJS, as Cuentas uses them, with none of Cuentas' own code. Four routes:
 * /healthz; /page, two prepared statements and a 5 KB render; /signed-in, the same behind a real
 * session row (its statement instead of the first); /write, a JSON body, a bearer token's statement
 * and a transaction of six statements; /list, a token's statement and 40 rows as JSON. And an SMTP listener (smtp-server) that parses each message
 * with mailparser and stores it with one statement.
 */
import express from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import ejs from 'ejs';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';

const databaseUrl = process.env.DATABASE_URL!;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

const render = ejs.compile(
  `<!doctype html><html lang="es"><head><meta charset="utf-8"><title><%= title %></title></head>
<body><header><nav><a href="/">Inicio</a> <a href="/tickets">Tickets</a> <a href="/invoices">Facturas</a></nav></header>
<main><h1><%= title %></h1><ul><% for (const row of rows) { %>
<li><a href="/tickets/<%= row.n %>"><%= row.label %></a> <time><%= row.at.toISOString().slice(0, 10) %></time></li><% } %>
</ul></main><footer>Cuentas</footer></body></html>`,
);

const WHO = { name: 'floor-who', text: `SELECT $1::int AS id, 'Propietaria' AS name, now() AS seen_at` };
const ROWS = {
  name: 'floor-rows',
  text: `SELECT g AS n, 'Ticket de prueba número ' || g AS label, now() - make_interval(mins => g) AS at
           FROM generate_series(1, 40) g`,
};
const TOKEN = { name: 'floor-token', text: `SELECT $1::text AS token, 1 AS account_id` };
const MAIL = {
  name: 'floor-mail',
  text: `INSERT INTO floor_mail (message_id, sender, subject, body) VALUES ($1, $2, $3, $4)`,
};
const INSERT = { name: 'floor-insert', text: `INSERT INTO floor_rows (account_id, body) VALUES ($1, $2) RETURNING id` };

/** The rows and the render; `who` is read first unless a session row already said who this is. */
async function page(res: express.Response, userId: number, readWho: boolean): Promise<void> {
  const name = readWho ? (await pool.query({ ...WHO, values: [userId] })).rows[0].name : `usuario ${userId}`;
  const rows = await pool.query(ROWS);
  res.type('html').send(render({ title: `Panel de ${name}`, rows: rows.rows }));
}

const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => {
  res.type('text').send('ok');
});
app.get('/page', async (_req, res) => page(res, 1, true));
app.get('/list', async (req, res) => {
  const token = await pool.query({ ...TOKEN, values: [req.headers.authorization ?? ''] });
  const rows = await pool.query(ROWS);
  res.json({ account: token.rows[0].account_id, data: rows.rows });
});
app.put('/write/:n', express.json(), async (req, res) => {
  const token = await pool.query({ ...TOKEN, values: [req.headers.authorization ?? ''] });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < 6; i++)
      await client.query({
        ...INSERT,
        values: [token.rows[0].account_id, JSON.stringify({ n: req.params.n, i, ...req.body })],
      });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  res.status(201).json({ number: req.params.n, ...req.body });
});

const PgStore = connectPgSimple(session);
app.use(
  session({
    secret: 'floor',
    store: new PgStore({
      pool,
      tableName: 'session',
      createTableIfMissing: false,
      disableTouch: true,
      pruneSessionInterval: false,
    }),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  }),
);
app.post('/sign-in', (req, res, next) => {
  (req.session as unknown as { userId: number }).userId = 1;
  req.session.save((err) => (err ? next(err) : res.status(204).end()));
});
// Two statements again: the session row (Cuentas reads the user in the same statement) and the rows.
app.get('/signed-in', async (req, res) => page(res, (req.session as unknown as { userId: number }).userId, false));

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (mail) =>
        pool
          .query({
            ...MAIL,
            values: [
              mail.messageId ?? '',
              session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              mail.subject ?? '',
              mail.text ?? '',
            ],
          })
          .then(() => callback(), callback),
      callback,
    );
  },
});

async function main(): Promise<void> {
  await pool.query(
    'CREATE TABLE IF NOT EXISTS floor_rows (id bigserial PRIMARY KEY, account_id int NOT NULL, body jsonb NOT NULL)',
  );
  await pool.query(
    'CREATE TABLE IF NOT EXISTS floor_mail (id bigserial PRIMARY KEY, message_id text NOT NULL, sender text NOT NULL, subject text NOT NULL, body text NOT NULL)',
  );
  await new Promise<void>((resolve) => smtp.listen(Number(process.env.SMTP_PORT), '127.0.0.1', resolve));
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
  process.on('SIGTERM', () => {
    smtp.close(() => server.close(() => void pool.end().then(() => process.exit(0))));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
