import cluster from 'node:cluster';
import { Command } from 'commander';
import { startPrimary, startWorker } from '../cluster.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { SANDBOX_INTEGRATIONS } from '../store/sandbox-seed.ts';
import { closeOnSignals, openConfiguredStore, processLogger, startServer } from '../server.ts';

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
  .option('--workers <count>', 'server processes sharing the port (overrides WORKERS)')
  .action(async (options: { workers?: string }) => {
    // Through the environment, so that the workers the primary forks read the same configuration.
    if (options.workers !== undefined) process.env.WORKERS = options.workers;
    const config = configOrExit();
    if (cluster.isWorker) return startWorker(config);
    let url: string;
    if (config.WORKERS > 1) {
      url = (await startPrimary(config)).url;
    } else {
      const server = await startServer(config);
      closeOnSignals(server);
      url = server.url;
    }
    if (config.MODE !== 'production') {
      processLogger(config).info(
        { mode: config.MODE, url, integrations: SANDBOX_INTEGRATIONS.map((i) => i.name) },
        `sandbox ready at ${url}: the public demo credentials work as published (see the README)`,
      );
    }
  });

program
  .command('migrate')
  .description('Bring the database named by DATABASE_URL up to date, then exit.')
  .action(async () => {
    const config = configOrExit();
    const store = openConfiguredStore(config);
    try {
      await store.migrate();
      process.stdout.write('Database is up to date.\n');
    } finally {
      await store.close();
    }
  });

await program.parseAsync(process.argv);
