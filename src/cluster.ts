import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabaseServer } from './db/database';
import { createDb } from './db/knex';
import { prepareDatabase, startupBanner } from './startup';

/** How long the web processes get to drain after SIGTERM before they are killed (they cut off at 10 s). */
const STOP_GRACE_MS = 15_000;
/** A web process that dies is replaced after this pause, so a crash loop does not spin. */
const RESPAWN_DELAY_MS = 1000;

/**
 * WEB_CONCURRENCY > 1: this process is the primary of a node:cluster and serves nothing itself.
 * It opens the database server (the embedded one in development), prepares the schema and demo
 * data once, then forks that many web processes (src/server.ts) sharing the port: the primary
 * accepts each connection and hands it to one of them in turn. A web process that dies is
 * replaced; SIGTERM or SIGINT is passed on to every web process, each drains its requests, and the
 * primary stops the embedded database and exits once all of them have.
 */
export async function runWebCluster(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabaseServer(config, (message) => logger.info(message));
  const db = createDb(database.url);
  try {
    await prepareDatabase(config, logger, db);
  } finally {
    await db.destroy();
  }

  // config.ts reads the database from the environment; the web processes use the primary's.
  const env = { DATABASE_URL: database.url };
  const listened = new WeakSet<Worker>();
  let stopping = false;
  let bannerShown = false;

  function fork(): void {
    const worker = cluster.fork(env);
    worker.on('listening', () => {
      listened.add(worker);
      const ready = Object.values(cluster.workers ?? {}).filter((w) => w && listened.has(w)).length;
      if (!bannerShown && ready >= config.webConcurrency) {
        bannerShown = true;
        console.log(startupBanner(config));
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      if (!listened.has(worker)) {
        // It never started (bad configuration, database refused): more of the same would not help.
        logger.error({ pid: worker.process.pid, code, signal }, 'a web process failed to start');
        void stop('SIGTERM', 1);
        return;
      }
      logger.warn({ pid: worker.process.pid, code, signal }, 'a web process stopped; starting another');
      setTimeout(() => {
        if (!stopping) fork();
      }, RESPAWN_DELAY_MS);
    });
  }

  async function stop(signal: NodeJS.Signals, exitCode = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the web processes');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const force = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            worker.process.kill(signal);
          }),
      ),
    );
    await database.stop();
    process.exit(exitCode);
  }

  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  for (let i = 0; i < config.webConcurrency; i++) fork();
}
