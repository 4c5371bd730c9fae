import { describe, expect, it, vi } from 'vitest';
import { generateInitialPassword } from './initialPassword';

describe('generateInitialPassword', () => {
  it('makes 16 characters without look-alikes, meeting the API minimum of 10', () => {
    const password = generateInitialPassword();
    expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
  });

  it('draws from crypto.getRandomValues, skipping bytes that would bias the choice', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
      const bytes = array as Uint8Array;
      // 255 is above the last whole multiple of 56 (224) and must be skipped; 0 is 'A', 1 'B'.
      bytes.fill(255);
      bytes[3] = 0;
      for (let i = 10; i < bytes.length; i++) bytes[i] = 1;
      return array;
    });
    try {
      expect(generateInitialPassword()).toBe('A' + 'B'.repeat(15));
    } finally {
      spy.mockRestore();
    }
  });

  it('differs from one call to the next', () => {
    expect(generateInitialPassword()).not.toBe(generateInitialPassword());
  });
});
