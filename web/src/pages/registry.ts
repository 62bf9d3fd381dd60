/**
 * The pages of the dashboard, one module per engine or job. A later engine (planning, ledger,
 * control, farm, fleet, anomalies) plugs in by adding one entry here and one module under pages/:
 * the nav, the router and code splitting follow from this list.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { MessageKey } from '../i18n/i18n.js';
import { OverviewPage } from './overview.js';

export interface PageDef {
  /** Hash path, e.g. `/quality`. */
  readonly path: string;
  /** Label in the nav and the document title. */
  readonly title: MessageKey;
  readonly component: ComponentType | LazyExoticComponent<ComponentType>;
}

export const PAGES: readonly PageDef[] = [
  // The overview is the landing page: bundled with the shell so it is usable on first load.
  { path: '/overview', title: 'nav.overview', component: OverviewPage },
  { path: '/telemetry', title: 'nav.telemetry', component: lazy(() => import('./telemetry.js')) },
  { path: '/process', title: 'nav.process', component: lazy(() => import('./process.js')) },
  { path: '/quality', title: 'nav.quality', component: lazy(() => import('./quality.js')) },
  { path: '/import', title: 'nav.import', component: lazy(() => import('./import.js')) },
  { path: '/planning', title: 'nav.planning', component: lazy(() => import('./planning.js')) },
  { path: '/staffing', title: 'nav.staffing', component: lazy(() => import('./staffing.js')) },
  { path: '/ledger', title: 'nav.ledger', component: lazy(() => import('./ledger.js')) },
  { path: '/anomalies', title: 'nav.anomalies', component: lazy(() => import('./anomalies.js')) },
  { path: '/fleet', title: 'nav.fleet', component: lazy(() => import('./fleet.js')) },
  { path: '/slotting', title: 'nav.slotting', component: lazy(() => import('./slotting.js')) },
  { path: '/maintenance', title: 'nav.maintenance', component: lazy(() => import('./maintenance.js')) },
  { path: '/runs', title: 'nav.runs', component: lazy(() => import('./runs.js')) },
  { path: '/control', title: 'nav.control', component: lazy(() => import('./control.js')) },
  { path: '/farm', title: 'nav.farm', component: lazy(() => import('./farm.js')) },
];
