// A file dropped where nothing takes it would make the browser leave the app to show the file.
// Drops that a drop zone handles call preventDefault themselves; this stops the rest.
export function preventFileDropNavigation(target: Window = window) {
  const stop = (event: DragEvent) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  };
  target.addEventListener('dragover', stop);
  target.addEventListener('drop', stop);
}
