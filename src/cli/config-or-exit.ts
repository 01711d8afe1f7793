import { ConfigError, loadConfig, type Config } from '../config/config.ts';

/** Loads the configuration from the environment, or ends the process with the one-line reason (exit code 2). */
export function configOrExit(): Config {
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
