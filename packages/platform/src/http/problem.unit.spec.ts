import { toProblem } from './problem';

describe('toProblem', () => {
  it('answers 503, not 500, when a server the service needs is unreachable (the client should retry)', () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });
    expect(toProblem(unreachable)).toMatchObject({
      status: 503,
      code: 'SERVICE.UNAVAILABLE',
      title: 'Service Unavailable',
    });
    expect(toProblem(new TypeError('x is undefined'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
