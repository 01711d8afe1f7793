import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';
import { SANDBOX_INTEGRATIONS } from '../store/sandbox-seed.ts';
import { openStore } from '../store/store.ts';
import { closeOnSignals, startServer } from '../server.ts';

/** Loads the configuration, or ends the process with the one-line reason. */
function configOrExit() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command('connector-messaging')
  .description('A server for the Connector API\'s customer messaging, and the tools to run it.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the server (what `npm start` runs); configured by environment variables, see the README.')
  .action(async () => {
    const config = configOrExit();
    const starting = startServer(config);
    closeOnSignals(starting);
    const server = await starting;
    if (config.MODE !== 'production') {
      server.app.log.info(
        { mode: config.MODE, url: server.url, integrations: SANDBOX_INTEGRATIONS.map((i) => i.name) },
        `sandbox ready at ${server.url}: the public demo credentials work as published (see the README)`,
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

await program.parseAsync(process.argv);
