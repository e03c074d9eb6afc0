// A read that every call needing it shares while it is in flight: the calls of one refresh (the project
// for the tree, the project for the MR lookup) cost one request. Once it settles it is forgotten, so the
// next refresh reads again and a project that moved, or now fails, shows at once.
export class SharedReads<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = load();
    const settled = (): void => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    };
    started.then(settled, settled);
    this.inFlight.set(key, started);
    return started;
  }
}
