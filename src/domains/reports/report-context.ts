/** What every report builder is given: the store, the period, the site and its zone, and the subject flags. */
import type { TimeZone } from '../../core/index.js';
import type { Store } from '../../store/index.js';

export interface ReportContext {
  readonly store: Store;
  readonly from: number;
  readonly to: number;
  /** Generation time; "as of" figures (quality's freshness, standing alarms) use it. */
  readonly now: number;
  readonly zone: TimeZone;
  /** Site or asset the report is about, as shown in the header. */
  readonly site: string;
  /** `--series`: one series (quality). */
  readonly series?: string | undefined;
  /** `--asset`: an asset subtree (quality, production, maintenance, agriculture). */
  readonly asset?: string | undefined;
  /** `--run`: a training run id (training). */
  readonly run?: string | undefined;
  /** `--plan`: a stored plan id (plan, routes). */
  readonly plan?: string | undefined;
}
