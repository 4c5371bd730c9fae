import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog';

function renderDialog(props: { busy?: boolean; onClose?: () => void } = {}) {
  const onClose = props.onClose ?? vi.fn();
  render(
    <>
      <button type="button">behind</button>
      <Dialog
        title="Title"
        onClose={onClose}
        busy={props.busy}
        footer={<button type="button">OK</button>}
      >
        <input aria-label="first" />
      </Dialog>
    </>,
  );
  return onClose;
}

describe('Dialog', () => {
  it('is a labelled modal that takes the focus', () => {
    renderDialog();
    expect(screen.getByRole('dialog', { name: 'Title' })).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByLabelText('first')).toHaveFocus();
  });

  it('keeps Tab inside', () => {
    renderDialog();
    // jsdom has no default Tab behaviour: at the edges the dialog moves the focus itself.
    const ok = screen.getByRole('button', { name: 'OK' });
    ok.focus();
    fireEvent.keyDown(ok, { key: 'Tab' });
    expect(screen.getByLabelText('first')).toHaveFocus();
    fireEvent.keyDown(screen.getByLabelText('first'), { key: 'Tab', shiftKey: true });
    expect(ok).toHaveFocus();
    screen.getByRole('button', { name: 'behind' }).focus();
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(screen.getByLabelText('first')).toHaveFocus();
  });

  it('closes on Escape, except while busy', async () => {
    const user = userEvent.setup();
    const onClose = renderDialog();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('stays open on Escape while busy', async () => {
    const user = userEvent.setup();
    const onClose = renderDialog({ busy: true });
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
  });
});
