import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatNumber } from './format';

describe('locale formatting', () => {
  it('groups digits by locale', () => {
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'ja')).toBe('1,234,567.5');
    expect(formatNumber(0.25, 'ja', { style: 'percent' })).toBe('25%');
  });

  it('shows sizes in binary units', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(104_857_600, 'ja')).toBe('100 MB');
  });

  it('writes dates the way each language does', () => {
    const t = Date.UTC(2026, 10, 23, 12, 5); // 23 November in every zone from UTC-11 to UTC+11;
    expect(formatDateTime(t, 'ja')).toMatch(/^2026\/11\/23 \d{1,2}:05$/);
    expect(formatDateTime(t, 'en')).toMatch(/^Nov 23, 2026, \d{1,2}:05\s?(AM|PM)$/);
  });
});
