/** `letterEvent` notices: strict parsing and per-topic delivery. */
import { describe, expect, it, vi } from 'vitest';
import { createLetterEventBus, parseLetterEvent } from '../../../client/src/sync/letterEvents';

describe('parseLetterEvent', () => {
  it('reads the known topics', () => {
    expect(parseLetterEvent('{"topic":"checklist"}')).toBe('checklist');
    expect(parseLetterEvent('{"topic":"case","extra":1}')).toBe('case');
  });

  it.each(['', 'not json', 'null', '"case"', '{"topic":"body"}', '{"topic":3}', '[]'])('ignores %j', (payload) => {
    expect(parseLetterEvent(payload)).toBeNull();
  });
});

describe('createLetterEventBus', () => {
  it('calls only the listeners of the published topic, until they unsubscribe', () => {
    const bus = createLetterEventBus();
    const onCase = vi.fn();
    const onChecklist = vi.fn();
    const stop = bus.subscribe('case', onCase);
    bus.subscribe('checklist', onChecklist);
    bus.publish('case');
    expect(onCase).toHaveBeenCalledTimes(1);
    expect(onChecklist).not.toHaveBeenCalled();
    stop();
    bus.publish('case');
    expect(onCase).toHaveBeenCalledTimes(1);
  });

  it('tells every topic after a reconnect, and nothing once cleared', () => {
    const bus = createLetterEventBus();
    const seen: string[] = [];
    bus.subscribe('letter', () => seen.push('letter'));
    bus.subscribe('members', () => seen.push('members'));
    bus.publishAll();
    expect(seen.sort()).toEqual(['letter', 'members']);
    bus.clear();
    bus.publishAll();
    expect(seen).toHaveLength(2);
  });
});
