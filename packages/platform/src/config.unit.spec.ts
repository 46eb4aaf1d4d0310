import { BaseConfig, ConfigError, isDistributed, loadConfig } from './config';

describe('configuration from the environment', () => {
  test('an empty environment means embedded mode with defaults', () => {
    const config = loadConfig(BaseConfig, {});
    expect(config.PORT).toBe(8080);
    expect(isDistributed(config)).toBe(false);
  });

  test('all three infrastructure URLs mean distributed mode', () => {
    const config = loadConfig(BaseConfig, {
      KAFKA_BROKERS: 'a:9092, b:9092',
      MONGO_URL: 'mongodb://m:27017',
      REDIS_URL: 'redis://r:6379',
    });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(isDistributed(config)).toBe(true);
  });

  test('a half-configured distributed mode fails fast, naming each missing variable', () => {
    const problems = () => {
      try {
        loadConfig(BaseConfig, { KAFKA_BROKERS: 'a:9092' });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    expect(problems()).toEqual([
      'MONGO_URL: distributed mode needs KAFKA_BROKERS, MONGO_URL and REDIS_URL together',
      'REDIS_URL: distributed mode needs KAFKA_BROKERS, MONGO_URL and REDIS_URL together',
    ]);
  });

  test('liveness grace and processed-event retention default to 120 s and 14 days; 0 turns the liveness rule off', () => {
    const defaults = loadConfig(BaseConfig, {});
    expect([defaults.LIVENESS_STORE_GRACE_MS, defaults.PROCESSED_EVENTS_RETENTION_DAYS]).toEqual([120_000, 14]);
    expect(loadConfig(BaseConfig, { LIVENESS_STORE_GRACE_MS: '0' }).LIVENESS_STORE_GRACE_MS).toBe(0);
    expect(() => loadConfig(BaseConfig, { LIVENESS_STORE_GRACE_MS: '-1' })).toThrow(/LIVENESS_STORE_GRACE_MS/);
    expect(() => loadConfig(BaseConfig, { PROCESSED_EVENTS_RETENTION_DAYS: '0' })).toThrow(
      /PROCESSED_EVENTS_RETENTION_DAYS/,
    );
  });

  test('a malformed value is named with its reason', () => {
    expect(() => loadConfig(BaseConfig, { PORT: 'eighty' })).toThrow(/PORT: /);
  });

  test('production refuses the development PII hash key', () => {
    expect(() => loadConfig(BaseConfig, { NODE_ENV: 'production' })).toThrow(/PII_HASH_KEY/);
  });

  test('new consumer groups replay all history unless told to start at the end, which production refuses', () => {
    expect(loadConfig(BaseConfig, {}).KAFKA_NEW_GROUP_START).toBe('earliest');
    expect(loadConfig(BaseConfig, { KAFKA_NEW_GROUP_START: 'latest' }).KAFKA_NEW_GROUP_START).toBe('latest');
    expect(() => loadConfig(BaseConfig, { KAFKA_NEW_GROUP_START: 'newest' })).toThrow(/KAFKA_NEW_GROUP_START: /);
    expect(() =>
      loadConfig(BaseConfig, {
        NODE_ENV: 'production',
        PII_HASH_KEY: 'a-real-secret-of-enough-length',
        KAFKA_NEW_GROUP_START: 'latest',
      }),
    ).toThrow(/KAFKA_NEW_GROUP_START: production needs earliest/);
  });

  test('a broker without a port is refused', () => {
    expect(() =>
      loadConfig(BaseConfig, { KAFKA_BROKERS: 'kafka', MONGO_URL: 'mongodb://m', REDIS_URL: 'redis://r' }),
    ).toThrow(/host:port/);
  });
});
