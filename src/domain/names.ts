import { InvalidParameterError } from './errors.ts';

export const MAX_NAME_LENGTH = 255;

/**
 * A display name as given by an operator, without surrounding white space.
 *
 * @throws InvalidParameterError naming `parameter` when nothing is left or it is longer than `MAX_NAME_LENGTH`.
 */
export function validName(value: string, parameter: string): string {
  const name = value.trim();
  if (name === '') throw new InvalidParameterError(parameter, 'must not be empty.');
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidParameterError(parameter, `must be at most ${MAX_NAME_LENGTH} characters long.`);
  }
  return name;
}
