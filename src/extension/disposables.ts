/** Something to release when its owner goes away (a VS Code disposable, or a backend's listener). */
export interface DisposableLike {
  dispose(): unknown;
}

/**
 * The disposables an object owns, registered as they are made and released together, in reverse order, once
 * (after vscode-pull-request-github's `Disposable._register`).
 */
export class DisposableStore {
  private readonly items: DisposableLike[] = [];
  private disposed = false;

  add<T extends DisposableLike>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) item.dispose();
  }
}
