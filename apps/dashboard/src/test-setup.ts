// jsdom has neither ResizeObserver nor canvas (toolchain pitfall 5). A no-op ResizeObserver is
// enough for vue-echarts' autoresize; the charts render as SVG, and ECharts only needs a 2D
// context to measure text, which an estimate per character stands in for.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', { value: ResizeObserverStub, writable: true });
}

if (typeof HTMLCanvasElement !== 'undefined') {
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value(this: HTMLCanvasElement) {
      const ctx = {
        font: '12px sans-serif',
        measureText(text: string) {
          const size = Number(/(\d+(?:\.\d+)?)px/.exec(ctx.font)?.[1] ?? 12);
          return { width: text.length * size * 0.6 };
        },
      };
      return ctx;
    },
  });
}
