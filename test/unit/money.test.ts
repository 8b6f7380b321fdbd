import { centsFrom, formatDecimal, MAX_AMOUNT_CENTS, parseAmount, parseDecimal } from '../../src/domain/money';

describe('money in cents', () => {
  it('reads what a person types, exactly, up to and past 100,000,000.00', () => {
    expect(parseAmount('100')).toBe(10000);
    expect(parseAmount('1,234.50')).toBe(123450);
    expect(parseAmount('1234,5')).toBe(123450);
    expect(parseAmount('99,999,999.99')).toBe(9_999_999_999);
    expect(parseAmount('100000000')).toBe(MAX_AMOUNT_CENTS);
    expect(parseAmount('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(parseAmount('1.234')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
  });

  it('reads and writes the API’s decimal strings without floating point', () => {
    expect(parseDecimal('1234.50')).toBe(123450);
    expect(parseDecimal('-12.5')).toBe(-1250);
    expect(parseDecimal('7')).toBe(700);
    expect(parseDecimal('19.99')).toBe(1999);
    expect(parseDecimal('1,234.50')).toBeNull();
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(formatDecimal(123450)).toBe('1234.50');
    expect(formatDecimal(-5)).toBe('-0.05');
    expect(formatDecimal(9_999_999_999)).toBe('99999999.99');
  });

  it('takes PostgreSQL’s numeric sums as exact cents and refuses what a number cannot hold', () => {
    expect(centsFrom('19999999999')).toBe(19_999_999_999);
    expect(centsFrom(null)).toBe(0);
    expect(() => centsFrom('12.5')).toThrow(RangeError);
    expect(() => centsFrom('99999999999999999999')).toThrow(RangeError);
  });
});
