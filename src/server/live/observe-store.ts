import type { Store } from '../../store/index.js';
import type { LiveBus } from './bus.js';

/**
 * A Store that publishes committed points and appended events on the bus. Wrapping the store keeps
 * the engines free of any server concern: the pipeline writes through it without knowing.
 */
export function observeStore(store: Store, bus: LiveBus): Store {
  const writePoints: Store['writePoints'] = async (batch) => {
    const result = await store.writePoints(batch);
    if (batch.length > 0) bus.publishPoints(batch);
    return result;
  };
  const appendEvent: Store['appendEvent'] = async (input) => {
    const event = await store.appendEvent(input);
    bus.publishEvent(event);
    return event;
  };
  const commitIngest: Store['commitIngest'] = async (batch) => {
    const result = await store.commitIngest(batch);
    if (batch.points.length > 0) bus.publishPoints(batch.points);
    for (const e of result.events) bus.publishEvent(e);
    return result;
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'writePoints') return writePoints;
      if (prop === 'commitIngest') return commitIngest;
      if (prop === 'appendEvent') return appendEvent;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
