import type { Config } from '../config/config.ts';
import { EXIT_INVALID_CONFIGURATION } from './startup-failure.ts';

/**
 * Loads the configuration from the environment, or ends the process with the one-line reason (exit code 2, `EXIT_INVALID_CONFIGURATION`). The
 * configuration's schema library is loaded only here, so that `--help` and usage errors answer at once.
 */
export async function configOrExit(): Promise<Config> {
  const { ConfigError, loadConfig } = await import('../config/config.ts');
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_INVALID_CONFIGURATION);
    }
    throw error;
  }
}
