import { describe, expect, it } from 'vitest';
import { isUnread } from '../../src/domain/inbox.ts';

describe('isUnread: news for a staff member', () => {
  it('is a thread they never opened, with or without messages', () => {
    expect(isUnread({ readPosition: null, lastMessagePosition: null })).toBe(true);
    expect(isUnread({ readPosition: null, lastMessagePosition: 7 })).toBe(true);
  });

  it('is a message newer than the newest they saw', () => {
    expect(isUnread({ readPosition: 7, lastMessagePosition: 8 })).toBe(true);
    expect(isUnread({ readPosition: 0, lastMessagePosition: 1 })).toBe(true);
  });

  it('is not a thread read up to its last message, nor an empty one opened', () => {
    expect(isUnread({ readPosition: 7, lastMessagePosition: 7 })).toBe(false);
    expect(isUnread({ readPosition: 0, lastMessagePosition: null })).toBe(false);
  });
});
