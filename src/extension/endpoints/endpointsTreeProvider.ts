import * as vscode from 'vscode';
import { requireService, type Backend, type EndpointRecord } from '../../backends/backend';
import type { DeploymentRecord, EndpointState } from '../../core/endpoints/endpointModel';
import { BackendBoundTree } from '../backendBoundTree';
import type { BackendHost } from '../backendHost';
import { VIEWS } from '../commandIds';
import { escapeMarkdown } from '../markdownText';

const STATE_ICONS: Readonly<Record<EndpointState, vscode.ThemeIcon>> = {
  creating: new vscode.ThemeIcon('sync~spin'),
  updating: new vscode.ThemeIcon('sync~spin'),
  ready: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  deleting: new vscode.ThemeIcon('trash'),
  canceled: new vscode.ThemeIcon('circle-slash'),
};

/** A row of the Endpoints view: an endpoint, or one of its deployments. */
export type EndpointNode = { readonly type: 'endpoint'; readonly endpoint: EndpointRecord } | { readonly type: 'deployment'; readonly endpoint: EndpointRecord; readonly deployment: DeploymentRecord };

/** Endpoints of the current backend with state and traffic; their deployments below them. */
export class EndpointsTreeProvider extends BackendBoundTree<EndpointNode> {
  constructor(backends: BackendHost, view: vscode.TreeView<EndpointNode>) {
    super(VIEWS.endpoints, 'Endpoints', backends, view);
  }

  protected subscribe(backend: Backend, refresh: () => void) {
    return backend.endpoints?.onDidChange(refresh);
  }

  protected async listRoots(backend: Backend): Promise<EndpointNode[]> {
    const endpoints = await requireService(backend, 'endpoints').list();
    return endpoints.map((endpoint) => ({ type: 'endpoint', endpoint }));
  }

  protected override childrenOf(node: EndpointNode): EndpointNode[] {
    return node.type === 'endpoint' ? node.endpoint.deployments.map((deployment) => ({ type: 'deployment', endpoint: node.endpoint, deployment })) : [];
  }

  getTreeItem(node: EndpointNode): vscode.TreeItem {
    if (node.type === 'deployment') {
      const { endpoint, deployment } = node;
      const item = new vscode.TreeItem(deployment.name, vscode.TreeItemCollapsibleState.None);
      item.id = `deployment:${endpoint.backend}:${endpoint.kind}:${endpoint.name}:${deployment.name}`;
      item.iconPath = STATE_ICONS[deployment.state];
      const traffic = endpoint.traffic[deployment.name];
      const size = deployment.instanceType ? `${deployment.instanceType}${deployment.instanceCount ? ` × ${deployment.instanceCount}` : ''}` : undefined;
      item.description = [deployment.state, traffic !== undefined ? `${traffic}%` : undefined, size].filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString([`**${escapeMarkdown(deployment.name)}**`, '', `Model: ${escapeMarkdown(deployment.model ?? 'unknown')}`, `State: ${deployment.state}`].join('  \n'));
      item.contextValue = `deployment.${endpoint.kind}`;
      return item;
    }
    const { endpoint } = node;
    const item = new vscode.TreeItem(endpoint.name, endpoint.deployments.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `endpoint:${endpoint.backend}:${endpoint.kind}:${endpoint.name}`;
    item.iconPath = STATE_ICONS[endpoint.state];
    const traffic = Object.entries(endpoint.traffic)
      .filter(([, percent]) => percent > 0)
      .map(([name, percent]) => `${name} ${percent}%`)
      .join(', ');
    item.description = [endpoint.kind === 'online' ? 'real-time' : 'batch', endpoint.state, traffic].filter(Boolean).join(' · ');
    const lines = [`**${escapeMarkdown(endpoint.name)}**`, '', `Kind: ${endpoint.kind}`, `State: ${endpoint.state}`];
    if (endpoint.scoringUri) lines.push(`Scoring URI: ${escapeMarkdown(endpoint.scoringUri)}`);
    if (endpoint.error) lines.push(`Error: ${escapeMarkdown(endpoint.error)}`);
    item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
    // `endpoint.<kind>.<state>`: the menus' when clauses pick the actions each accepts.
    item.contextValue = `endpoint.${endpoint.kind}.${endpoint.state}`;
    return item;
  }
}
