import { describe, expect, it } from 'vitest';
import { fitAxis, labelWidth, niceStep } from '../../src/report/chart-scale.js';

const bar = (value: number, label = `$${value}`) => ({ value, label });

describe('niceStep', () => {
  it('picks 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(74_000, 4)).toBe(20_000);
    expect(niceStep(111_085, 5)).toBe(25_000);
    expect(niceStep(9, 3)).toBe(5);
    expect(niceStep(0.7, 7)).toBeCloseTo(0.1);
  });
});

describe('labelWidth', () => {
  it('counts digits wide and punctuation narrow, in proportion to the font size', () => {
    expect(labelWidth('$13,400.32', 11)).toBeCloseTo(62.9, 1);
    expect(labelWidth('1,1', 10)).toBeLessThan(labelWidth('111', 10));
    expect(labelWidth('$1', 22)).toBeCloseTo(2 * labelWidth('$1', 11), 5);
  });
});

describe('fitAxis', () => {
  it('fits the data and zero, not a symmetric range (sub-categories of the sample: -$17.7k to $56.6k)', () => {
    const axis = fitAxis([bar(56_567.43, '$56,567.43'), bar(-17_704.48, '-$17,704.48')], 220, true);
    expect(axis.domain).toEqual([-20_000, 60_000]);
    expect(axis.ticks).toEqual([-20_000, 0, 20_000, 40_000, 60_000]);
    // the long bar carries its label inside; the short one across the zero line, where no bar of its row is
    expect(axis.places).toEqual(['in', 'base']);
  });

  it('starts at 0 for all-positive bars and rounds the top to a tick (yearly totals of the sample)', () => {
    const axis = fitAxis([bar(39_185.75), bar(63_073.09), bar(65_073.23), bar(111_084.96)], 220, false);
    expect(axis.domain).toEqual([0, 125_000]);
    expect(axis.places).toEqual(['out', 'out', 'out', 'out']);
  });

  it('adds one tick on a side when that moves a label from across zero to its bar', () => {
    const labels = ['$11.77', '$111.58', '$242.61', '-$1,811.08'];
    const axis = fitAxis(
      [11.77, 111.58, 242.61, -1811.08].map((v, i) => bar(v, labels[i])),
      250,
      true,
    );
    expect(axis.domain).toEqual([-2_000, 1_000]);
    expect(axis.places).toEqual(['out', 'out', 'out', 'in']);
  });

  it('keeps every label inside the plot: out only where its width fits before the edge', () => {
    const bars = [bar(95, '$95.00'), bar(40, '$40.00'), bar(-3, '-$3.00')];
    const plot = 200;
    const { domain, places } = fitAxis(bars, plot, true);
    const px = (v: number) => ((v - domain[0]) / (domain[1] - domain[0])) * plot;
    bars.forEach((b, i) => {
      if (places[i] === 'out') {
        const room = b.value >= 0 ? plot - px(b.value) : px(b.value);
        expect(room).toBeGreaterThanOrEqual(labelWidth(b.label) + 8);
      }
    });
  });
});
