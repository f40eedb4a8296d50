import { Lazy, Token } from 'aws-cdk-lib';
import { checkWholeNumber, isWholeNumberIn, WholeNumberRange } from '../../../src/internal/validation/whole-numbers';

const PORT: WholeNumberRange = { property: 'port', min: 1, max: 10, fix: 'Give a whole number from 1 to 10.' };
const numberToken = () => Token.asNumber(Lazy.number({ produce: () => 5 }));

describe('isWholeNumberIn', () => {
  test.each([1, 5, 10])('%p is within 1..10', (value) => {
    expect(isWholeNumberIn(value, PORT)).toBe(true);
  });
  test.each([0, 11, -1, 2.5, NaN, Infinity, '5', undefined, null])('%p is not', (value) => {
    expect(isWholeNumberIn(value, PORT)).toBe(false);
  });
  test('a number token is not, though it is a number', () => {
    expect(isWholeNumberIn(numberToken(), PORT)).toBe(false);
  });
});

describe('checkWholeNumber', () => {
  test('nothing to say about a value not given, or one at either bound', () => {
    expect(checkWholeNumber(undefined, PORT)).toEqual([]);
    expect(checkWholeNumber(1, PORT)).toEqual([]);
    expect(checkWholeNumber(10, PORT)).toEqual([]);
  });
  test.each([
    [0, 'port: 0 is not allowed. Give a whole number from 1 to 10.'],
    [11, 'port: 11 is not allowed. Give a whole number from 1 to 10.'],
    [2.5, 'port: 2.5 is not allowed. Give a whole number from 1 to 10.'],
    ['5' as any, 'port: "5" is not allowed. Give a whole number from 1 to 10.'],
  ])('%p just outside, fractional or a string: named as given, with the fix', (value, message) => {
    expect(checkWholeNumber(value, PORT)).toEqual([message]);
  });
  test('a token: refused because it cannot be checked at synth', () => {
    expect(checkWholeNumber(numberToken(), PORT)).toEqual(['port: must be a concrete number, not a token (it is checked and used at synth).']);
  });
});
