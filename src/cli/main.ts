import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { packageFile } from '../package-files.ts';
import { adminCommands } from './admin/index.ts';
import { configOrExit } from './config-or-exit.ts';
import { listenCommand } from './listen.ts';
import { logsCommand } from './logs.ts';
import { faultCommands } from './fault.ts';
import { clockCommands } from './clock.ts';
import { replyCommand, sandboxCommands } from './sandbox.ts';
import { exitOnStartupFailure } from './startup-failure.ts';

// Each action loads what it needs when it runs, so that `--help` and usage errors answer at once.
const program = new Command('connector-messaging')
  .description('A server for the Connector API\'s customer messaging, and the tools to run it.')
  .version((JSON.parse(readFileSync(packageFile('../package.json'), 'utf8')) as { version: string }).version)
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the server (what `npm start` runs); configured by environment variables, see the README.')
  .option('--workers <count>', 'server processes sharing the port (overrides WORKERS)')
  .action(async (options: { workers?: string }) => {
    // Through the environment, so that the workers the primary forks read the same configuration.
    if (options.workers !== undefined) process.env.WORKERS = options.workers;
    const config = await configOrExit();
    const { closeOnSignals, processLogger, startServer } = await import('../server.ts');
    const { startPrimary, startWorker } = await import('../cluster.ts');
    if (cluster.isWorker) return startWorker(config).catch(exitOnStartupFailure);
    const [{ SANDBOX_APPLICATIONS }, { ADMIN_PREFIX }, { SANDBOX_ADMIN_TOKEN }] = await Promise.all([
      import('../store/sandbox-seed.ts'),
      import('../http/admin/index.ts'),
      import('../config/config.ts'),
    ]);
    let url: string;
    let log: { info(message: string): void; info(details: object, message: string): void };
    try {
      if (config.WORKERS > 1) {
        url = (await startPrimary(config)).url;
        log = processLogger(config);
      } else {
        const starting = startServer(config);
        closeOnSignals(starting);
        const server = await starting;
        url = server.url;
        log = server.app.log;
      }
    } catch (error) {
      return exitOnStartupFailure(error);
    }
    // A person at a terminal gets a short banner instead of the two lines below; a log collector keeps them.
    if (config.MODE !== 'production' && process.stdout.isTTY) {
      const { sandboxBanner } = await import('./banner.ts');
      const publicAdminToken = config.ADMIN_TOKEN === undefined ? SANDBOX_ADMIN_TOKEN : undefined;
      process.stdout.write(sandboxBanner({ url, mode: config.MODE, publicAdminToken }));
      return;
    }
    if (config.MODE !== 'production') {
      log.info(
        { mode: config.MODE, url, applications: SANDBOX_APPLICATIONS.map((a) => a.name) },
        `sandbox ready at ${url}: the public demo credentials work as published (see the README)`,
      );
    }
    if (config.ADMIN_TOKEN === undefined) {
      // The sandbox's admin token is public like the demo credentials; a configured one is never printed.
      log.info(
        config.MODE === 'production'
          ? 'admin API disabled: set ADMIN_TOKEN to enable it'
          : `admin API at ${url}${ADMIN_PREFIX}/ with the sandbox token: Authorization: Bearer ${SANDBOX_ADMIN_TOKEN}`,
      );
    }
  });

program
  .command('migrate')
  .description('Bring the database named by DATABASE_URL up to date, then exit.')
  .action(async () => {
    const config = await configOrExit();
    const [{ openStore }, { atStart }] = await Promise.all([import('../store/store.ts'), import('../database-start.ts')]);
    try {
      const store = await atStart(config, () => openStore({ url: config.DATABASE_URL, sqliteSynchronous: config.SQLITE_SYNCHRONOUS }));
      try {
        await atStart(config, () => store.migrate());
        process.stdout.write('Database is up to date.\n');
      } finally {
        await store.close();
      }
    } catch (error) {
      return exitOnStartupFailure(error);
    }
  });

program.addCommand(adminCommands());
program.addCommand(sandboxCommands());
program.addCommand(listenCommand());
program.addCommand(logsCommand());
program.addCommand(faultCommands());
program.addCommand(clockCommands());
replyCommand(program);

await program.parseAsync(process.argv);
