import { Command } from 'commander';
import { SANDBOX_ADMIN_TOKEN } from '../config/config.ts';
import { ADMIN_PREFIX } from '../http/admin/index.ts';
import { SANDBOX_INTEGRATIONS } from '../store/sandbox-seed.ts';
import { openStore } from '../store/store.ts';
import { adminCommands } from './admin/index.ts';
import { configOrExit } from './config-or-exit.ts';

const program = new Command('connector-messaging')
  .description('A server for the Connector API\'s customer messaging, and the tools to run it.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the server (what `npm start` runs); configured by environment variables, see the README.')
  .action(async () => {
    const config = configOrExit();
    // Loaded here only: the other commands start faster without the HTTP server.
    const { closeOnSignals, startServer } = await import('../server.ts');
    const server = await startServer(config);
    closeOnSignals(server);
    if (config.MODE !== 'production') {
      server.app.log.info(
        { mode: config.MODE, url: server.url, integrations: SANDBOX_INTEGRATIONS.map((i) => i.name) },
        `sandbox ready at ${server.url}: the public demo credentials work as published (see the README)`,
      );
    }
    if (config.ADMIN_TOKEN === undefined) {
      // The sandbox's admin token is public like the demo credentials; a configured one is never printed.
      server.app.log.info(
        config.MODE === 'production'
          ? 'admin API disabled: set ADMIN_TOKEN to enable it'
          : `admin API at ${server.url}${ADMIN_PREFIX}/ with the sandbox token: Authorization: Bearer ${SANDBOX_ADMIN_TOKEN}`,
      );
    }
  });

program
  .command('migrate')
  .description('Bring the database named by DATABASE_URL up to date, then exit.')
  .action(async () => {
    const config = configOrExit();
    const store = openStore({ url: config.DATABASE_URL, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
    try {
      await store.migrate();
      process.stdout.write('Database is up to date.\n');
    } finally {
      await store.close();
    }
  });

program.addCommand(adminCommands());

await program.parseAsync(process.argv);
