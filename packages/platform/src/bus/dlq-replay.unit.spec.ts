import { parseReplayArgs } from './dlq-replay-cli';

const ID = '0b0e6d62-3f0c-4d55-9d43-8f0f3c1b2a11';

describe('dlq:replay arguments', () => {
  it('takes a service and what to do: list, some ids (with corrected data for one), or all', () => {
    expect(parseReplayArgs(['project-design', '--list'])).toEqual({
      ok: true,
      args: { service: 'project-design', list: true, all: false, ids: [], dryRun: false },
    });
    expect(parseReplayArgs(['fulfilment', '--id', ID, '--data', 'fixed.json', '--dry-run'])).toEqual({
      ok: true,
      args: { service: 'fulfilment', list: false, all: false, ids: [ID], dataFile: 'fixed.json', dryRun: true },
    });
    expect(parseReplayArgs(['procurement', '--all'])).toMatchObject({ ok: true, args: { all: true } });
  });

  it.each([
    [[], 'service: name exactly one'],
    [['nobody', '--all'], 'service: Invalid option'],
    [['procurement'], 'say what to do'],
    [['procurement', '--id', 'not-a-uuid'], 'ids.0: an event id is a UUID'],
    [['procurement', '--id'], '--id: needs a value'],
    [['procurement', '--all', '--id', ID], '--all and --id exclude each other'],
    [['procurement', '--all', '--data', 'x.json'], 'dataFile: --data needs exactly one --id'],
    [['procurement', '--list', '--all'], '--list takes no other option'],
    [['procurement', '--force'], '--force: unknown option'],
  ])('refuses %j, naming the problem', (argv, problem) => {
    const parsed = parseReplayArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems.join('\n')).toContain(problem);
  });
});
