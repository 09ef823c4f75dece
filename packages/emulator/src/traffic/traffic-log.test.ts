import { describe, expect, it } from 'vitest';
import { TrafficLog, type TrafficRecordInput } from './traffic-log.js';

const request = (index: number): TrafficRecordInput => ({
  startedAt: Date.UTC(2026, 0, 1, 0, 0, index),
  direction: 'inbound',
  kind: 'external-object',
  method: 'patch',
  url: `http://127.0.0.1/v1/external/object?n=${index}`,
  status: 200,
  durationMs: 1.234,
  requestHeaders: { authorization: `Bearer secret_token_${index}`, 'notion-version': '2022-06-28' },
  requestBody: { uri: 'https://acme.com/1', access_token: `secret_token_${index}` },
  responseBody: '{"object":"external_object"}',
  responseContentType: 'application/json',
});

describe('TrafficLog', () => {
  it('hands out every entry masked, in order, however long after it was recorded', () => {
    const log = new TrafficLog();
    log.record(request(1));
    const [first] = log.list();
    log.record(request(2));
    const entries = log.list();
    expect(entries[0]).toBe(first); // masked once, then kept
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2]);
    expect(entries[1]).toMatchObject({
      method: 'PATCH',
      durationMs: 1.2,
      at: '2026-01-01T00:00:02.000Z',
      requestHeaders: { authorization: 'Bearer [REDACTED]', 'notion-version': '2022-06-28' },
      requestBody: { uri: 'https://acme.com/1', access_token: '[REDACTED]' },
      responseBody: { object: 'external_object' },
    });
    expect(JSON.stringify(entries)).not.toContain('secret_token');
  });

  it('keeps the newest `capacity` entries', () => {
    const log = new TrafficLog(3);
    for (let index = 1; index <= 5; index++) log.record(request(index));
    expect(log.list().map((entry) => entry.seq)).toEqual([3, 4, 5]);
    log.clear();
    expect(log.list()).toEqual([]);
  });
});
