/**
 * The pages of the dashboard, one module per engine or job. A later engine (planning, ledger,
 * control, farm, fleet, anomalies) plugs in by adding one entry here and one module under pages/:
 * the nav, the router and code splitting follow from this list.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { MessageKey } from '../i18n/i18n.js';
import { OverviewPage } from './overview.js';

/** Nav groups in display order: what an operator does, not which engine computes it. */
export const NAV_GROUPS = ['monitor', 'analyse', 'plan', 'control', 'prove', 'data'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface PageDef {
  /** Hash path, e.g. `/quality`. */
  readonly path: string;
  /** Label in the nav and the document title. */
  readonly title: MessageKey;
  /** Where the page sits in the nav. */
  readonly group: NavGroup;
  readonly component: ComponentType | LazyExoticComponent<ComponentType>;
}

export const PAGES: readonly PageDef[] = [
  // The overview is the landing page: bundled with the shell so it is usable on first load.
  { path: '/overview', title: 'nav.overview', group: 'monitor', component: OverviewPage },
  {
    path: '/telemetry',
    title: 'nav.telemetry',
    group: 'monitor',
    component: lazy(() => import('./telemetry/index.js')),
  },
  {
    path: '/process',
    title: 'nav.process',
    group: 'monitor',
    component: lazy(() => import('./process/index.js')),
  },
  {
    path: '/quality',
    title: 'nav.quality',
    group: 'data',
    component: lazy(() => import('./quality/index.js')),
  },
  { path: '/import', title: 'nav.import', group: 'data', component: lazy(() => import('./import/index.js')) },
  {
    path: '/connections',
    title: 'nav.connections',
    group: 'data',
    component: lazy(() => import('./connections.js')),
  },
  {
    path: '/planning',
    title: 'nav.planning',
    group: 'plan',
    component: lazy(() => import('./planning/index.js')),
  },
  { path: '/staffing', title: 'nav.staffing', group: 'plan', component: lazy(() => import('./staffing.js')) },
  {
    path: '/ledger',
    title: 'nav.ledger',
    group: 'prove',
    component: lazy(() => import('./ledger/index.js')),
  },
  {
    path: '/collab',
    title: 'nav.collab',
    group: 'plan',
    component: lazy(() => import('./collaboration.js')),
  },
  {
    path: '/anomalies',
    title: 'nav.anomalies',
    group: 'monitor',
    component: lazy(() => import('./anomalies.js')),
  },
  { path: '/fleet', title: 'nav.fleet', group: 'plan', component: lazy(() => import('./fleet.js')) },
  { path: '/slotting', title: 'nav.slotting', group: 'plan', component: lazy(() => import('./slotting.js')) },
  {
    path: '/maintenance',
    title: 'nav.maintenance',
    group: 'analyse',
    component: lazy(() => import('./maintenance.js')),
  },
  {
    path: '/inspection',
    title: 'nav.inspection',
    group: 'monitor',
    component: lazy(() => import('./inspection.js')),
  },
  { path: '/runs', title: 'nav.runs', group: 'analyse', component: lazy(() => import('./runs/index.js')) },
  {
    path: '/control',
    title: 'nav.control',
    group: 'control',
    component: lazy(() => import('./control/index.js')),
  },
  { path: '/farm', title: 'nav.farm', group: 'plan', component: lazy(() => import('./farm/index.js')) },
  {
    path: '/reports',
    title: 'nav.reports',
    group: 'data',
    component: lazy(() => import('./reports/index.js')),
  },
];
