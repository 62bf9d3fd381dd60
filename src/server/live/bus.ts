/**
 * The in-process live bus: stores observed by `observeStore` publish what they commit, and the SSE
 * route fans it out. Listeners run synchronously after the commit; they must not throw or block.
 */
import type { XEvent } from '../../core/index.js';
import type { PointWrite } from '../../store/index.js';

export interface LiveBus {
  publishPoints(points: readonly PointWrite[]): void;
  publishEvent(event: XEvent): void;
  onPoints(listener: (points: readonly PointWrite[]) => void): () => void;
  onEvent(listener: (event: XEvent) => void): () => void;
}

export function createLiveBus(): LiveBus {
  const pointListeners = new Set<(points: readonly PointWrite[]) => void>();
  const eventListeners = new Set<(event: XEvent) => void>();
  return {
    publishPoints(points) {
      for (const l of pointListeners) l(points);
    },
    publishEvent(event) {
      for (const l of eventListeners) l(event);
    },
    onPoints(l) {
      pointListeners.add(l);
      return () => pointListeners.delete(l);
    },
    onEvent(l) {
      eventListeners.add(l);
      return () => eventListeners.delete(l);
    },
  };
}
