import type { ErrorCode } from '../../core/index.js';
import type { FeatureOptions } from './features.js';

/** An image for the feature pool: a file (read with the size check of `readImageFile`) or bytes. */
export type FeatureJob = { readonly path: string } | { readonly bytes: Uint8Array; readonly field: string };

export interface FeatureJobMessage {
  readonly i: number;
  readonly job: FeatureJob;
  readonly options: FeatureOptions;
}

export type FeatureResultMessage =
  | { readonly i: number; readonly features: Float32Array }
  | {
      readonly i: number;
      readonly error: { readonly code: ErrorCode; readonly message: string; readonly field?: string };
    };
