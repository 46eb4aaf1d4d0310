import { loadConfig } from '@sanshe/platform';
import { FulfilmentSettings } from './settings';

describe('open-data settings', () => {
  test('the defaults are marked as demonstration data', () => {
    expect(loadConfig(FulfilmentSettings, {}).openData).toEqual({
      prefix: '360G-sanshe-demo',
      publisherName: '三社联动平台（演示数据）',
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
  });

  test('a registered prefix and publisher are taken; a malformed prefix or licence stops the start', () => {
    const env = { FULFILMENT_360_PREFIX: '360G-xzgulou', FULFILMENT_360_PUBLISHER_NAME: '鼓楼区民政局' };
    expect(loadConfig(FulfilmentSettings, env).openData).toMatchObject({
      prefix: '360G-xzgulou',
      publisherName: '鼓楼区民政局',
    });
    expect(() => loadConfig(FulfilmentSettings, { FULFILMENT_360_PREFIX: 'GB-CHC-1234' })).toThrow(
      'FULFILMENT_360_PREFIX',
    );
    expect(() => loadConfig(FulfilmentSettings, { FULFILMENT_OPEN_DATA_LICENSE: 'CC-BY' })).toThrow(
      'FULFILMENT_OPEN_DATA_LICENSE',
    );
  });
});
