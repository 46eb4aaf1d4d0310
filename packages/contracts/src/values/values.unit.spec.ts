import { checkResidentId, ResidentIdNumber } from './resident-id';
import { checkUscc, SocialOrganisationUscc, Uscc } from './uscc';
import { Fen, formatYuan, splitByPercent } from './money';
import { maskPhone, MobilePhone } from './phone';

describe('Unified Social Credit Code', () => {
  test('a published real code passes its check character', () => {
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true, kind: null });
  });

  test('civil-affairs prefixes name the kind of social organisation', () => {
    expect(checkUscc('52320300MJ1234567U')).toEqual({ ok: true, kind: 'private_non_enterprise_unit' });
    expect(checkUscc('51320300MJ0000001A')).toEqual({ ok: true, kind: 'social_association' });
    expect(checkUscc('53320300MJ24681358')).toEqual({ ok: true, kind: 'foundation' });
  });

  test('a wrong check character is explained with the expected one', () => {
    expect(checkUscc('52320300MJ1234567Y')).toEqual({ ok: false, reason: "check character should be 'U', not 'Y'" });
  });

  test('letters never used in codes and wrong lengths are refused', () => {
    expect(checkUscc('52320300MJ123456IU')).toMatchObject({ ok: false, reason: expect.stringContaining("'I'") });
    expect(checkUscc('5232')).toEqual({ ok: false, reason: 'must be 18 characters' });
  });

  test('the schema upper-cases input and rejects a non-civil-affairs code for organisations', () => {
    expect(Uscc.parse('52320300mj1234567u')).toBe('52320300MJ1234567U');
    const result = SocialOrganisationUscc.safeParse('91350100M000100Y43');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('51, 52 or 53');
  });
});

describe('resident ID number', () => {
  test('the standard example with an X check character is valid', () => {
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true });
  });

  test('a wrong check character or an impossible birth date is refused without echoing the number', () => {
    expect(checkResidentId('110105194912310021')).toEqual({ ok: false, reason: 'check character does not match' });
    expect(checkResidentId('110105194902301234')).toEqual({
      ok: false,
      reason: 'the birth date part is not a real date',
    });
    const result = ResidentIdNumber.safeParse('110105194912310021');
    expect(JSON.stringify(result.error?.issues)).not.toContain('110105194912310021');
  });

  test('a lower-case x is accepted as X', () => {
    expect(ResidentIdNumber.parse('11010519491231002x')).toBe('11010519491231002X');
  });
});

describe('money and phones', () => {
  test('fen must be a non-negative integer', () => {
    expect(Fen.safeParse(100).success).toBe(true);
    expect(Fen.safeParse(1.5).success).toBe(false);
    expect(Fen.safeParse(-1).success).toBe(false);
  });

  test('splitting by percent never loses a fen', () => {
    expect(splitByPercent(1001, [50, 50])).toEqual([500, 501]);
    expect(splitByPercent(0, [30, 70])).toEqual([0, 0]);
  });

  test('yuan are shown with two decimals', () => {
    expect(formatYuan(123456789)).toBe('¥1,234,567.89');
  });

  test('phones are masked to the carrier prefix and the last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(MobilePhone.safeParse('12812341234').success).toBe(false);
  });
});
