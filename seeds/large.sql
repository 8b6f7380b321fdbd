-- The platform-sized data set (npm run db:seed:large; seeds/large.ts runs it step by step).
-- Generated in SQL with generate_series, on an empty, migrated database. Sizes come from settings
-- that seeds/large.ts sets first (SET large.accounts = '10000' …):
--   large.accounts              customer accounts
--   large.resellers             resellers they are spread over
--   large.users_per_account     portal users (1 owner, 2 admins, members), each with a contact
--   large.contacts_per_account  contacts, the users' own included
--   large.tickets_per_account   tickets, two messages each (a tenth still open)
--   large.invoices_per_account  invoices (one unpaid, one overdue), one item each
--   large.password_hash         bcrypt of the password every generated login shares
-- Everything is deterministic: the owner of customer account i signs in as owner@c<i>.example, the
-- helpdesk agent as soporte@plataforma.example.

-- step: platform, staff, resellers and partners
INSERT INTO accounts (kind, name, realm, enabled_sections)
VALUES ('platform', 'Plataforma', 'plataforma.example', '{}');

INSERT INTO users (email, first_name, last_name, department, password_hash)
VALUES ('soporte@plataforma.example', 'Sofía', 'Navarro', 'Mesa de ayuda', current_setting('large.password_hash')),
       ('admin@plataforma.example', 'Pablo', 'Herrera', 'Plataforma', current_setting('large.password_hash'));

INSERT INTO memberships (user_id, account_id, role, accepted_at)
SELECT u.id, a.id, CASE WHEN u.email LIKE 'admin@%' THEN 'owner' ELSE 'member' END, now()
FROM users u CROSS JOIN accounts a
WHERE a.realm = 'plataforma.example' AND u.email LIKE '%@plataforma.example';

INSERT INTO accounts (kind, parent_id, name, realm, enabled_sections,
                      pool_inbound_trunks, pool_outbound_trunks, pool_twoway_trunks)
SELECT 'reseller', p.id, 'Revendedor ' || lpad(r::text, 2, '0'), 'r' || r || '.plataforma.example',
       '{profile,contacts,users,services,invoices,tickets,emails,support_contacts,telephony}', 100000, 100000, 50000
FROM accounts p CROSS JOIN generate_series(1, current_setting('large.resellers')::int) r
WHERE p.realm = 'plataforma.example';

CREATE TEMP TABLE large_resellers AS
SELECT (regexp_match(realm, '^r(\d+)\.'))[1]::int AS n, id, realm FROM accounts WHERE kind = 'reseller';

INSERT INTO users (email, first_name, last_name, password_hash)
SELECT 'socio@r' || r.n || '.example', 'Socio', 'Revendedor ' || r.n, current_setting('large.password_hash')
FROM large_resellers r;

INSERT INTO memberships (user_id, account_id, role, accepted_at)
SELECT u.id, r.id, 'owner', now() FROM large_resellers r JOIN users u ON u.email = 'socio@r' || r.n || '.example';

-- step: customer accounts
INSERT INTO accounts (kind, parent_id, name, realm, enabled_sections, inbound_trunks, outbound_trunks,
                      twoway_trunks, city, country, phone, created_at)
SELECT 'customer', r.id, 'Cliente ' || lpad(i::text, 5, '0') || ' S.A.', 'c' || i || '.' || r.realm,
       '{profile,contacts,users,services,invoices,tickets,emails,support_contacts,telephony}', 2, 2, 1,
       (ARRAY['Monterrey','Guadalajara','Puebla','Querétaro','Mérida','León','Toluca','Tijuana'])[1 + i % 8], 'MX',
       '+52 55 5' || lpad((i % 10000000)::text, 7, '0'), now() - make_interval(days => i % 1000)
FROM generate_series(1, current_setting('large.accounts')::int) i
JOIN large_resellers r ON r.n = 1 + (i - 1) % current_setting('large.resellers')::int;

CREATE TEMP TABLE large_customers AS
SELECT (regexp_match(realm, '^c(\d+)\.'))[1]::int AS i, id FROM accounts WHERE kind = 'customer';
CREATE UNIQUE INDEX ON large_customers (i);
ANALYZE large_customers;

INSERT INTO credit_entries (account_id, amount_cents, note)
SELECT id, 50000, 'Saldo inicial' FROM large_customers;

-- step: users and memberships
INSERT INTO users (email, first_name, last_name, department, password_hash, created_at)
SELECT CASE WHEN k = 1 THEN 'owner' ELSE 'user' || k END || '@c' || c.i || '.example',
       (ARRAY['Ana','Luis','María','José','Carmen','Jorge','Lucía','Miguel','Elena','Pedro',
              'Sofía','Diego','Paula','Raúl','Laura','Andrés','Isabel','Tomás','Rosa','Héctor'])[1 + (c.i + k) % 20],
       (ARRAY['García','Martínez','López','Hernández','González','Pérez','Rodríguez','Sánchez','Ramírez','Cruz',
              'Flores','Gómez','Morales','Vázquez','Reyes','Jiménez','Torres','Díaz','Gutiérrez','Ruiz'])[1 + (c.i * 7 + k) % 20],
       (ARRAY['Dirección','Finanzas','Sistemas','Compras','Operaciones'])[1 + k % 5],
       current_setting('large.password_hash'), now() - make_interval(days => (c.i + k) % 900)
FROM large_customers c CROSS JOIN generate_series(1, current_setting('large.users_per_account')::int) k;

CREATE TEMP TABLE large_users AS
SELECT c.i, k, u.id, u.email, u.first_name, u.last_name
FROM large_customers c
CROSS JOIN generate_series(1, current_setting('large.users_per_account')::int) k
JOIN users u ON u.email = CASE WHEN k = 1 THEN 'owner' ELSE 'user' || k END || '@c' || c.i || '.example';
CREATE UNIQUE INDEX ON large_users (i, k);
ANALYZE large_users;

INSERT INTO memberships (user_id, account_id, role, permissions, accepted_at, invited_at)
SELECT u.id, c.id,
       CASE WHEN u.k = 1 THEN 'owner' WHEN u.k <= 3 THEN 'admin' ELSE 'member' END,
       CASE WHEN u.k <= 3 THEN '{}'::text[] WHEN u.k % 2 = 0 THEN '{tickets,services}'::text[]
            ELSE '{tickets,invoices,contacts}'::text[] END,
       now(), now()
FROM large_users u JOIN large_customers c ON c.i = u.i;

-- step: contacts
INSERT INTO contacts (account_id, user_id, first_name, last_name, company, email, phone, city, country,
                      email_types, authorization_status, created_at)
SELECT c.id, u.id,
       coalesce(u.first_name, (ARRAY['Ana','Luis','María','José','Carmen','Jorge','Lucía','Miguel','Elena','Pedro',
              'Sofía','Diego','Paula','Raúl','Laura','Andrés','Isabel','Tomás','Rosa','Héctor'])[1 + (c.i * 3 + n) % 20]),
       coalesce(u.last_name, (ARRAY['García','Martínez','López','Hernández','González','Pérez','Rodríguez','Sánchez',
              'Ramírez','Cruz','Flores','Gómez','Morales','Vázquez','Reyes','Jiménez','Torres','Díaz','Gutiérrez',
              'Ruiz'])[1 + (c.i + n * 7) % 20]),
       'Cliente ' || lpad(c.i::text, 5, '0') || ' S.A.',
       coalesce(u.email, 'contacto' || n || '@c' || c.i || '.example'),
       '+52 81 ' || lpad(((c.i * 131 + n) % 100000000)::text, 8, '0'),
       (ARRAY['Monterrey','Guadalajara','Puebla','Querétaro','Mérida','León','Toluca','Tijuana'])[1 + (c.i + n) % 8], 'MX',
       (ARRAY['{general}','{general,invoice}','{support}','{invoice}','{general,support,product}'])[1 + n % 5]::text[],
       CASE WHEN n % 50 = 0 THEN 'unverified' ELSE 'authorized' END,
       now() - make_interval(days => (c.i + n) % 900)
FROM large_customers c
CROSS JOIN generate_series(1, current_setting('large.contacts_per_account')::int) n
LEFT JOIN large_users u ON u.i = c.i AND u.k = n;

-- step: account numbers and services
INSERT INTO account_numbers (account_id, number, label)
SELECT c.id, (100000000 + c.i * 2 + j)::text, CASE j WHEN 0 THEN 'Principal' ELSE 'Sucursal' END
FROM large_customers c CROSS JOIN generate_series(0, 1) j;

CREATE TEMP TABLE large_numbers AS
SELECT c.i, j, n.id FROM large_customers c CROSS JOIN generate_series(0, 1) j
JOIN account_numbers n ON n.number = (100000000 + c.i * 2 + j)::text;
CREATE UNIQUE INDEX ON large_numbers (i, j);
ANALYZE large_numbers;

INSERT INTO services (account_id, account_number_id, name, status, next_due_date, price_cents)
SELECT c.id, n.id,
       (ARRAY['Troncal SIP','Número DID','Hosting Web','Correo empresarial','Dominio .mx'])[s],
       CASE WHEN s = 5 AND c.i % 7 = 0 THEN 'suspended' ELSE 'active' END,
       current_date + (c.i + s) % 30, 19900 * s
FROM large_customers c CROSS JOIN generate_series(1, 5) s
JOIN large_numbers n ON n.i = c.i AND n.j = s % 2;

-- step: invoices
INSERT INTO invoices (account_id, account_number_id, number, issued_on, due_on, total_cents, status)
SELECT c.id, n.id, 'F' || lpad(((c.i - 1) * current_setting('large.invoices_per_account')::int + m)::text, 9, '0'),
       current_date - (current_setting('large.invoices_per_account')::int - m) * 14,
       current_date - (current_setting('large.invoices_per_account')::int - m) * 14 + 15,
       50000 + ((c.i * 37 + m * 11) % 100000),
       CASE current_setting('large.invoices_per_account')::int - m WHEN 0 THEN 'unpaid' WHEN 1 THEN 'overdue' ELSE 'paid' END
FROM large_customers c
CROSS JOIN generate_series(1, current_setting('large.invoices_per_account')::int) m
JOIN large_numbers n ON n.i = c.i AND n.j = m % 2;

INSERT INTO invoice_items (invoice_id, description, amount_cents)
SELECT id, 'Servicios del periodo', total_cents FROM invoices;

-- step: tickets
-- Public numbers are unique across the platform: the first million tickets (g = 0 … 999,999) get six
-- digits, g × 7919 mod 10^6, a permutation (7919 shares no factor with 10^6), so they look random;
-- the rest get seven digits, as the app does once six-digit numbers run short (models/tickets.ts):
-- 10^6 + (g − 10^6) × 7919 mod (9 × 10^6).
INSERT INTO tickets (account_id, number, opened_by_user_id, requester_email, department, priority, status,
                     subject, account_number_id, source, created_at, updated_at, last_reply_at)
SELECT c.id,
       CASE WHEN g < 1000000 THEN lpad(((g * 7919) % 1000000)::text, 6, '0')
            ELSE (1000000 + ((g - 1000000) * 7919) % 9000000)::text END,
       u.id, u.email,
       (ARRAY['support','billing','sales'])[1 + t % 3],
       (ARRAY['low','medium','medium','high'])[1 + t % 4],
       CASE WHEN t % 10 = 0 THEN (ARRAY['open','answered','customer_reply','on_hold'])[1 + (t / 10) % 4] ELSE 'closed' END,
       (ARRAY['No hay tono en la troncal','Factura duplicada','Cambio de plan','Alta de número','Correo rebotado'])[1 + t % 5]
         || ' (' || t || ')',
       CASE WHEN t % 3 = 0 THEN NULL ELSE n.id END,
       CASE WHEN t % 4 = 0 THEN 'email' ELSE 'portal' END,
       now() - make_interval(hours => ((g * 37) % 17520)::int + 48),
       now() - make_interval(hours => ((g * 37) % 17520)::int),
       now() - make_interval(hours => ((g * 37) % 17520)::int)
FROM large_customers c
CROSS JOIN generate_series(1, current_setting('large.tickets_per_account')::int) t
CROSS JOIN LATERAL (SELECT (c.i - 1)::bigint * current_setting('large.tickets_per_account')::int + t - 1 AS g) numbered
JOIN large_users u ON u.i = c.i AND u.k = 1 + t % current_setting('large.users_per_account')::int
JOIN large_numbers n ON n.i = c.i AND n.j = t % 2;

-- step: ticket messages
INSERT INTO ticket_messages (ticket_id, author_user_id, author_email, author_name, author_kind, body, source, created_at)
SELECT t.id,
       CASE WHEN m = 1 THEN t.opened_by_user_id ELSE s.id END,
       CASE WHEN m = 1 THEN t.requester_email ELSE 'soporte@plataforma.example' END,
       CASE WHEN m = 1 THEN '' ELSE 'Sofía Navarro' END,
       CASE WHEN m = 1 THEN 'customer' ELSE 'staff' END,
       CASE WHEN m = 1
         THEN 'Buenos días: ' || t.subject || '. Desde ayer por la tarde lo vemos en todas las sucursales; '
              || 'adjuntamos el número de cuenta y quedamos atentos. Gracias.'
         ELSE 'Hola: revisamos el caso y aplicamos el cambio. Si vuelve a ocurrir, respondan a este mensaje '
              || 'con la hora aproximada y lo revisamos de inmediato. Saludos.' END,
       CASE WHEN m = 1 THEN t.source ELSE 'staff' END,
       CASE WHEN m = 1 THEN t.created_at ELSE t.last_reply_at END
FROM tickets t
CROSS JOIN generate_series(1, 2) m
CROSS JOIN (SELECT id FROM users WHERE email = 'soporte@plataforma.example') s;

-- step: ticket assignments
-- Of the open tickets, one in three is the helpdesk agent's («Mis tickets»), one in three the platform
-- admin's, the rest nobody's («Sin asignar»).
UPDATE tickets t SET assigned_user_id = u.id
FROM users u
WHERE t.status <> 'closed'
  AND u.email = CASE t.id % 3 WHEN 0 THEN 'soporte@plataforma.example' WHEN 1 THEN 'admin@plataforma.example' END;

-- step: held inbound mail
INSERT INTO inbound_messages (message_id, from_email, from_name, subject, body, status, hold_reason, account_id, received_at)
SELECT '<held-' || h || '@remitente.example>', 'desconocido' || h || '@remitente.example', 'Remitente ' || h,
       'Necesito ayuda con mi cuenta', 'Hola, no encuentro cómo cambiar mi plan.', 'held', 'unknown_sender',
       CASE WHEN h % 2 = 0 THEN c.id END, now() - make_interval(mins => h)
FROM generate_series(1, greatest(10, current_setting('large.accounts')::int / 20)) h
LEFT JOIN large_customers c ON c.i = 1 + h % current_setting('large.accounts')::int;

-- step: open sessions
-- One user in five signed in (20,000 at full size), so the session table is read as it is on a busy day.
INSERT INTO "session" (sid, sess, expire)
SELECT md5('large-session-' || u.id), json_build_object(
         'cookie', json_build_object('path', '/', 'httpOnly', true, 'sameSite', 'lax', 'originalMaxAge', 1800000),
         'userId', u.id, 'accountId', c.id, 'userVersion', 1,
         'createdAt', (extract(epoch FROM now()) * 1000)::bigint, 'lastSeenAt', (extract(epoch FROM now()) * 1000)::bigint),
       now() + interval '30 minutes'
FROM large_users u JOIN large_customers c ON c.i = u.i
WHERE u.k % 5 = 0;
