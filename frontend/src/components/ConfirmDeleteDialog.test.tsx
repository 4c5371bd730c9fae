import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConflictError } from '../api/errors';
import { renderWithProviders } from '../test/render';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';

function renderDialog(remove: () => Promise<unknown>) {
  const onClose = vi.fn();
  const onDeleted = vi.fn();
  renderWithProviders(
    <ConfirmDeleteDialog
      title="Delete “sales”?"
      body="This cannot be undone."
      confirmLabel="Delete it"
      remove={remove}
      onClose={onClose}
      onDeleted={onDeleted}
    />,
  );
  return { onClose, onDeleted };
}

describe('ConfirmDeleteDialog', () => {
  it('asks, and Cancel closes without deleting', async () => {
    const user = userEvent.setup();
    const remove = vi.fn(async () => undefined);
    const { onClose, onDeleted } = renderDialog(remove);
    const dialog = await screen.findByRole('dialog', { name: 'Delete “sales”?' });
    expect(within(dialog).getByText('This cannot be undone.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledOnce();
    expect(remove).not.toHaveBeenCalled();
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it('deletes on confirmation, with the button disabled meanwhile', async () => {
    const user = userEvent.setup();
    let finish = () => {};
    const remove = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { onDeleted } = renderDialog(remove);
    const confirm = await screen.findByRole('button', { name: 'Delete it' });
    await user.click(confirm);
    expect(remove).toHaveBeenCalledOnce();
    expect(confirm).toBeDisabled();
    finish();
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalledOnce());
  });

  it('keeps a failure in the dialog', async () => {
    const user = userEvent.setup();
    const remove = vi.fn(async () => {
      throw new ConflictError({
        kind: 'conflict',
        status: 409,
        code: 'conflict',
        message: 'version 3 is not the current one',
      });
    });
    const { onDeleted } = renderDialog(remove);
    await user.click(await screen.findByRole('button', { name: 'Delete it' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “sales”?' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'version 3 is not the current one',
    );
    expect(onDeleted).not.toHaveBeenCalled();
    expect(within(dialog).getByRole('button', { name: 'Delete it' })).toBeEnabled();
  });
});
