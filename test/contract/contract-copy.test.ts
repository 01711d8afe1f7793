import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../../shared/reference/', import.meta.url);

describe('the contract copy', () => {
  for (const file of ['CONTRACT.md', 'connector-messaging.openapi.yaml']) {
    it.skipIf(!existsSync(new URL(file, shared)))(`${file} matches the shared reference`, () => {
      const copy = readFileSync(new URL(`../../contract/${file}`, import.meta.url), 'utf8');
      expect(copy).toBe(readFileSync(new URL(file, shared), 'utf8'));
    });
  }
});
