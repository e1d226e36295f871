import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonFunction } from '../../infra/constructs/baton-function.ts';

describe('bundling a handler with the local esbuild', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'baton-bundle-'));
  let bundle: string;
  let bundleDir: string;

  beforeAll(() => {
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'BundleProbe');
    new BatonFunction(stack, 'Authorize', {
      stage: 'test',
      handler: 'ws-authorize',
      invokedBy: 'websocket-api',
      encryptionKey: new Key(stack, 'Key'),
    });
    app.synth();
    const dir = readdirSync(outdir).find((d) => existsSync(path.join(outdir, d, 'index.mjs')));
    if (!dir) throw new Error(`no bundle in ${outdir}`);
    bundleDir = path.join(outdir, dir);
    bundle = readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
  }, 60_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('emits an ES module whose require comes from createRequire', () => {
    expect(bundle.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    expect(/export\s*\{[^}]*\bhandler\b/.test(bundle)).toBe(true);
  });

  it('writes a source map beside the bundle, without the sources', () => {
    const map = JSON.parse(readFileSync(path.join(bundleDir, 'index.mjs.map'), 'utf8'));
    expect(map.sources.some((s: string) => s.includes('functions/ws-authorize.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('keeps the names that ASL Retry and Catch match on', () => {
    // esbuild's keepNames helper, minified: (fn, name) => defineProperty(fn, 'name', ...)
    expect(/"name",\{value:\w+,configurable:!0\}/.test(bundle)).toBe(true);
  });

  it('bundles the AWS SDK instead of relying on the runtime copy', () => {
    expect(/from\s*["']@aws-sdk\//.test(bundle)).toBe(false);
    expect(bundle.includes('GetSecretValue')).toBe(true);
  });
});
