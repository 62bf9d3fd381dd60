/** The result object of `xinzhi ask` (shared/contracts/ask-output.md), one type per kind. */
import type { Address } from './address.js';
import type { Window } from './time-window.js';

export interface Item {
  goods: string | null;
  quantity: number | null;
  unit: string | null;
}

export interface Contact {
  name: string | null;
  phone: string | null;
}

export interface Delivery {
  kind: 'delivery';
  items: Item[] | null;
  address: Address | null;
  window: Window | null;
  contact: Contact | null;
  action: 'create' | 'modify' | 'cancel';
  target?: string;
}

/** A quantity with its unit: amounts (20 mm, 3 h, 50 亩) and rates (60 mL/亩). */
export interface Measure {
  value: number;
  unit: string;
}

export type Operation = 'irrigate' | 'spray' | 'fertilise' | 'harvest' | 'sow' | 'till' | 'scout';

export interface FieldOp {
  kind: 'field_op';
  operation: Operation;
  field: string;
  crop: string | null;
  amount: Measure | null;
  product: string | null;
  rate: Measure | null;
  machine: string | null;
  window: Window;
  conditions: string[];
}

export type MissingField = 'address' | 'quantity' | 'time' | 'field' | 'product' | 'operation' | 'target';

export interface Invalid {
  kind: 'invalid';
  missing: MissingField[];
  issue: 'missing_field' | 'contradictory_time' | 'ambiguous' | 'not_instruction';
  reason: string;
}

export type AskResult = Delivery | FieldOp | Invalid;

/** Where each parsed field came from in the input text (UTF-16 offsets), for highlighting. */
export interface Highlight {
  field: string;
  from: number;
  to: number;
}
