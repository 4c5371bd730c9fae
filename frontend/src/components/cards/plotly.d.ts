// The part of plotly.js-dist-min the app calls (the package ships no types).
declare module 'plotly.js-dist-min' {
  type Data = Record<string, unknown>[];
  type Layout = Record<string, unknown>;
  interface Plotly {
    react(
      root: HTMLElement,
      data: Data,
      layout?: Layout,
      config?: Record<string, unknown>,
    ): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
  }
  const plotly: Plotly;
  export default plotly;
  export const react: Plotly['react'];
  export const purge: Plotly['purge'];
}
