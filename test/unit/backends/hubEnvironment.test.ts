import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { hubSettings } from '../../../src/backends/local/hub/hubEnvironment';

describe('Hub settings from the environment (as huggingface_hub reads them)', () => {
  it('defaults to huggingface.co, no token, online, and the cache under ~/.cache/huggingface/hub', () => {
    const settings = hubSettings({}, { HOME: os.homedir() });
    assert.deepEqual(settings, { endpoint: 'https://huggingface.co', token: undefined, offline: false, cacheDir: path.join(os.homedir(), '.cache', 'huggingface', 'hub') });
  });

  it('honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, HF_HOME and HF_HUB_CACHE', () => {
    assert.equal(hubSettings({}, { HF_ENDPOINT: 'https://hf-mirror.example/ ' }).endpoint, 'https://hf-mirror.example');
    assert.equal(hubSettings({}, { HF_TOKEN: 'hf_env' }).token, 'hf_env');
    assert.equal(hubSettings({ token: 'hf_editor' }, { HF_TOKEN: 'hf_env' }).token, 'hf_editor', "the caller's token wins");
    for (const on of ['1', 'true', 'YES', 'on']) assert.equal(hubSettings({}, { HF_HUB_OFFLINE: on }).offline, true, on);
    for (const off of ['0', 'false', '', 'no']) assert.equal(hubSettings({}, { HF_HUB_OFFLINE: off }).offline, false, off);
    assert.equal(hubSettings({}, { HF_HOME: '/data/hf' }).cacheDir, path.join('/data/hf', 'hub'));
    assert.equal(hubSettings({}, { HF_HOME: '/data/hf', HF_HUB_CACHE: '/fast/hub' }).cacheDir, '/fast/hub');
    assert.equal(hubSettings({ cacheDir: '/given' }, { HF_HUB_CACHE: '/fast/hub' }).cacheDir, '/given');
  });
});
