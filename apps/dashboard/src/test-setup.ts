// jsdom has neither ResizeObserver nor canvas (toolchain pitfall 5): a no-op ResizeObserver is
// enough for vue-echarts' autoresize; charts use the SVG renderer.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', { value: ResizeObserverStub, writable: true });
}
