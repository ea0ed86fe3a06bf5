import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AzureDataAssets } from '../../../../src/backends/azure/azureDataAssets';
import { WorkspaceRest } from '../../../../src/backends/azure/workspaceRest';
import { isBackendUnavailable, remedyOf, type DataAssetService, type DataAssetVersion, type JobService } from '../../../../src/backends/backend';
import type { FakeWorkspace } from '../../../fakes/azureMl';
import { fakeTokenCredential, jobsSeed, notSignedInToEditor, sampleDataBlobs, startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';
import { SAMPLES } from '../../../support/tempFiles';

/**
 * The workspace's registered data assets as job data (`AzureDataAssets`), against the strict fake: listing (paged two at
 * a time), versions newest first, a folder's files, a file read to this machine (whole or not at all, Cancel, the size
 * limit), the refusals a user meets (signed out, unknown, archived, an MLTable), and an evaluation that names the asset's
 * file in the job instead of uploading a copy, scored when it completes.
 */

describe('Azure data assets against the fake Azure ML', function () {
  this.timeout(30_000);
  let fixture: AzureFixture;
  let workspace: FakeWorkspace;
  let assets: DataAssetService;
  let jobs: JobService;
  let folder: string;

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: jobsSeed(), storage: 'identity' });
    workspace = fixture.workspace;
    await fixture.writeBlobs(sampleDataBlobs());
    const backend = await fixture.backend();
    assert.ok(backend.dataAssets && backend.jobs);
    assets = backend.dataAssets;
    jobs = backend.jobs;
    folder = mkdtempSync(path.join(os.tmpdir(), 'fm-data-assets-'));
  });
  afterEach(async () => {
    await fixture.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const version = async (name: string, v?: string): Promise<DataAssetVersion> => {
    const all = await assets.versions(name);
    const found = v ? all.find((x) => x.version === v) : all[0];
    assert.ok(found, `${name}:${v ?? 'latest'}`);
    return found;
  };

  it('lists every active asset across pages, an MLTable with the reason it is not offered, no archived one', async () => {
    const list = await assets.list();
    assert.deepEqual(list.map((a) => [a.name, a.dataType, a.latestVersion]), [
      ['qa-and-ner', 'uri_folder', '1'],
      ['reviews', 'uri_file', '2'],
      ['reviews-table', 'mltable', '1'],
    ]);
    assert.equal(list.find((a) => a.name === 'reviews')?.unsupported, undefined);
    assert.match(list.find((a) => a.name === 'reviews-table')?.unsupported ?? '', /MLTable.*uri_file/);
    assert.equal(assets.location, 'workspace fm-dev');
  });

  it('gives the versions newest first, each with where its data is', async () => {
    const versions = await assets.versions('reviews');
    assert.deepEqual(versions.map((v) => v.version), ['2', '1']);
    assert.equal(versions[1]?.uri, 'azureml://datastores/workspaceblobstore/paths/data/reviews/1/reviews.csv');
    assert.equal(versions[1]?.description, 'The first 20 reviews.');
  });

  it('refuses an unknown asset, an archived one and an MLTable, each in a sentence that says what to do', async () => {
    await assert.rejects(assets.versions('no-such-asset'), /workspace fm-dev has no data asset named no-such-asset.*Choose another data asset/);
    await assert.rejects(assets.versions('old-reviews'), /old-reviews is archived in workspace fm-dev\. Restore it in Azure ML studio/);
    await assert.rejects(assets.versions('reviews-table'), /reviews-table is an MLTable.*Register the file itself as a uri_file asset/);
  });

  it('lists the files of a folder asset and the one file of a file asset, with sizes', async () => {
    const blobs = sampleDataBlobs();
    assert.deepEqual(await assets.files(await version('qa-and-ner')), [
      { path: 'ner.jsonl', bytes: blobs['data/samples/ner.jsonl']?.length },
      { path: 'qa.jsonl', bytes: blobs['data/samples/qa.jsonl']?.length },
      { path: 'README.md', bytes: blobs['data/samples/README.md']?.length },
    ]);
    assert.deepEqual(await assets.files(await version('reviews', '1')), [{ path: 'reviews.csv', bytes: blobs['data/reviews/1/reviews.csv']?.length }]);
  });

  it('reads a version of a file asset and a file of a folder asset to this machine, reporting progress', async () => {
    const messages: string[] = [];
    const target = path.join(folder, 'reviews-1.csv');
    const { bytes } = await assets.download(await version('reviews', '1'), undefined, target, { progress: (m) => messages.push(m) });
    const text = readFileSync(target, 'utf8');
    assert.equal(text.trim().split('\n').length, 21, 'version 1: a header and 20 reviews');
    assert.equal(bytes, Buffer.byteLength(text));
    assert.ok(messages.includes('Downloading reviews.csv: 100%'), messages.join(' | '));
    const qa = path.join(folder, 'qa.jsonl');
    await assets.download(await version('qa-and-ner'), 'qa.jsonl', qa);
    assert.equal(readFileSync(qa, 'utf8'), readFileSync(path.join(SAMPLES, 'qa.jsonl'), 'utf8'));
    await assert.rejects(assets.download(await version('qa-and-ner'), undefined, path.join(folder, 'x')), /is a folder: choose the file in it/);
  });

  it('leaves no file behind when the read is cancelled, or when the file is over the size limit', async () => {
    const stop = new AbortController();
    stop.abort();
    const target = path.join(folder, 'cancelled.csv');
    await assert.rejects(assets.download(await version('reviews'), undefined, target, { signal: stop.signal }), (error: Error) => error.name === 'AbortError');
    const rest = new WorkspaceRest({ client: () => fixture.client(), cloud: fixture.cloud, target: fixture.target, credential: () => fakeTokenCredential(fixture.fake) });
    const small = new AzureDataAssets(rest, 1024);
    await assert.rejects(small.download(await version('reviews', '2'), undefined, target), /reviews\.csv of data asset reviews:2 is [\d.]+ KB, over the 1 KB .*Register a smaller file/);
    assert.deepEqual(readdirSync(folder), [], 'neither the file nor a partial one');
  });

  it('says "not signed in" with Sign in as the remedy', async () => {
    const backend = await fixture.backend({ signIn: notSignedInToEditor });
    const error = await backend.dataAssets?.list().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isBackendUnavailable(error), String(error));
    assert.match(error.message, /not signed in/);
    assert.equal(remedyOf(error), 'signIn');
  });

  it('has no data assets without a workspace, and says why', async () => {
    const backend = await fixture.backend({ workspace: undefined });
    assert.equal(backend.dataAssets, undefined);
    assert.match(backend.absent?.dataAssets?.reason ?? '', /workspace/);
  });

  it('evaluates on the asset\'s own file named in the job (no copy uploaded), and scores it when the job completes', async () => {
    fixture.fake.onJobCreated = (job) => {
      job.status = ['Running', 'Completed'];
    };
    const reviews = await version('reviews', '2');
    const file = path.join(folder, 'reviews.csv');
    await assets.download(reviews, undefined, file);
    const asset = { name: reviews.name, version: reviews.version, dataType: reviews.dataType, uri: reviews.uri };
    const job = await jobs.submit({
      kind: 'evaluate',
      task: 'text-classification',
      modelId: 'workspace/fm-dev/emotion-detection-bert',
      compute: 'cpu-cluster',
      data: { file, asset, mapping: { sentence: 'review_text', label: 'sentiment' } },
    });
    const body = workspace.jobs?.find((j) => j.name === job.id)?.spec as unknown as { tags: Record<string, string>; jobs: Record<string, { inputs: Record<string, { uri?: string; value?: string }> }> };
    const predict = body.jobs.predict?.inputs ?? {};
    assert.equal(predict.test_data?.uri, 'azureml://datastores/workspaceblobstore/paths/data/reviews/2/reviews.csv');
    assert.equal(predict.input_column_names?.value, 'review_text');
    assert.equal(predict.label_column_name?.value, 'sentiment');
    assert.equal(body.jobs.score?.inputs.ground_truth_column_name?.value, 'sentiment');
    assert.equal(body.tags['foundation-models.data-asset'], 'reviews:2');
    const uploaded = (workspace.dataAssets ?? []).filter((a) => a.name.startsWith('fm-'));
    assert.deepEqual(uploaded, [], 'no copy registered as a data asset');
    fixture.fake.setJobStatus(job.id, 'Completed');
    const done = await jobs.get(job.id);
    assert.equal(done?.status, 'completed');
    const accuracy = done?.metrics?.accuracy ?? 0;
    assert.ok(accuracy > 0.5 && accuracy < 1, `accuracy ${accuracy}`);
    assert.ok(done?.outputs?.metrics && existsSync(done.outputs.metrics));
    const report = JSON.parse(readFileSync(done.outputs.metrics, 'utf8')) as { count: number };
    assert.equal(report.count, 60);
  });
});
