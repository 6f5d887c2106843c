import { describe, expect, it } from 'vitest';
import { boundsOf, closedDatesOf, numberSetting, RESOURCE_ID } from './bookingSettings';

describe('booking field settings in the designer', () => {
  it('takes whole numbers within the bounds of the definition format only', () => {
    expect(boundsOf('slotMinutes')).toEqual({ min: 5, max: 480 });
    expect(numberSetting('slotMinutes', ' 30 ')).toBe(30);
    expect(numberSetting('slotMinutes', '4')).toBeUndefined();
    expect(numberSetting('slotMinutes', '481')).toBeUndefined();
    expect(numberSetting('slotMinutes', '7.5')).toBeUndefined();
    expect(numberSetting('capacity', '')).toBeUndefined();
    expect(numberSetting('minNoticeHours', '0')).toBe(0);
  });

  it('reads closed days one a line, sorted without repeats, and names the lines that are no date', () => {
    expect(closedDatesOf('2027-12-25\n\n2027-12-24\r\n2027-12-25\n2027-02-30\njul')).toEqual({ dates: ['2027-12-24', '2027-12-25'], bad: ['2027-02-30', 'jul'] });
  });

  it('accepts resource ids as the format does', () => {
    expect(['vigselsalen', 'rum-2', '1'].every((id) => RESOURCE_ID.test(id))).toBe(true);
    expect(['Rum', '-rum', 'rum 2', ''].some((id) => RESOURCE_ID.test(id))).toBe(false);
  });
});
