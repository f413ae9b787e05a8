/** What a run reports as it goes; the CLI turns these into progress lines, a library user may ignore them. */

/** One progress event of a run. */
export type RunEvent =
  | { readonly kind: 'stage-start'; readonly stage: string }
  | { readonly kind: 'progress'; readonly stage: string; readonly done: number; readonly total: number }
  | {
      readonly kind: 'stage-end';
      readonly stage: string;
      readonly ms: number;
      readonly rows: number;
      readonly detail: string;
    };

/** Receives run events (e.g. to print them). */
export type RunListener = (event: RunEvent) => void;
