/**
 * Degree-day models of common pests and of maize development, as published by university
 * extension services (each model names its source). Thresholds and event totals are in °F as
 * published; `pestRisk` converts when the weather is in °C. Local extension advice wins: these
 * are starting points, and biofix dates come from the farm's own traps or planting records.
 */
import type { DegreeDayMethod } from './degree-days.js';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface DegreeDayEvent {
  /** Cumulative degree-days (°F) since the biofix at which the event starts. */
  readonly degreeDaysF: number;
  readonly stage: string;
  readonly advice: string;
  readonly severity: AlertSeverity;
}

export interface DegreeDayModel {
  readonly id: string;
  readonly name: string;
  readonly kind: 'pest' | 'crop';
  /** Crops it concerns. */
  readonly crops: readonly string[];
  readonly lowerF: number;
  readonly upperF?: number;
  readonly method: DegreeDayMethod;
  /** What starts the count. */
  readonly biofix: string;
  readonly events: readonly DegreeDayEvent[];
  readonly source: string;
}

export const DEGREE_DAY_MODELS: readonly DegreeDayModel[] = [
  {
    id: 'codling-moth',
    name: 'Codling moth (Cydia pomonella)',
    kind: 'pest',
    crops: ['apple', 'pear', 'walnut'],
    lowerF: 50,
    upperF: 88,
    method: 'single-sine',
    biofix: 'first sustained catch of moths in pheromone traps (moths on two successive trap checks)',
    events: [
      {
        degreeDaysF: 250,
        stage: 'first egg hatch, 1st generation',
        advice: 'first cover spray window opens',
        severity: 'critical',
      },
      {
        degreeDaysF: 350,
        stage: '20 % egg hatch, 1st generation',
        advice: 'keep fruit covered',
        severity: 'warning',
      },
      {
        degreeDaysF: 550,
        stage: 'peak egg laying, 1st generation',
        advice: 'maintain protection',
        severity: 'warning',
      },
      {
        degreeDaysF: 1060,
        stage: 'first 2nd-generation adults (biofix 2)',
        advice: 'check traps, reset biofix',
        severity: 'info',
      },
      {
        degreeDaysF: 1250,
        stage: 'first egg hatch, 2nd generation',
        advice: 'second-generation spray window opens',
        severity: 'critical',
      },
    ],
    source:
      'Events: Michigan State University Enviroweather, "Codling Moth Assist" model (base 50 °F); thresholds 50/88 °F, single sine with horizontal cutoff: UC IPM codling moth degree-day model',
  },
  {
    id: 'alfalfa-weevil',
    name: 'Alfalfa weevil (Hypera postica)',
    kind: 'pest',
    crops: ['alfalfa'],
    lowerF: 48,
    method: 'average-modified',
    biofix: '1 January',
    events: [
      { degreeDaysF: 200, stage: 'overwintered eggs hatch', advice: 'prepare to scout', severity: 'info' },
      { degreeDaysF: 300, stage: 'larvae feeding', advice: 'begin scouting stem tips', severity: 'warning' },
      {
        degreeDaysF: 325,
        stage: 'early peak of 3rd-instar larvae',
        advice: 'scout; treat above threshold',
        severity: 'critical',
      },
      {
        degreeDaysF: 575,
        stage: 'second peak of 3rd-instar larvae (spring-laid eggs)',
        advice: 'scout; consider early cutting',
        severity: 'critical',
      },
    ],
    source:
      'University of Illinois IPM Bulletin (K. Steffey, 1998 no. 7 and 2000 no. 2): base 48 °F from 1 January; South Dakota State University iGrow describes the same count with Tmin raised to 48 °F',
  },
  {
    id: 'black-cutworm',
    name: 'Black cutworm (Agrotis ipsilon)',
    kind: 'pest',
    crops: ['maize'],
    lowerF: 50,
    upperF: 86,
    method: 'average-modified',
    biofix: 'first intensive capture: 8–9 moths in pheromone traps over 1–2 nights',
    events: [
      {
        degreeDaysF: 91,
        stage: 'larvae hatch, leaf feeding (1st–3rd instar)',
        advice: 'note leaf feeding',
        severity: 'info',
      },
      {
        degreeDaysF: 300,
        stage: 'first cutting possible (4th instar)',
        advice: 'scout seedling corn for cut plants',
        severity: 'critical',
      },
      {
        degreeDaysF: 365,
        stage: 'cutting (5th instar)',
        advice: 'rescue treatment if above threshold',
        severity: 'warning',
      },
      { degreeDaysF: 641, stage: 'pupation, cutting stops', advice: 'scouting can stop', severity: 'info' },
    ],
    source:
      'University of Missouri IPM black cutworm monitoring and forecasting program (Table 1, base 50 °F from intensive capture); 300 °F-days to cutting: University of Illinois IPM Bulletin 2000 and Wisconsin DATCP (modified base 50 °F)',
  },
  {
    id: 'bydv-aphid-tsum',
    name: 'Cereal aphids spreading BYDV (T-sum 170)',
    kind: 'pest',
    crops: ['barley', 'wheat', 'oats'],
    // 3 °C = 37.4 °F; the count is the plain daily mean above 3 °C.
    lowerF: 37.4,
    method: 'average',
    biofix: 'crop emergence (or the date of the last aphicide spray)',
    events: [
      {
        degreeDaysF: 306,
        stage: 'second generation of wingless aphids (170 °C-days above 3 °C)',
        advice: 'spray window for barley yellow dwarf virus control opens',
        severity: 'critical',
      },
    ],
    source:
      'AHDB (UK Agriculture and Horticulture Development Board), "T-sum 170" BYDV management: 170 day-degrees above 3 °C from emergence or the last spray',
  },
  {
    id: 'maize-development',
    name: 'Maize development, RM 95–105 hybrid',
    kind: 'crop',
    crops: ['maize'],
    lowerF: 50,
    upperF: 86,
    method: 'average-modified',
    biofix: 'planting date',
    events: [
      {
        degreeDaysF: 600,
        stage: 'V8',
        advice: 'last window for ground-rig side-dress nitrogen',
        severity: 'info',
      },
      { degreeDaysF: 900, stage: 'V13', advice: 'water demand rising', severity: 'info' },
      {
        degreeDaysF: 1200,
        stage: 'VT (tasselling)',
        advice: 'most water-sensitive period begins: avoid stress',
        severity: 'warning',
      },
      { degreeDaysF: 1550, stage: 'R3 (milk)', advice: 'keep soil water within RAW', severity: 'info' },
      { degreeDaysF: 1900, stage: 'R4 (dough)', advice: '', severity: 'info' },
      {
        degreeDaysF: 2200,
        stage: 'R5 (dent)',
        advice: 'irrigation can usually end near R5.5–R6',
        severity: 'info',
      },
      {
        degreeDaysF: 2400,
        stage: 'R6 (black layer, 2400–2600)',
        advice: 'physiological maturity',
        severity: 'info',
      },
    ],
    source:
      'University of Wisconsin AgWeather "Corn development" (J. G. Lauer, UW Extension Agronomy), modified base 50 °F',
  },
];

export function findDegreeDayModel(id: string): DegreeDayModel | undefined {
  return DEGREE_DAY_MODELS.find((m) => m.id === id);
}
