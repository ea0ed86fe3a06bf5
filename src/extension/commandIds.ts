/**
 * Every command the extension contributes, by name. Code refers to commands through this object, never by a
 * string of its own; `test/unit/extension/commandIds.test.ts` checks it against package.json both ways.
 */
export const COMMANDS = {
  fineTune: 'foundationModels.fineTune',
  evaluate: 'foundationModels.evaluate',
  fineTuneWithDataAsset: 'foundationModels.fineTuneWithDataAsset',
  evaluateWithDataAsset: 'foundationModels.evaluateWithDataAsset',
  deployModel: 'foundationModels.deployModel',
  showModelCode: 'foundationModels.showModelCode',
  importFromHuggingFace: 'foundationModels.importFromHuggingFace',
  selectBackend: 'foundationModels.selectBackend',
  signInToAzure: 'foundationModels.signInToAzure',
  signInWithAzureCli: 'foundationModels.signInWithAzureCli',
  chooseAzureWorkspace: 'foundationModels.chooseAzureWorkspace',
  useLocalModels: 'foundationModels.useLocalModels',
  openModelCard: 'foundationModels.openModelCard',
  searchCatalog: 'foundationModels.searchCatalog',
  filterCatalogByTask: 'foundationModels.filterCatalogByTask',
  filterCatalogByLicense: 'foundationModels.filterCatalogByLicense',
  clearCatalogFilter: 'foundationModels.clearCatalogFilter',
  refreshCatalog: 'foundationModels.refreshCatalog',
  showLog: 'foundationModels.showLog',
  getStarted: 'foundationModels.getStarted',
  evaluateSample: 'foundationModels.evaluateSample',
  openSampleData: 'foundationModels.openSampleData',
  showJobLog: 'foundationModels.showJobLog',
  cancelJob: 'foundationModels.cancelJob',
  showJobMetrics: 'foundationModels.showJobMetrics',
  compareMetrics: 'foundationModels.compareMetrics',
  refreshJobs: 'foundationModels.refreshJobs',
  registerModel: 'foundationModels.registerModel',
  refreshEndpoints: 'foundationModels.refreshEndpoints',
  testEndpoint: 'foundationModels.testEndpoint',
  sendEndpointRequest: 'foundationModels.sendEndpointRequest',
  copyScoringUri: 'foundationModels.copyScoringUri',
  showDeploymentLogs: 'foundationModels.showDeploymentLogs',
  deleteEndpoint: 'foundationModels.deleteEndpoint',
  invokeBatchEndpoint: 'foundationModels.invokeBatchEndpoint',
  downloadModel: 'foundationModels.downloadModel',
  setHuggingFaceToken: 'foundationModels.setHuggingFaceToken',
  choosePythonInterpreter: 'foundationModels.choosePythonInterpreter',
  copyInstallCommand: 'foundationModels.copyInstallCommand',
  installInTerminal: 'foundationModels.installInTerminal',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

/** The views the extension contributes (`<id>.focus` reveals one). */
export const VIEWS = {
  catalog: 'foundationModels.catalog',
  jobs: 'foundationModels.jobs',
  endpoints: 'foundationModels.endpoints',
} as const;

/**
 * The webview panels restored after a window reload (`onWebviewPanel:<id>` in package.json): activation registers
 * their serializers; the panels themselves load with the workbench.
 */
export const PANELS = {
  modelCard: 'foundationModels.modelCard',
  metrics: 'foundationModels.metrics',
} as const;
