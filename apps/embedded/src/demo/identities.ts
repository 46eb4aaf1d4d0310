import { residentIdCheckCharacter, usccCheckCharacter } from '@sanshe/contracts';
import type { Random } from './random';

/**
 * Residents of the demo belong to no one, and look it: names are written the way Chinese case
 * files anonymise them (王某英), phones sit in the 199-0000 block, and ID numbers carry the region
 * code 320399, which no county uses. All of them are valid for the API's checks (the 11-digit
 * mobile rule, GB 11643 check character), so they go through the real validation.
 */
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
const GIVEN = [
  '英',
  '华',
  '兰',
  '军',
  '明',
  '芳',
  '秀',
  '强',
  '平',
  '梅',
  '建',
  '玉',
  '国',
  '珍',
  '伟',
  '霞',
  '杰',
  '敏',
  '丽',
  '涛',
];

/** The region part of every demo ID number: no county of China has it. */
export const DEMO_REGION = '320399';

export class FakeIdentities {
  private phoneSeq = 0;
  private idSeq = 0;

  constructor(private readonly random: Random) {}

  name(): string {
    return `${this.random.pick(SURNAMES)}某${this.random.pick(GIVEN)}`;
  }

  /** 199 0000 nnnn: a block of numbers set aside here for demo residents. */
  phone(): string {
    this.phoneSeq += 1;
    return `1990000${String(this.phoneSeq).padStart(4, '0')}`;
  }

  /** An ID number born in the given year range, with the right check character. */
  residentId(fromYear: number, toYear: number): string {
    this.idSeq += 1;
    const year = this.random.int(fromYear, toYear);
    const month = String(this.random.int(1, 12)).padStart(2, '0');
    const day = String(this.random.int(1, 28)).padStart(2, '0');
    const first17 = `${DEMO_REGION}${year}${month}${day}${String(this.idSeq % 1000).padStart(3, '0')}`;
    return `${first17}${residentIdCheckCharacter(first17) ?? '0'}`;
  }
}

/**
 * A Unified Social Credit Code of a civil-affairs social organisation (prefix 51, 52 or 53) with
 * the registration-authority code of Xuzhou (320300) and the organisation number given; the
 * check character is computed (GB 32100-2015), never made up.
 */
export function demoUscc(kindPrefix: '51' | '52' | '53', organisationNumber: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{9}$/.test(organisationNumber))
    throw new Error(`bad organisation number ${organisationNumber}`);
  const first17 = `${kindPrefix}320300${organisationNumber}`;
  const check = usccCheckCharacter(first17);
  if (!check) throw new Error(`no check character for ${first17}`);
  return `${first17}${check}`;
}
