import { Token } from 'aws-cdk-lib';

/** The whole numbers a numeric property accepts, and how to say so when it gets another. */
export interface WholeNumberRange {
  /** The property, as the message names it. */
  readonly property: string;
  readonly min: number;
  readonly max: number;
  /** The fix half of the message, e.g. 'Give a whole number from 1 to 65535 (...).' */
  readonly fix: string;
}

/** Whether `value` is a concrete (not a token) whole number within `range`. */
export function isWholeNumberIn(value: unknown, range: WholeNumberRange): value is number {
  return typeof value === 'number' && !Token.isUnresolved(value) && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/**
 * The error for a numeric property that is given but is a token, not a number, not whole,
 * or out of range; none when it is not given or fits.
 */
export function checkWholeNumber(value: number | undefined, range: WholeNumberRange): string[] {
  if (value === undefined || isWholeNumberIn(value, range)) {
    return [];
  }
  if (Token.isUnresolved(value)) {
    return [`${range.property}: must be a concrete number, not a token (it is checked and used at synth).`];
  }
  return [`${range.property}: ${JSON.stringify(value)} is not allowed. ${range.fix}`];
}
