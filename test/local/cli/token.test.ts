import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import defaults from '../../../domain/config/defaults.json' with { type: 'json' };
import { verifyToken } from '../../../functions/lib/token.ts';
import { FIXTURE_ASSEMBLY, runScript } from '../../fixtures/local/core/run-script.ts';

describe('npm run token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-token-'));
  const keyFile = join(dataDir, 'secrets', 'TokenSigningKeyBF1D9E0A');
  const token = (args: string[]) =>
    runScript('token', [...args, '--data', dataDir, '--assembly', FIXTURE_ASSEMBLY]);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints its usage with --help', async () => {
    // Act
    const run = await runScript('token', ['--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: npm run token -- --agent NAME --team TEAM');
  });

  it('prints a token signed with the key it generates into the data folder', async () => {
    // Act
    const run = await token(['--agent', 'agent-ana', '--team', 'front-line', '--team', 'fraud']);

    // Assess
    expect(run.code).toBe(0);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^[A-Za-z0-9]{64}$/);
    const claims = verifyToken(key, run.stdout.trim());
    expect(claims).toMatchObject({ sub: 'agent-ana', teams: ['front-line', 'fraud'], lead: false });
    expect(claims.exp - claims.iat).toBe(12 * 3_600);
  });

  it('signs later tokens with the same key, for a lead and the hours asked', async () => {
    // Arrange
    const key = readFileSync(keyFile, 'utf8');

    // Act
    const run = await token(['--agent', 'lee', '--team', 'team-leads', '--lead', '--hours', '2']);

    // Assess
    const claims = verifyToken(readFileSync(keyFile, 'utf8'), run.stdout.trim());
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(claims).toMatchObject({ sub: 'lee', teams: ['team-leads'], lead: true });
    expect(claims.exp - claims.iat).toBe(2 * 3_600);
  });

  it('refuses a missing agent, a missing team and an unknown team, naming the teams', async () => {
    // Act
    const noAgent = await token(['--team', 'front-line']);
    const noTeam = await token(['--agent', 'ana']);
    const unknown = await token(['--agent', 'ana', '--team', 'front-line', '--team', 'legal']);

    // Assess
    expect(noAgent).toMatchObject({ code: 2, stdout: '' });
    expect(noAgent.stderr).toContain('give the agent: --agent NAME');
    expect(noTeam.stderr).toContain('give at least one team: --team TEAM');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown team legal: the teams are front-line, late-stage');
  });

  it('accepts the teams of the configuration given with --config', async () => {
    // Prepare
    const config = structuredClone(defaults);
    config.teams.push({ id: 'legal', name: 'Legal', fallback: 'team-leads' });
    const file = join(dataDir, 'config.json');
    writeFileSync(file, JSON.stringify(config));

    // Act
    const run = await token(['--agent', 'ana', '--team', 'legal', '--config', file]);
    const broken = await token([
      '--agent',
      'ana',
      '--team',
      'legal',
      '--config',
      join(dataDir, 'none.json'),
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(verifyToken(readFileSync(keyFile, 'utf8'), run.stdout.trim()).teams).toEqual(['legal']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('--config');
  });

  it('says what is missing when there is no cloud assembly to read the key’s name from', async () => {
    // Act
    const run = await runScript('token', [
      '--agent',
      'ana',
      '--team',
      'front-line',
      '--data',
      dataDir,
      '--assembly',
      join(dataDir, 'nowhere'),
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot sign a token: no cloud assembly folder at');
  });
});
