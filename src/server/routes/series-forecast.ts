/**
 * The request schema of a period aggregate. Summarising a stored series per period and forecasting
 * it is the domain's (`domains/forecasting`); the names are re-exported here for the routes that
 * import them from this module.
 */
import { z } from '@hono/zod-openapi';
import { forecasting } from '../../domains/index.js';

export const MAX_HISTORY = forecasting.MAX_HISTORY;
export const AGGREGATES = forecasting.AGGREGATES;
export type Aggregate = forecasting.Aggregate;
export type PeriodValues = forecasting.PeriodValues;
export type PeriodForecast = forecasting.PeriodForecast;
export const periodValues = forecasting.periodValues;
export const forecastPeriods = forecasting.forecastPeriods;

export const AggregateSchema = z.enum(AGGREGATES).openapi({
  description:
    'How a period is summarised: `sum` of the values (counts of orders or arrivals; empty periods count 0), `mean`, `last`, or `increase` of a cumulative counter (last value minus the previous period’s last)',
});
