// jsdom lays nothing out: give every virtualised grid's scroll box (class "preview") a real
// viewport's size, so its virtualisers have rows and columns to show. Call it in beforeEach;
// vi.restoreAllMocks() undoes it.
import { vi } from 'vitest';

export function giveGridsAViewport(height: number, width = 1000) {
  const sized = (size: number) =>
    function (this: HTMLElement) {
      return this.classList.contains('preview') ? size : 0;
    };
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(sized(height));
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(sized(width));
}
