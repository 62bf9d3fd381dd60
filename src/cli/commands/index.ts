import { register as agri } from './agri/index.js';
import { register as alarms } from './alarms/index.js';
import { register as ask } from './ask.js';
import { register as audit } from './audit.js';
import { register as collab } from './collab/index.js';
import { register as connect } from './connect/index.js';
import { register as control } from './control/index.js';
import { register as db } from './db.js';
import { register as demo } from './demo.js';
import { register as detect } from './detect.js';
import { register as forecast } from './forecast.js';
import { register as game } from './game.js';
import { register as importCmd } from './import.js';
import { register as jobs } from './jobs/index.js';
import { register as keys } from './keys/index.js';
import { register as ledger } from './ledger/index.js';
import { register as loops } from './loops/index.js';
import { register as nlp } from './nlp/index.js';
import { register as oee } from './oee.js';
import { register as orgs } from './orgs/index.js';
import { register as plan } from './plan.js';
import { register as plans } from './plans/index.js';
import { register as quality } from './quality.js';
import { register as quarantine } from './quarantine/index.js';
import { register as query } from './query.js';
import { register as queue } from './queue.js';
import { register as report } from './report/index.js';
import { register as route } from './route.js';
import { register as rul } from './rul/index.js';
import { register as runs } from './runs/index.js';
import { register as series } from './series/index.js';
import { register as serve } from './serve.js';
import { register as slot } from './slot.js';
import { register as solve } from './solve.js';
import { register as traceCmd } from './trace.js';
import type { RegisterCommand } from './types.js';
import { register as users } from './users/index.js';
import { register as vision } from './vision/index.js';
import { register as witness } from './witness/index.js';

export type { RegisterCommand } from './types.js';

/** Every command of `xinzhi`, one module each; add new ones here. */
export const commands: readonly RegisterCommand[] = [
  serve,
  keys,
  users,
  audit,
  orgs,
  importCmd,
  connect,
  query,
  quality,
  report,
  quarantine,
  series,
  alarms,
  oee,
  loops,
  demo,
  solve,
  plan,
  plans,
  queue,
  jobs,
  control,
  detect,
  forecast,
  agri,
  ledger,
  witness,
  traceCmd,
  route,
  slot,
  game,
  collab,
  rul,
  nlp,
  ask,
  vision,
  runs,
  db,
];
