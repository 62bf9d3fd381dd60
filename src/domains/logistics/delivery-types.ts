/** Inputs and outputs of delivery planning. Times are UTC milliseconds, distances kilometres. */
export interface Place {
  readonly lat: number;
  readonly lon: number;
}

export interface Order extends Place {
  readonly id: string;
  /** Quantity in the vans' capacity unit. */
  readonly demand: number;
  /** Delivery window [from, to] in UTC ms (default: the shift). */
  readonly window?: readonly [number, number];
  /** Minutes spent at the stop (default 5). */
  readonly serviceMin?: number;
}

export interface Van {
  readonly id: string;
  readonly capacity: number;
  readonly shiftStart: number;
  readonly shiftEnd: number;
}

export interface DeliveryProblem {
  readonly depot: Place;
  readonly orders: readonly Order[];
  readonly vans: readonly Van[];
  /** Average road speed, km/h (default 40). */
  readonly speedKmh?: number;
  /** Cost per km driven (default 1). */
  readonly costPerKm?: number;
  /** Factor from great-circle to road distance (default 1.3). */
  readonly roadFactor?: number;
}

export interface Stop {
  readonly orderId: string;
  readonly arrival: number;
  readonly start: number;
  readonly departure: number;
  /** Load still on board after this stop. */
  readonly loadAfter: number;
}

export interface VanRoute {
  readonly vanId: string;
  readonly stops: readonly Stop[];
  readonly departure: number;
  readonly returnAt: number;
  readonly load: number;
  readonly distanceKm: number;
  readonly cost: number;
}

export interface DeliveryPlan {
  readonly routes: readonly VanRoute[];
  readonly distanceKm: number;
  readonly cost: number;
  /** Every window, capacity and shift respected (independently checked). */
  readonly feasible: boolean;
  readonly violations: readonly string[];
}
