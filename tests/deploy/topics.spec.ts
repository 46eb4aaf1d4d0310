import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_TOPICS } from '@sanshe/contracts';

describe('the deployment topic list', () => {
  test('deploy/topics.json names exactly the topics of the event catalog and the dead-letter topics', () => {
    const deployed = JSON.parse(readFileSync(path.join(__dirname, '../../deploy/topics.json'), 'utf8')) as string[];
    expect([...deployed].sort()).toEqual([...ALL_TOPICS].sort());
  });
});
